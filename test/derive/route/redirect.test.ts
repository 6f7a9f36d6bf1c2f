// ApplyRedirect and ApplyDirectResponse: every field, response codes, derivePort and default ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpRoutes } from '../../../src/derive/route/buildRoutes.js';
import { context, load, virtualService, vsYaml } from './helpers.js';

interface Case {
  name: string;
  redirect: string;
  port?: number;
  isTls?: boolean;
  /** Expected `redirect` JSON (exact key order), or undefined when the route gets no action. */
  want: string | undefined;
  allowErrors?: boolean;
}

const cases: Case[] = [
  { name: 'uri only, 301 omitted', redirect: '{uri: /new}', want: '{"pathRedirect":"/new"}' },
  { name: 'empty pathRedirect is still printed', redirect: '{authority: b.com}', want: '{"hostRedirect":"b.com","pathRedirect":""}' },
  { name: 'explicit 301 omitted', redirect: '{uri: /x, redirectCode: 301}', want: '{"pathRedirect":"/x"}' },
  { name: '302 → FOUND', redirect: '{uri: /x, redirectCode: 302}', want: '{"pathRedirect":"/x","responseCode":"FOUND"}' },
  { name: '303 → SEE_OTHER', redirect: '{uri: /x, redirectCode: 303}', want: '{"pathRedirect":"/x","responseCode":"SEE_OTHER"}' },
  { name: '307 → TEMPORARY_REDIRECT', redirect: '{uri: /x, redirectCode: 307}', want: '{"pathRedirect":"/x","responseCode":"TEMPORARY_REDIRECT"}' },
  { name: '308 → PERMANENT_REDIRECT', redirect: '{uri: /x, redirectCode: 308}', want: '{"pathRedirect":"/x","responseCode":"PERMANENT_REDIRECT"}' },
  { name: 'unsupported code → no action', redirect: '{uri: /x, redirectCode: 304}', want: undefined, allowErrors: true },
  {
    name: 'all fields in proto order',
    redirect: '{uri: /p, authority: b.com, scheme: https, port: 8443, redirectCode: 308}',
    want: '{"schemeRedirect":"https","hostRedirect":"b.com","portRedirect":8443,"pathRedirect":"/p","responseCode":"PERMANENT_REDIRECT"}',
  },
  { name: 'prefixRewrite replaces pathRedirect', redirect: '{prefixRewrite: /v2/}', want: '{"prefixRewrite":"/v2/"}' },
  { name: 'port 80 with http is dropped', redirect: '{uri: /x, port: 80}', want: '{"pathRedirect":"/x"}' },
  { name: 'port 443 with scheme https is dropped', redirect: '{uri: /x, scheme: https, port: 443}', want: '{"schemeRedirect":"https","pathRedirect":"/x"}' },
  { name: 'port 443 on a TLS server (scheme defaults to https) is dropped', redirect: '{uri: /x, port: 443}', isTls: true, want: '{"pathRedirect":"/x"}' },
  { name: 'port 443 over plain http is kept', redirect: '{uri: /x, port: 443}', want: '{"portRedirect":443,"pathRedirect":"/x"}' },
  { name: 'derivePort FROM_REQUEST_PORT uses the Gateway port', redirect: '{uri: /x, derivePort: FROM_REQUEST_PORT}', port: 8000, want: '{"portRedirect":8000,"pathRedirect":"/x"}' },
  { name: 'derivePort FROM_REQUEST_PORT on 80 is dropped', redirect: '{uri: /x, derivePort: FROM_REQUEST_PORT}', port: 80, want: '{"pathRedirect":"/x"}' },
  { name: 'derivePort FROM_PROTOCOL_DEFAULT sets no port', redirect: '{uri: /x, derivePort: FROM_PROTOCOL_DEFAULT}', port: 8000, want: '{"pathRedirect":"/x"}' },
];

for (const c of cases) {
  test(`redirect: ${c.name}`, () => {
    const index = load(vsYaml(`hosts: [a.com]\nhttp:\n- redirect: ${c.redirect}`), c.allowErrors);
    const ctx = context(index, { port: c.port ?? 80, isTls: c.isTls ?? false });
    const [route] = buildHttpRoutes(virtualService(index, 'vs'), ctx).routes;
    assert.ok(route);
    assert.equal(route.redirect === undefined ? undefined : JSON.stringify(route.redirect), c.want);
    assert.equal(route.route, undefined);
    assert.equal(route.decorator?.operation, `vs:${c.port ?? 80}/*`);
  });
}

test('redirect: whole route key order (no route action, metadata and decorator follow)', () => {
  const index = load(vsYaml('hosts: [a.com]\nhttp:\n- name: r\n  match: [{uri: {exact: /old}}]\n  redirect: {uri: /new}'));
  const [route] = buildHttpRoutes(virtualService(index, 'vs'), context(index)).routes;
  assert.equal(
    JSON.stringify(route),
    '{"name":"r","match":{"path":"/old","caseSensitive":true},"redirect":{"pathRedirect":"/new"},"metadata":{"filterMetadata":{"istio":{"config":"/apis/networking.istio.io/v1/namespaces/default/virtual-service/vs"}}},"decorator":{"operation":"vs:80/old"}}',
  );
});

const direct: [string, string, string][] = [
  ['string body', '{status: 503, body: {string: "down <b>"}}', '{"status":503,"body":{"inlineString":"down <b>"}}'],
  ['bytes body re-encoded as padded base64', '{status: 200, body: {bytes: "aGk"}}', '{"status":200,"body":{"inlineBytes":"aGk="}}'],
  ['no body', '{status: 404}', '{"status":404}'],
];
for (const [name, dr, want] of direct) {
  test(`directResponse: ${name}`, () => {
    const index = load(vsYaml(`hosts: [a.com]\nhttp:\n- directResponse: ${dr}`));
    const [route] = buildHttpRoutes(virtualService(index, 'vs'), context(index)).routes;
    assert.equal(JSON.stringify(route?.directResponse), want);
    assert.equal(route?.decorator?.operation, 'vs:80/*');
  });
}
