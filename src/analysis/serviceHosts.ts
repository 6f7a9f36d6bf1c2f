// The analyzers' view of "which hosts exist, visible where": ServiceEntries by spec.exportTo and
// Kubernetes Services by the networking.istio.io/exportTo annotation, keyed by `<scope>/<fqdn>`
// (scope `*` = every namespace). Written from the behaviour of Istio's analyzer util
// (InitServiceEntryHostMap / GetDestinationHost), which differs from istiod's own visibility rules.
import { analyzerHostToFqdn } from '../model/hosts.js';
import type { ConfigIndex } from '../model/configIndex.js';
import { NO_LABELS } from '../model/empty.js';

/** A port a host serves: a ServiceEntry port, or a Kubernetes Service port by the same field names. */
export interface HostPort {
  number: number;
  name: string;
  protocol?: string;
}

export interface HostTarget {
  ports: HostPort[];
  /** ServiceEntry workloadSelector labels (merged into DestinationRule subsets). */
  workloadLabels: Readonly<Record<string, string>>;
  /** For a Kubernetes Service: its namespace and pod selector. */
  service?: { namespace: string; selector: Readonly<Record<string, string>> };
}

export interface ScopedHosts {
  /** Every host by scope (`*` = every namespace), then FQDN: looked up without making a key string. */
  byScope: Map<string, Map<string, HostTarget>>;
  /** The wildcard ones (`*.suffix`), in the order first set, each with its last target: the fallback walks only these. */
  wildcards: readonly WildcardHost[];
}

export interface WildcardHost {
  scope: string;
  /** The host without its leading `*`. */
  suffix: string;
  target: HostTarget;
}

const ALL = '*';
const LOCAL = '.';

export function analyzerDomain(index: ConfigIndex): string {
  return index.options.domainSuffix || 'cluster.local';
}

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
  const byScope = new Map<string, Map<string, HostTarget>>();
  // Wildcard hosts by scope then host, in the order first set (a later set replaces the target only).
  const wild = new Map<string, Map<string, WildcardHost>>();
  const wildcards: WildcardHost[] = [];
  const set = (scope: string, namespace: string, host: string, target: HostTarget): void => {
    const fqdn = analyzerHostToFqdn(host, namespace, domain);
    let inScope = byScope.get(scope);
    if (!inScope) byScope.set(scope, (inScope = new Map()));
    inScope.set(fqdn, target);
    if (fqdn.charCodeAt(0) !== 42 /* * */) return;
    let wildInScope = wild.get(scope);
    if (!wildInScope) wild.set(scope, (wildInScope = new Map()));
    const known = wildInScope.get(fqdn);
    if (known) known.target = target;
    else {
      const w = { scope, suffix: fqdn.slice(1), target };
      wildInScope.set(fqdn, w);
      wildcards.push(w);
    }
  };
  // Indexed loops: this runs once per run (cold), over every Service and ServiceEntry host.
  const entries = index.ofKind('ServiceEntry');
  for (let i = 0; i < entries.length; i++) {
    const r = entries[i] as (typeof entries)[number];
    const se = r.spec;
    const target: HostTarget = { ports: se.ports ?? [], workloadLabels: se.workloadSelector?.labels ?? NO_LABELS };
    const exportTo = se.exportTo ?? [];
    for (let j = 0; j < se.hosts.length; j++) {
      const h = se.hosts[j] as string;
      if (exportTo.length === 0) {
        set(ALL, r.namespace, h, target);
        continue;
      }
      for (let x = 0; x < exportTo.length; x++) {
        const e = exportTo[x] as string;
        set(e === LOCAL ? r.namespace : e, r.namespace, h, target);
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
    const target: HostTarget = { ports, workloadLabels: NO_LABELS, service: { namespace: s.namespace, selector: s.spec.selector ?? NO_LABELS } };
    const anno = s.metadata.annotations?.['networking.istio.io/exportTo'] ?? '';
    if (anno === '') {
      set(ALL, s.namespace, s.name, target);
      continue;
    }
    for (const x of anno.split(',')) {
      const scope = x.trim();
      set(scope === LOCAL ? s.namespace : scope, s.namespace, s.name, target);
    }
  }
  return { byScope, wildcards };
}

/** Istio's GetDestinationHost: exact keys first (all-namespaces, then the caller's scopes), then wildcards. */
export function lookupHost(
  hosts: ScopedHosts,
  domain: string,
  sourceNamespace: string,
  exportTo: readonly string[] | undefined,
  host: string,
): HostTarget | undefined {
  const fqdn = analyzerHostToFqdn(host, sourceNamespace, domain);
  const direct = hosts.byScope.get(ALL)?.get(fqdn);
  if (direct) return direct;
  if (exportTo && exportTo.length > 0) {
    for (let i = 0; i < exportTo.length; i++) {
      const e = exportTo[i] as string;
      const hit = hosts.byScope.get(e === LOCAL ? sourceNamespace : e)?.get(fqdn);
      if (hit) return hit;
    }
  } else {
    const hit = hosts.byScope.get(sourceNamespace)?.get(fqdn);
    if (hit) return hit;
  }
  const bare = host.startsWith('*') ? host.slice(1) : host;
  // Linear in the wildcard hosts only: a lookup that misses must not walk every Service.
  const wildcards = hosts.wildcards;
  for (let i = 0; i < wildcards.length; i++) {
    const w = wildcards[i] as WildcardHost;
    if (w.scope !== ALL && w.scope !== sourceNamespace) continue;
    if (bare.endsWith(w.suffix)) return w.target;
  }
  return undefined;
}
