// The analyzers' view of "which hosts exist, visible where": ServiceEntries by spec.exportTo and
// Kubernetes Services by the networking.istio.io/exportTo annotation, keyed by `<scope>/<fqdn>`
// (scope `*` = every namespace). Written from the behaviour of Istio's analyzer util
// (InitServiceEntryHostMap / GetDestinationHost), which differs from istiod's own visibility rules.
import { analyzerHostToFqdn } from '../model/hosts.js';
import type { ConfigIndex } from '../model/configIndex.js';

/** A port a host serves: a ServiceEntry port, or a Kubernetes Service port by the same field names. */
export interface HostPort {
  number: number;
  name: string;
  protocol?: string;
}

export interface HostTarget {
  ports: HostPort[];
  /** ServiceEntry workloadSelector labels (merged into DestinationRule subsets). */
  workloadLabels: Record<string, string>;
  /** For a Kubernetes Service: its namespace and pod selector. */
  service?: { namespace: string; selector: Record<string, string> };
}

export interface ScopedHosts {
  /** Every host by `<scope>/<fqdn>`. */
  all: Map<string, HostTarget>;
  /** The wildcard ones (`<scope>/*.suffix`) among them, in the same order: the fallback walks only these. */
  wildcards: Map<string, HostTarget>;
}

const ALL = '*';
const LOCAL = '.';

export function analyzerDomain(index: ConfigIndex): string {
  return index.options.domainSuffix || 'cluster.local';
}

const key = (scope: string, namespace: string, host: string, domain: string): string =>
  `${scope}/${analyzerHostToFqdn(host, namespace, domain)}`;

/**
 * buildScopedHosts once per run, shared by the analyzers that look hosts up. Its kinds are read
 * through each caller's context every time, so that each analyzer's inputs are recorded even when
 * another one built the map. Read only.
 */
export function scopedHosts(ctx: { index: ConfigIndex; memo<T>(key: string, build: () => T): T }): ScopedHosts {
  ctx.index.ofKind('ServiceEntry');
  ctx.index.ofKind('Service');
  return ctx.memo('scoped-hosts', () => buildScopedHosts(ctx.index));
}

export function buildScopedHosts(index: ConfigIndex): ScopedHosts {
  const domain = analyzerDomain(index);
  const all = new Map<string, HostTarget>();
  // Indexed loops: this runs once per run (cold), over every Service and ServiceEntry host.
  const entries = index.ofKind('ServiceEntry');
  for (let i = 0; i < entries.length; i++) {
    const r = entries[i] as (typeof entries)[number];
    const se = r.spec;
    const target: HostTarget = { ports: se.ports ?? [], workloadLabels: se.workloadSelector?.labels ?? {} };
    const exportTo = se.exportTo ?? [];
    for (let j = 0; j < se.hosts.length; j++) {
      const h = se.hosts[j] as string;
      if (exportTo.length === 0) {
        all.set(key(ALL, r.namespace, h, domain), target);
        continue;
      }
      for (let x = 0; x < exportTo.length; x++) {
        const e = exportTo[x] as string;
        const scope = e === LOCAL ? r.namespace : e;
        all.set(key(scope, r.namespace, h, domain), target);
        if (e === ALL) break;
      }
    }
  }
  const services = index.ofKind('Service');
  for (let i = 0; i < services.length; i++) {
    const s = services[i] as (typeof services)[number];
    const specPorts = s.spec.ports ?? [];
    const ports: HostPort[] = [];
    for (let j = 0; j < specPorts.length; j++) {
      const p = specPorts[j] as (typeof specPorts)[number];
      ports.push({ number: p.port, name: p.name ?? '', protocol: p.protocol ?? '' });
    }
    const target: HostTarget = { ports, workloadLabels: {}, service: { namespace: s.namespace, selector: s.spec.selector ?? {} } };
    const anno = s.metadata.annotations?.['networking.istio.io/exportTo'] ?? '';
    if (anno === '') {
      all.set(key(ALL, s.namespace, s.name, domain), target);
      continue;
    }
    const scopes = anno.split(',').map((x) => x.trim()).map((x) => (x === LOCAL ? s.namespace : x));
    for (const scope of scopes) all.set(key(scope, s.namespace, s.name, domain), target);
  }
  const wildcards = new Map<string, HostTarget>();
  all.forEach((target, k) => {
    if (k.charCodeAt(k.indexOf('/') + 1) === 42 /* * */) wildcards.set(k, target);
  });
  return { all, wildcards };
}

/** Istio's GetDestinationHost: exact keys first (all-namespaces, then the caller's scopes), then wildcards. */
export function lookupHost(
  hosts: ScopedHosts,
  domain: string,
  sourceNamespace: string,
  exportTo: readonly string[] | undefined,
  host: string,
): HostTarget | undefined {
  const direct = hosts.all.get(key(ALL, sourceNamespace, host, domain));
  if (direct) return direct;
  const scopes = exportTo && exportTo.length > 0 ? exportTo.map((e) => (e === LOCAL ? sourceNamespace : e)) : [sourceNamespace];
  for (const scope of scopes) {
    const hit = hosts.all.get(key(scope, sourceNamespace, host, domain));
    if (hit) return hit;
  }
  const bare = host.startsWith('*') ? host.slice(1) : host;
  // Linear in the wildcard hosts only: a lookup that misses must not walk every Service.
  for (const [k, target] of hosts.wildcards) {
    const slash = k.indexOf('/');
    const scope = k.slice(0, slash);
    const seHost = k.slice(slash + 1);
    if (!seHost.startsWith('*')) continue;
    if (scope !== ALL && scope !== sourceNamespace) continue;
    if (bare.endsWith(seHost.slice(1))) return target;
  }
  return undefined;
}
