// TranslateRouteMatch: path specifiers, caseSensitive, header/query ordering, presence, claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpRoutes } from '../../../src/derive/route/buildRoutes.js';
import { context, json, load, virtualService, vsYaml } from './helpers.js';

interface Case {
  name: string;
  /** The `http[0]` rule's `match` YAML (flow style) or undefined for no match. */
  match?: string;
  want: unknown;
  /** The webhook would reject it (istiod still translates it this way). */
  allowErrors?: boolean;
}

const D = 'route: [{destination: {host: svc}}]';
const cases: Case[] = [
  { name: 'no match: prefix / without caseSensitive', want: { prefix: '/' } },
  { name: 'explicit prefix / has caseSensitive', match: '[{uri: {prefix: /}}]', want: { prefix: '/', caseSensitive: true } },
  { name: 'empty match entry defaults to prefix /', match: '[{}]', want: { prefix: '/', caseSensitive: true } },
  { name: 'uri exact → path', match: '[{uri: {exact: /a}}]', want: { path: '/a', caseSensitive: true } },
  { name: 'uri prefix is a plain prefix', match: '[{uri: {prefix: /api/}}]', want: { prefix: '/api/', caseSensitive: true } },
  { name: 'uri regex → safeRegex', match: '[{uri: {regex: "/v[0-9]+/.*"}}]', want: { safeRegex: { regex: '/v[0-9]+/.*' }, caseSensitive: true } },
  { name: 'ignoreUriCase → caseSensitive false', match: '[{uri: {prefix: /A}, ignoreUriCase: true}]', want: { prefix: '/A', caseSensitive: false } },
  {
    name: 'headers sorted by name, then :method :authority :scheme',
    match: '[{scheme: {exact: https}, authority: {exact: a.com}, method: {exact: GET}, headers: {zeta: {exact: z}, alpha: {prefix: a}, mid: {regex: "m.*"}}}]',
    want: {
      prefix: '/',
      caseSensitive: true,
      headers: [
        { name: 'alpha', stringMatch: { prefix: 'a' } },
        { name: 'mid', stringMatch: { safeRegex: { regex: 'm.*' } } },
        { name: 'zeta', stringMatch: { exact: 'z' } },
        { name: ':method', stringMatch: { exact: 'GET' } },
        { name: ':authority', stringMatch: { exact: 'a.com' } },
        { name: ':scheme', stringMatch: { exact: 'https' } },
      ],
    },
  },
  {
    name: 'presence: empty match and regex * become presentMatch',
    match: '[{headers: {b: {regex: "*"}, a: {}}}]',
    allowErrors: true,
    want: { prefix: '/', caseSensitive: true, headers: [{ name: 'a', presentMatch: true }, { name: 'b', presentMatch: true }] },
  },
  {
    name: 'withoutHeaders: invertMatch, treatMissingHeaderAsEmpty unless presence; merged into the name order',
    match: '[{headers: {m: {exact: x}}, withoutHeaders: {z: {exact: bad}, a: {}}}]',
    want: {
      prefix: '/',
      caseSensitive: true,
      headers: [
        { name: 'a', presentMatch: true, invertMatch: true },
        { name: 'm', stringMatch: { exact: 'x' } },
        { name: 'z', stringMatch: { exact: 'bad' }, invertMatch: true, treatMissingHeaderAsEmpty: true },
      ],
    },
  },
  {
    name: 'queryParams sorted by name, presence allowed',
    match: '[{queryParams: {v: {exact: "1"}, debug: {regex: "*"}, a: {prefix: x}}}]',
    allowErrors: true,
    want: {
      prefix: '/',
      caseSensitive: true,
      queryParameters: [
        { name: 'a', stringMatch: { prefix: 'x' } },
        { name: 'debug', presentMatch: true },
        { name: 'v', stringMatch: { exact: '1' } },
      ],
    },
  },
  {
    name: '@request.auth.claims → dynamicMetadata (dot and bracket forms, inverted)',
    match: '[{headers: {"@request.auth.claims.group": {exact: admin}}, withoutHeaders: {"@request.auth.claims[a][b]": {prefix: x}}}]',
    want: {
      prefix: '/',
      caseSensitive: true,
      dynamicMetadata: [
        {
          filter: 'envoy.filters.http.jwt_authn',
          path: [{ key: 'payload' }, { key: 'group' }],
          value: { orMatch: { valueMatchers: [{ listMatch: { oneOf: { stringMatch: { exact: 'admin' } } } }, { stringMatch: { exact: 'admin' } }] } },
        },
        {
          filter: 'envoy.filters.http.jwt_authn',
          path: [{ key: 'payload' }, { key: 'a' }, { key: 'b' }],
          value: { orMatch: { valueMatchers: [{ listMatch: { oneOf: { stringMatch: { prefix: 'x' } } } }, { stringMatch: { prefix: 'x' } }] } },
          invert: true,
        },
      ],
    },
  },
  {
    name: 'a bare @request.auth.claims key stays a header',
    match: '[{headers: {"@request.auth.claims": {exact: x}}}]',
    allowErrors: true,
    want: { prefix: '/', caseSensitive: true, headers: [{ name: '@request.auth.claims', stringMatch: { exact: 'x' } }] },
  },
];

for (const c of cases) {
  test(`match: ${c.name}`, () => {
    // Bound to a gateway: JWT-claim routing is only valid there.
    const spec = `hosts: [a.com]\ngateways: [gw]\nhttp:\n- ${c.match ? `match: ${c.match}\n  ` : ''}${D}`;
    const index = load(vsYaml(spec), c.allowErrors);
    const { routes } = buildHttpRoutes(virtualService(index, 'vs'), context(index));
    assert.deepEqual(json(routes[0]?.match), c.want);
  });
}

test('match: key order of RouteMatch and HeaderMatcher is proto order', () => {
  const spec = 'hosts: [a.com]\nhttp:\n- match: [{queryParams: {q: {}}, withoutHeaders: {h: {exact: v}}, uri: {exact: /x}, ignoreUriCase: true}]\n  ' + D;
  const index = load(vsYaml(spec));
  const [route] = buildHttpRoutes(virtualService(index, 'vs'), context(index)).routes;
  assert.equal(
    JSON.stringify(route?.match),
    '{"path":"/x","caseSensitive":false,"headers":[{"name":"h","stringMatch":{"exact":"v"},"invertMatch":true,"treatMissingHeaderAsEmpty":true}],"queryParameters":[{"name":"q","presentMatch":true}]}',
  );
});
