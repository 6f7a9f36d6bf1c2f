// The gateway's service registry describes a host's services when the host is first asked for, and,
// once a quarter of the hosts were asked for one by one (describeAllAfter), all the others in one
// loop: every answer, before and after that, is the host's services in registry order, each service
// always the same object (the one `all` lists too).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSources } from '../../../src/app/load.js';
import { describeAllAfter, serviceRegistry, type MeshService } from '../../../src/derive/gateway/services.js';

const SERVICES = 300;
const nsOf = (i: number): string => `ns-${i % 7}`;

function mesh(): string {
  const docs: string[] = [];
  for (let i = 0; i < SERVICES; i++) {
    // A distinct port list per service (i + 1 ports from 1000 + i), so that a service given for another host shows.
    const ports = Array.from({ length: (i % 3) + 1 }, (_, j) => `{name: p${j}, port: ${1000 + i + j}}`).join(', ');
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ${nsOf(i)}}\nspec:\n  ports: [${ports}]`);
  }
  // A ServiceEntry sharing the host of s5 (registry order: Services, then ServiceEntry hosts), and one of its own.
  docs.push(`apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se, namespace: ns-9}\nspec:\n  hosts: [s5.${nsOf(5)}.svc.cluster.local, only.example.com]\n  ports: [{number: 443, name: tls, protocol: TLS}]\n  resolution: DNS`);
  return docs.join('\n---\n');
}

const summary = (list: readonly MeshService[] | undefined): string[] | undefined => list?.map((s) => `${s.namespace} ${s.hostname} ${s.ports.map((p) => p.port).join(',')}`);

function expected(host: string): string[] | undefined {
  if (host === 'only.example.com') return ['ns-9 only.example.com 443'];
  const m = /^s(\d+)\.(ns-\d)\.svc\.cluster\.local$/.exec(host);
  if (!m) return undefined;
  const i = Number(m[1]);
  if (i >= SERVICES || m[2] !== nsOf(i)) return undefined;
  const own = `${nsOf(i)} ${host} ${Array.from({ length: (i % 3) + 1 }, (_, j) => 1000 + i + j).join(',')}`;
  return i === 5 ? [own, `ns-9 ${host} 443`] : [own];
}

test('service registry: the same services for every host, described one by one and then all at once', () => {
  const ws = loadSources([{ name: 'in.yaml', bytes: new TextEncoder().encode(mesh()) }]);
  assert.deepEqual(ws.findings.filter((f) => f.level === 'error'), []);
  const reg = serviceRegistry(ws.config);
  const hosts = SERVICES + 1; // s5's host is shared
  const threshold = describeAllAfter(hosts);
  assert.ok(threshold > 2 && threshold < SERVICES, `threshold ${threshold}`);
  // Asked in an order unlike the registry's, with unknown hosts between, across the threshold and after it.
  const asked: string[] = [];
  for (let k = 0; k < SERVICES; k++) {
    const i = (k * 37) % SERVICES;
    asked.push(`s${i}.${nsOf(i)}.svc.cluster.local`);
    if (k % 10 === 0) asked.push(`s${i}.nowhere.svc.cluster.local`);
  }
  asked.splice(threshold - 1, 0, 'only.example.com', `s5.${nsOf(5)}.svc.cluster.local`);
  const first = new Map<string, readonly MeshService[] | undefined>();
  for (const host of asked) {
    const got = reg.byHostname.get(host);
    assert.deepEqual(summary(got), expected(host), host);
    if (!first.has(host)) first.set(host, got);
    else assert.equal(got, first.get(host), `${host}: the same list again`);
  }
  // The services `all` lists are the very objects the lookups gave.
  const all = new Set(reg.all);
  for (const [host, list] of first) for (const s of list ?? []) assert.ok(all.has(s), `${host}: ${s.namespace} is the registry's own`);
  assert.equal(reg.all.length, SERVICES + 2);
});
