// BuildHTTPRoutesForVirtualService: per-match filtering, catch-all truncation, names, provenance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpRoutes } from '../../../src/derive/route/buildRoutes.js';
import type { FilteredRule } from '../../../src/derive/proxyConfig.js';
import { context, json, load, virtualService, vsYaml, type CtxOptions } from './helpers.js';

interface Case {
  name: string;
  /** The VS spec after `hosts: [a.com]` and `gateways: [gw, mesh]`. */
  http: string;
  ctx?: CtxOptions;
  /** [route name or '', match path] per built route, in order. */
  routes: [string, string][];
  filtered: Omit<FilteredRule, 'detail'>[];
  /** Origins (rule, match) per built route. */
  origins?: [number, number | undefined][];
}

const R = 'route: [{destination: {host: svc}}]';
const pathOf = (m: { prefix?: string; path?: string; safeRegex?: { regex: string } }): string => m.prefix ?? m.path ?? m.safeRegex?.regex ?? '?';

const cases: Case[] = [
  {
    name: 'match.port is the Gateway server port: 80 kept, 8080 (the container port) dropped',
    http: `- name: r\n  match: [{name: a, port: 80, uri: {prefix: /a}}, {name: b, port: 8080, uri: {prefix: /b}}]\n  ${R}`,
    ctx: { port: 80 },
    routes: [['r.a', '/a']],
    filtered: [{ rule: 0, match: 1, why: 'port' }],
    origins: [[0, 0]],
  },
  {
    name: 'on the server port 8080 the other match survives',
    http: `- name: r\n  match: [{name: a, port: 80, uri: {prefix: /a}}, {name: b, port: 8080, uri: {prefix: /b}}]\n  ${R}`,
    ctx: { port: 8080 },
    routes: [['r.b', '/b']],
    filtered: [{ rule: 0, match: 0, why: 'port' }],
    origins: [[0, 1]],
  },
  {
    name: 'match.gateways (short names resolved in the VS namespace) replace the source checks',
    http: `- match: [{gateways: [gw], sourceLabels: {app: nope}, uri: {prefix: /g}}, {gateways: [mesh], uri: {prefix: /m}}, {gateways: [other/gw], uri: {prefix: /o}}]\n  ${R}`,
    routes: [['', '/g']],
    filtered: [
      { rule: 0, match: 1, why: 'gateways' },
      { rule: 0, match: 2, why: 'gateways' },
    ],
  },
  {
    name: 'the mesh gateway name on sidecars',
    http: `- match: [{gateways: [gw], uri: {prefix: /g}}, {gateways: [mesh], uri: {prefix: /m}}]\n  ${R}`,
    ctx: { gatewayName: 'mesh' },
    routes: [['', '/m']],
    filtered: [{ rule: 0, match: 0, why: 'gateways' }],
  },
  {
    name: 'sourceLabels must be a subset of the proxy labels; sourceNamespace must equal the proxy namespace',
    http: `- match: [{sourceLabels: {istio: ingressgateway}, uri: {prefix: /ok}}, {sourceLabels: {app: web}, uri: {prefix: /lbl}}, {sourceNamespace: other, uri: {prefix: /ns}}, {sourceNamespace: istio-system, uri: {prefix: /ns-ok}}]\n  ${R}`,
    routes: [
      ['', '/ok'],
      ['', '/ns-ok'],
    ],
    filtered: [
      { rule: 0, match: 1, why: 'sourceLabels' },
      { rule: 0, match: 2, why: 'sourceNamespace' },
    ],
  },
  {
    name: 'a rule without match stops processing (later rules reported)',
    http: `- name: first\n  match: [{uri: {prefix: /a}}]\n  ${R}\n- name: all\n  ${R}\n- name: never\n  match: [{uri: {prefix: /b}}]\n  ${R}`,
    routes: [
      ['first', '/a'],
      ['all', '/'],
    ],
    filtered: [{ rule: 2, why: 'after-catch-all' }],
    origins: [
      [0, 0],
      [1, undefined],
    ],
  },
  {
    name: 'a catch-all match drops the rest of its rule and all later rules',
    http: `- match: [{uri: {prefix: /x}}, {uri: {regex: ".*"}}, {uri: {prefix: /y}}]\n  ${R}\n- match: [{uri: {prefix: /z}}]\n  ${R}`,
    routes: [
      ['', '/x'],
      ['', '.*'],
    ],
    filtered: [
      { rule: 0, match: 2, why: 'after-catch-all' },
      { rule: 1, why: 'after-catch-all' },
    ],
  },
  {
    name: 'prefix / with a header matcher is not a catch-all',
    http: `- match: [{uri: {prefix: /}, headers: {x: {exact: "1"}}}]\n  ${R}\n- match: [{uri: {prefix: /}}]\n  ${R}\n- match: [{uri: {prefix: /late}}]\n  ${R}`,
    routes: [
      ['', '/'],
      ['', '/'],
    ],
    filtered: [{ rule: 2, why: 'after-catch-all' }],
  },
  {
    name: 'a filtered catch-all does not truncate',
    http: `- match: [{port: 9999, uri: {prefix: /}}]\n  ${R}\n- match: [{uri: {prefix: /after}}]\n  ${R}`,
    routes: [['', '/after']],
    filtered: [{ rule: 0, match: 0, why: 'port' }],
  },
  {
    name: 'unnamed rule with a named match gives ".name"',
    http: `- match: [{name: m, uri: {exact: /e}}]\n  ${R}`,
    routes: [['.m', '/e']],
    filtered: [],
  },
  {
    name: 'everything filtered → no routes (the VS is dropped for this port)',
    http: `- match: [{port: 8443}]\n  ${R}`,
    routes: [],
    filtered: [{ rule: 0, match: 0, why: 'port' }],
  },
];

for (const c of cases) {
  test(`buildHttpRoutes: ${c.name}`, () => {
    const index = load(vsYaml(`hosts: [a.com]\ngateways: [gw, mesh]\nhttp:\n${c.http}`));
    const res = buildHttpRoutes(virtualService(index, 'vs'), context(index, c.ctx));
    assert.deepEqual(
      res.routes.map((r) => [r.name ?? '', pathOf(r.match)]),
      c.routes,
    );
    assert.deepEqual(
      res.filtered.map(({ detail: _d, ...f }) => f),
      c.filtered,
    );
    for (const f of res.filtered) if (f.why !== 'after-catch-all') assert.ok(f.detail, 'filter reasons carry a detail');
    if (c.origins) {
      assert.deepEqual(
        res.routes.map((r) => {
          const o = res.origins.get(r);
          return [o?.rule, o?.match];
        }),
        c.origins,
      );
    }
  });
}

test('buildHttpRoutes: statPrefix is the last route key', () => {
  const index = load(vsYaml(`hosts: [a.com]\nhttp:\n- match: [{uri: {prefix: /s}, statPrefix: my-stats}]\n  retries: {attempts: 0}\n  ${R}`));
  const [route] = buildHttpRoutes(virtualService(index, 'vs'), context(index)).routes;
  assert.deepEqual(Object.keys(json(route) as object), ['match', 'route', 'metadata', 'decorator', 'statPrefix']);
  assert.equal(route?.statPrefix, 'my-stats');
});

test('buildHttpRoutes: the detail of a port filter names both ports', () => {
  const index = load(vsYaml(`hosts: [a.com]\nhttp:\n- match: [{port: 8080}]\n  ${R}`));
  const { filtered } = buildHttpRoutes(virtualService(index, 'vs'), context(index, { port: 80 }));
  assert.match(filtered[0]?.detail ?? '', /8080.*80/);
});
