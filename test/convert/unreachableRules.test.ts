// GW0511 (a rule every match of which an earlier rule covers) compares each entry only with the
// earlier entries whose path can cover it. Checked here against the plain scan of every earlier
// entry, on seeded random HTTPRoutes sharing one Gateway host: same rules reported, same shadow,
// both in istiod's precedence order (end to end, as findings) and shuffled (where prefixes on a
// segment boundary and catch-alls come first, which precedence order never puts there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSources } from '../../src/app/load.js';
import { convertGatewayApi } from '../../src/convert/gatewayApi/index.js';
import type { DerivedVirtualService } from '../../src/convert/gatewayApi/routeOrigins.js';
import { unreachableRules } from '../../src/convert/gatewayApi/unreachableRules.js';
import type { HttpRoute } from '../../src/schema/kinds/virtualService.js';
import { mulberry32 as rng } from '../../bench/prng.js';

/** The reference: every earlier entry, as the check read before it was indexed. */
function naiveShadows(d: DerivedVirtualService): string[] {
  const http = d.vs.spec.http ?? [];
  const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);
  const pathCovers = (a: HttpRoute, b: HttpRoute): boolean => {
    const ua = a.match?.[0]?.uri;
    const ub = b.match?.[0]?.uri;
    if (!ua || ua.prefix === '/') return true;
    if (!ub) return false;
    if (same(ua, ub)) return true;
    const v = ub.prefix ?? ub.exact;
    return ua.prefix !== undefined && v !== undefined && (v === ua.prefix || v.startsWith(`${ua.prefix}/`));
  };
  const mapCovers = (a: Record<string, unknown> = {}, b: Record<string, unknown> = {}): boolean => Object.entries(a).every(([k, v]) => Object.hasOwn(b, k) && same(b[k], v));
  const covers = (a: HttpRoute, b: HttpRoute): boolean => {
    const ma = a.match?.[0];
    const mb = b.match?.[0];
    if (!ma) return true;
    if (!pathCovers(a, b)) return false;
    if (ma.method && !same(ma.method, mb?.method)) return false;
    if (ma.port !== undefined && ma.port !== mb?.port) return false;
    return mapCovers(ma.headers, mb?.headers) && mapCovers(ma.queryParams, mb?.queryParams);
  };
  const rules = new Map<string, (string | undefined)[]>();
  http.forEach((r, j) => {
    const o = d.origins[j];
    if (!o) return;
    let shadow: string | undefined;
    for (let i = 0; i < j && shadow === undefined; i++) {
      const e = http[i];
      const eo = d.origins[i];
      if (e && eo && !(eo.route === o.route && eo.rule === o.rule) && covers(e, r)) shadow = `${eo.route.name}#${eo.rule}`;
    }
    const key = `${o.route.name}#${o.rule}`;
    rules.set(key, [...(rules.get(key) ?? []), shadow]);
  });
  return [...rules].flatMap(([k, s]) => (s.length > 0 && s.every((x) => x !== undefined) ? [`${k} by ${s[0] ?? ''}`] : []));
}

const PATHS = ['/', '/api', '/api/', '/api/v1', '/api/v1/users', '/apiv2', '/web', '/web/static', '/a/b/c', ''];

function routesYaml(seed: number, count: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const docs = [
    `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP, hostname: shop.example.com}]`,
    `apiVersion: v1
kind: Service
metadata: {name: svc, namespace: default}
spec: {ports: [{port: 80}]}`,
  ];
  for (let n = 0; n < count; n++) {
    const rules: string[] = [];
    for (let k = 0, rulesN = 1 + Math.floor(r() * 3); k < rulesN; k++) {
      const matches: string[] = [];
      for (let m = 0, matchesN = Math.floor(r() * 3); m < matchesN; m++) {
        const parts: string[] = [];
        const p = r();
        const value = pick(PATHS);
        if (p < 0.45 && value !== '') parts.push(`path: {type: PathPrefix, value: "${value}"}`);
        else if (p < 0.75 && value !== '') parts.push(`path: {type: Exact, value: "${value}"}`);
        else if (p < 0.8) parts.push(`path: {type: RegularExpression, value: "/api/.*"}`);
        if (r() < 0.25) parts.push(`method: ${pick(['GET', 'POST'])}`);
        const h = r();
        // Five headers: more conditions than are looked up by subset (that entry scans its path's list).
        if (h < 0.15) parts.push(`headers: [${['a', 'b', 'c', 'd', 'e'].map((n) => `{name: x-${n}, value: "1"}`).join(', ')}]`);
        else if (h < 0.4) parts.push(`headers: [{name: x-${pick(['a', 'b'])}, value: "1"}]`);
        matches.push(`{${parts.join(', ')}}`);
      }
      rules.push(`  - ${matches.length > 0 ? `matches: [${matches.join(', ')}]\n    ` : ''}backendRefs: [{name: svc, port: 80}]`);
    }
    docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r${n}, namespace: default, creationTimestamp: "2024-01-01T00:00:${String(n % 60).padStart(2, '0')}Z"}
spec:
  parentRefs: [{name: gw}]
  hostnames: [shop.example.com]
  rules:
${rules.join('\n')}`);
  }
  return docs.join('\n---\n');
}

test('GW0511: the indexed check reports what a scan of every earlier entry reports, with the same shadowing rule', () => {
  let reported = 0;
  let shuffledReported = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const model = loadSources([{ name: 'routes.yaml', bytes: Buffer.from(routesYaml(seed, 12)) }], { overlays: [] });
    assert.deepEqual(model.findings.map((f) => f.code), [], `seed ${seed}: the generated input is valid`);
    const conv = convertGatewayApi(model.inputs, { crdDefaults: true });
    const expected = conv.virtualServices.filter((d) => d.parent.internalName !== 'mesh').flatMap(naiveShadows).sort();
    const got = conv.findings
      .filter((f) => f.code === 'GW0511')
      .map((f) => {
        const a = f.args as { route: { name: string }; rule: number; shadowedBy: { name: string }; shadowRule: number };
        return `${a.route.name}#${a.rule} by ${a.shadowedBy.name}#${a.shadowRule}`;
      })
      .sort();
    assert.deepEqual(got, expected, `seed ${seed}`);
    reported += got.length;
    // The same entries in a random order.
    const r = rng(seed * 7919);
    for (const d of conv.virtualServices) {
      const order = (d.vs.spec.http ?? []).map((_, i) => ({ i, k: r() })).sort((a, b) => a.k - b.k).map((x) => x.i);
      const http = order.flatMap((i) => d.vs.spec.http?.[i] ?? []);
      const origins = order.flatMap((i) => d.origins[i] ?? []);
      const shuffled: DerivedVirtualService = { ...d, vs: { ...d.vs, spec: { ...d.vs.spec, http } }, origins };
      const indexed = unreachableRules(shuffled).flatMap((n) => (n.code === 'unreachable' ? [`${n.route.name}#${n.rule} by ${n.shadowedBy.name}#${n.shadowRule}`] : [])).sort();
      assert.deepEqual(indexed, naiveShadows(shuffled).sort(), `seed ${seed}, shuffled`);
      shuffledReported += indexed.length;
    }
  }
  assert.ok(shuffledReported > 40, `only ${shuffledReported} shadowed rules in shuffled order`);
  // The generator must produce shadowed rules, or the comparison proves nothing.
  assert.ok(reported > 20, `only ${reported} GW0511 over all seeds`);
});

test('GW0511: the earliest covering entry is named when a catch-all and an equal path both cover', () => {
  const route = (name: string, match: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: default}
spec:
  parentRefs: [{name: gw}]
  hostnames: [shop.example.com]
  rules: [{matches: [${match}], backendRefs: [{name: svc, port: 80}]}]`;
  const yaml = [routesYaml(1, 0), route('all', '{path: {type: PathPrefix, value: /}}'), route('api1', '{path: {type: Exact, value: /api}}'), route('api2', '{path: {type: Exact, value: /api}}')].join('\n---\n');
  const conv = convertGatewayApi(loadSources([{ name: 'r.yaml', bytes: Buffer.from(yaml) }], { overlays: [] }).inputs, { crdDefaults: true });
  const d = conv.virtualServices.find((v) => v.parent.internalName !== 'mesh');
  assert.ok(d);
  const names = (x: DerivedVirtualService): string[] => x.origins.map((o) => o.route.name);
  // Precedence order: the exact paths first, so only the second one is shadowed (by the first).
  assert.deepEqual(names(d), ['api1', 'api2', 'all']);
  const text = (x: DerivedVirtualService): string[] => unreachableRules(x).flatMap((n) => (n.code === 'unreachable' ? [`${n.route.name} by ${n.shadowedBy.name}`] : []));
  assert.deepEqual(text(d), ['api2 by api1']);
  // The catch-all first: it shadows both, and is named for api2 although api1 also covers it.
  const order = [2, 0, 1];
  const http = order.flatMap((i) => d.vs.spec.http?.[i] ?? []);
  const reordered: DerivedVirtualService = { ...d, vs: { ...d.vs, spec: { ...d.vs.spec, http } }, origins: order.flatMap((i) => d.origins[i] ?? []) };
  assert.deepEqual(text(reordered), ['api1 by all', 'api2 by all']);
});
