// Generated meshes for the cluster writers' differential tests (test/hostile/clusterPlan.test.ts):
// every kind of service a cluster is planned from (Kubernetes Services of every port protocol,
// ServiceEntries of every resolution and location, with and without endpoints), DestinationRules
// with subsets, passthrough load balancing, port-level and subset TLS, PeerAuthentications that
// turn auto mTLS off, and names with characters JSON, Go and a terminal escape, `|`, `__proto__`
// and text past ASCII. A fixed seed: the meshes are data, the same on every run.
import fc from 'fast-check';
import { loadSources } from '../../src/app/load.js';
import type { Workspace } from '../../src/app/workspace.js';

const s = JSON.stringify;

/** Names as hostile as the schemas let through to a cluster (others are dropped with a finding, and still exercise that). */
const WEIRD = ['__proto__', 'constructor', 'a|b', 'x<y>&z', 'ünï-cödé', '𝔘', 'e\u2028f', 'r\u202eq', 'h##[error]x', 'q"\\', 'default', 'istio', 'outbound', 'v1'];

const label = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('a', 'b', 'svc', 'api', 'reviews', 'x-1') }, { weight: 1, arbitrary: fc.constantFrom(...WEIRD) });
const namespace = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('default', 'ns-1', 'ns-2', 'istio-system') }, { weight: 1, arbitrary: fc.constantFrom(...WEIRD) });
const protocolName = fc.constantFrom('http', 'grpc', 'tcp', 'http2', 'https', 'tls', 'mongo', 'udp', 'grpc-web', 'unnamed', '');
const port = fc.record({ number: fc.constantFrom(80, 443, 8080, 9090, 15021, 3306, 1), name: protocolName });
const tlsMode = fc.constantFrom('DISABLE', 'ISTIO_MUTUAL', 'SIMPLE', 'MUTUAL');
const tls = fc.record({ mode: tlsMode, sni: fc.option(fc.constantFrom('sni.example.com', 'x<y'), { nil: undefined }), credentialName: fc.option(fc.constantFrom('cred', 'c&d'), { nil: undefined }), subjectAltNames: fc.option(fc.constant(['spiffe://a/b', 'x>y']), { nil: undefined }) });
const policy = fc.record(
  {
    tls,
    loadBalancer: fc.constantFrom({ simple: 'PASSTHROUGH' }, { simple: 'ROUND_ROBIN' }, { consistentHash: { httpHeaderName: 'x-user' } }),
    connectionPool: fc.constantFrom({ tcp: { maxConnections: 5 } }, { http: { h2UpgradePolicy: 'UPGRADE', http1MaxPendingRequests: 7 } }),
    outlierDetection: fc.constant({ consecutive5xxErrors: 3, interval: '10s' }),
    portLevelSettings: fc.array(fc.record({ port: fc.record({ number: fc.constantFrom(80, 9090) }), tls }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

interface Svc {
  kind: 'Service' | 'ServiceEntry';
  name: string;
  namespace: string;
  ports: { number: number; name: string }[];
  resolution: string;
  location: string;
  endpoints: { address: string; labels: Record<string, string> }[];
}

const svc = fc.record({
  kind: fc.constantFrom('Service' as const, 'ServiceEntry' as const),
  name: label,
  namespace,
  ports: fc.uniqueArray(port, { minLength: 1, maxLength: 3, selector: (p) => p.number }),
  resolution: fc.constantFrom('DNS', 'STATIC', 'NONE', 'DNS_ROUND_ROBIN'),
  location: fc.constantFrom('MESH_EXTERNAL', 'MESH_INTERNAL'),
  endpoints: fc.array(fc.record({ address: fc.constantFrom('10.0.0.1', 'db.example.com', '10.0.0.2'), labels: fc.constantFrom<Record<string, string>>({}, { version: 'v1' }, { version: 'v2' }) }), { maxLength: 2 }),
});

const dr = fc.record({
  host: label,
  namespace,
  name: label,
  trafficPolicy: fc.option(policy, { nil: undefined }),
  subsets: fc.array(fc.record({ name: label, labels: fc.constantFrom<Record<string, string>>({ version: 'v1' }, { version: 'v2' }, {}), trafficPolicy: fc.option(policy, { nil: undefined }) }), { maxLength: 3 }),
});

const pa = fc.record({ namespace, mode: fc.constantFrom('DISABLE', 'STRICT', 'PERMISSIVE') });

type Dr = typeof dr extends fc.Arbitrary<infer T> ? T : never;
type Pa = typeof pa extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(services: Svc[], drs: Dr[], pas: Pa[], outboundStatName: boolean): string {
  const docs: string[] = [];
  for (const x of services) {
    const ports = x.ports.map((p) => ({ name: p.name === 'unnamed' ? undefined : p.name, port: p.number, number: p.number, protocol: p.name === 'udp' ? 'UDP' : undefined }));
    if (x.kind === 'Service') {
      docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: ${s(x.name)}, namespace: ${s(x.namespace)}}\nspec:\n  selector: {app: ${s(x.name)}}\n  ports: ${s(ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, ...(p.protocol ? { protocol: p.protocol } : {}) })))}\n`);
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${s(`${x.name}-v1`)}, namespace: ${s(x.namespace)}}\nspec:\n  selector: {matchLabels: {app: ${s(x.name)}}}\n  template:\n    metadata: {labels: {app: ${s(x.name)}, version: v1}}\n    spec: {serviceAccountName: ${s(`sa-${x.name}`)}, containers: [{name: app, image: app}]}\n`);
    } else {
      const sePorts = ports.map((p) => ({ number: p.number, name: p.name ?? `p${p.number}`, protocol: p.protocol ?? (p.name === 'grpc' ? 'GRPC' : p.name === 'tcp' ? 'TCP' : 'HTTP') }));
      docs.push(
        `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ${s(x.name)}, namespace: ${s(x.namespace)}}\nspec:\n  hosts: [${s(`${x.name}.example.com`)}]\n  ports: ${s(sePorts)}\n  resolution: ${x.resolution}\n  location: ${x.location}\n${x.endpoints.length > 0 ? `  endpoints: ${s(x.endpoints)}\n` : ''}`,
      );
    }
  }
  for (const d of drs) {
    const spec = { host: d.host.includes('.') ? d.host : d.host, ...(d.trafficPolicy ? { trafficPolicy: d.trafficPolicy } : {}), ...(d.subsets.length > 0 ? { subsets: d.subsets.map((x) => ({ name: x.name, labels: x.labels, ...(x.trafficPolicy ? { trafficPolicy: x.trafficPolicy } : {}) })) } : {}) };
    docs.push(`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ${s(d.name)}, namespace: ${s(d.namespace)}}\nspec: ${s(spec)}\n`);
    // The same rule for a ServiceEntry host, so that rules reach DNS and external clusters too.
    docs.push(`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ${s(`${d.name}-se`)}, namespace: ${s(d.namespace)}}\nspec: ${s({ ...spec, host: `${d.host}.example.com` })}\n`);
  }
  for (const p of pas) docs.push(`apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: ${s(p.namespace)}}\nspec: {mtls: {mode: ${p.mode}}}\n`);
  if (outboundStatName) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: |\n    outboundClusterStatName: "%SERVICE%_%SERVICE_PORT_NAME%_%SUBSET_NAME%"\n`);
  return docs.join('---\n');
}

/** The text of one generated mesh, and the sidecar workloads it has (`deploy/<name>.<namespace>`). */
export interface GeneratedMesh {
  text: string;
  sidecars: string[];
}

export const generatedMesh: fc.Arbitrary<GeneratedMesh> = fc
  .tuple(fc.array(svc, { minLength: 1, maxLength: 8 }), fc.array(dr, { maxLength: 5 }), fc.array(pa, { maxLength: 2 }), fc.boolean())
  .map(([services, drs, pas, statName]) => ({
    text: yamlOf(services, drs, pas, statName),
    sidecars: services.filter((x) => x.kind === 'Service').map((x) => `deploy/${x.name}-v1.${x.namespace}`).slice(0, 2),
  }));

/** `count` generated meshes (a fixed seed). */
export function generatedMeshes(count: number, seed: number): GeneratedMesh[] {
  return fc.sample(generatedMesh, { numRuns: count, seed });
}

export function loadMesh(m: GeneratedMesh): Workspace {
  return loadSources([{ name: 'mesh.yaml', bytes: new TextEncoder().encode(m.text) }]);
}
