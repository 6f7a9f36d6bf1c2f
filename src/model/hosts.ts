// Istio host-name semantics (spec sections 1.1-1.5, 3.1-3.3, 6), written from the behaviour of
// pkg/config/host, pilot/pkg/model/{config,gateway,push_context,sidecar}.go at istio 86c9f01fd735.
// Pure functions only: no I/O, no global state.
import { ipFamily } from '../schema/ip.js';

// The host.Name primitives live below the schemas, which validate with them; they are part of the
// host semantics all the same, so they are exported from here too.
import { hostMatches, hostSubsetOf, isWildcard } from '../schema/hostNames.js';

export { hostMatches, hostSubsetOf, isWildcard };

/**
 * Istio `Names.Intersection`: for every (a, b) pair keep the more specific one (a if a ⊆ b, else b if
 * b ⊆ a), A-major order, first occurrence wins. Gateways call it as serverHosts ∩ vsHosts.
 */
export function hostIntersection(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  // Repeats are found in `out` while it is short (nearly always: a server host and a VirtualService's
  // few hosts), then in a set: not out.includes alone, 100,000 hosts would take a minute.
  let seen: Set<string> | undefined;
  // Indexed loops: gateway derivations call this once per (server, VirtualService) pair, cold.
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    for (let j = 0; j < b.length; j++) {
      const y = b[j] as string;
      const h = hostSubsetOf(x, y) ? x : hostSubsetOf(y, x) ? y : undefined;
      if (h === undefined) continue;
      if (seen === undefined) {
        if (out.includes(h)) continue;
        out.push(h);
        if (out.length > SHORT_LIST) seen = new Set(out);
      } else if (!seen.has(h)) {
        seen.add(h);
        out.push(h);
      }
    }
  }
  return out;
}

/** Up to this many hosts, hostIntersection looks for repeats in its result list. */
const SHORT_LIST = 16;

/**
 * Comparator for Istio `MoreSpecific` ordering: exact names before wildcards, then longer first, then
 * plain code-unit order (not localeCompare, to match Go's byte comparison on ASCII host names).
 */
export function compareMoreSpecific(a: string, b: string): number {
  if (a === b) return 0;
  const aw = isWildcard(a);
  const bw = isWildcard(b);
  if (aw !== bw) return aw ? 1 : -1;
  if (a.length !== b.length) return b.length - a.length;
  return a < b ? -1 : 1;
}

/** IPv4 or IPv6 literal (zones allowed), as Go's netip.ParseAddr accepts; brackets and ports are not. */
export function isIpAddress(s: string): boolean {
  return ipFamily(s) !== 0;
}

/** Envoy compares domains case-insensitively and Istio lower-cases vhost domains when it emits them. */
export function lowerCaseDomain(h: string): string {
  return h.toLowerCase();
}

/**
 * Istio `ResolveShortnameToFQDN` (pilot): only a dot-free, non-`*`, non-IP name is expanded. Each part
 * is appended only when non-empty, so an empty domain suffix (Istio's test harness) gives `name.ns`,
 * and an empty namespace gives `name.svc.<suffix>` (pilot never adds an empty label).
 */
export function resolveShortnameToFqdn(host: string, namespace: string, domainSuffix: string): string {
  if (host === '' || host === '*' || host.includes('.') || isIpAddress(host)) return host;
  let out = host;
  if (namespace !== '') out += `.${namespace}`;
  if (domainSuffix !== '') out += `.svc.${domainSuffix}`;
  return out;
}

/** Kubernetes Services always carry the cluster domain; Istio's harness uses '' only for config hosts. */
export function kubeServiceHostname(name: string, namespace: string, domainSuffix: string): string {
  return `${name}.${namespace}.svc.${domainSuffix === '' ? 'cluster.local' : domainSuffix}`;
}

/**
 * The analyzers' own expansion (`ConvertHostToFQDN` in pkg/config/analysis/analyzers/util): it always
 * writes `name.<ns>.svc.<suffix>`, so an empty namespace gives `reviews..svc.cluster.local`, and it
 * skips any `*`-prefixed name but does not special-case IPs. Use it only to emulate `istioctl analyze`.
 */
export function analyzerHostToFqdn(host: string, namespace: string, domainSuffix = 'cluster.local'): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.svc.${domainSuffix}`;
}

/** The reserved VirtualService gateway name meaning "all sidecars". */
export const MESH_GATEWAY = 'mesh';

/**
 * Normalise a VirtualService `gateways` entry (spec 1.1) to `ns/name` or `mesh`. Istio ignores the domain
 * suffix here: the legacy forms `name.ns` and `name.ns.<anything>` both take the 2nd label as namespace.
 */
export function resolveGatewayName(ref: string, vsNamespace: string, _domainSuffix: string): string {
  if (ref === MESH_GATEWAY) return ref;
  const slash = ref.indexOf('/');
  if (slash >= 0) {
    // `./gw` resolves to the VS namespace (validation rejects it, but istiod still resolves it).
    return ref.slice(0, slash) === '.' ? `${vsNamespace}/${ref.slice(slash + 1)}` : ref;
  }
  const dot = ref.indexOf('.');
  if (dot < 0) return `${vsNamespace}/${ref}`;
  const rest = ref.slice(dot + 1);
  const nextDot = rest.indexOf('.');
  return `${nextDot < 0 ? rest : rest.slice(0, nextDot)}/${ref.slice(0, dot)}`;
}

/** A Gateway `servers[].hosts` entry after `sanitizeServerHostNamespace`; `*` = any VS namespace. */
export type ServerHost = { namespace: string | '*'; host: string };

// Spec 1.3: `./h` → the Gateway's namespace; `*/h` and bare `h` → any namespace; `ns/h` → only VSes in ns.
export function parseServerHost(raw: string, gatewayNamespace: string): ServerHost {
  const slash = raw.indexOf('/');
  if (slash < 0) return { namespace: '*', host: raw };
  const ns = raw.slice(0, slash);
  const host = raw.slice(slash + 1);
  if (ns === '.') return { namespace: gatewayNamespace, host };
  return { namespace: ns, host };
}

/**
 * Server hosts visible to a VirtualService in `vsNamespace`, prefixes stripped (sanitise + Istio
 * `NamesForNamespace`). A star-slash-star entry replaces the server's whole host list with `*`.
 */
export function serverHostsForNamespace(
  hosts: readonly string[],
  gatewayNamespace: string,
  vsNamespace: string,
): string[] {
  if (hosts.includes('*/*')) return ['*'];
  const out: string[] = [];
  for (const raw of hosts) {
    const sh = parseServerHost(raw, gatewayNamespace);
    if (sh.namespace === '*' || sh.namespace === vsNamespace) out.push(sh.host);
  }
  return out;
}

/**
 * Effective exportTo set (`.` already replaced by the owner's namespace). `*` = public, `~` = nobody,
 * anything else is a namespace name.
 */
export type ExportTo = ReadonlySet<string>;

export const EXPORT_PUBLIC = '*';
export const EXPORT_PRIVATE = '.';
export const EXPORT_NONE = '~';

/**
 * Spec 1.4/1.5: `spec.exportTo` if non-empty, else the mesh default (`["*"]` unless configured);
 * `.` becomes the owner's namespace, as istiod's convertExportToSet/copyDefaultExportToSet do.
 */
export function effectiveExportTo(
  exportTo: readonly string[] | undefined,
  ownNamespace: string,
  meshDefault: readonly string[] = [EXPORT_PUBLIC],
): Set<string> {
  const src = exportTo !== undefined && exportTo.length > 0 ? exportTo : meshDefault;
  return new Set(src.map((e) => (e === EXPORT_PRIVATE ? ownNamespace : e)));
}

/**
 * Istio `IsServiceVisible` / the VS index: `*` wins, then `~` hides from everyone (the VS index rule;
 * validation forbids mixing `~` with names), else the viewer must be listed (or `.` with same ns).
 */
export function isVisibleTo(exportSet: ExportTo, ownNamespace: string, viewerNamespace: string): boolean {
  if (exportSet.has(EXPORT_PUBLIC)) return true;
  if (exportSet.has(EXPORT_NONE)) return false;
  return exportSet.has(viewerNamespace) || (exportSet.has(EXPORT_PRIVATE) && ownNamespace === viewerNamespace);
}

/** A parsed Sidecar `egress[].hosts` entry; `namespace` is that of the imported config, `*` = any. */
export type EgressHost = { namespace: string; host: string; exclude: boolean };

/**
 * Parse one `ns/host` egress entry as istiod's convertIstioListenerToWrapper does. Entries without
 * exactly one `/` are ignored by istiod (logged), so they return undefined. A `~` prefix on the
 * namespace marks an exclusion (`~/h` = excluded from every namespace); `.` = the Sidecar's namespace.
 */
export function parseEgressHost(raw: string, sidecarNamespace: string): EgressHost | undefined {
  const parts = raw.split('/');
  if (parts.length !== 2) return undefined;
  let ns = parts[0] ?? '';
  const host = parts[1] ?? '';
  const exclude = ns.startsWith(EXPORT_NONE);
  if (exclude) {
    ns = ns.slice(1);
    if (ns === '') ns = '*';
  }
  if (ns === '.') ns = sidecarNamespace;
  return { namespace: ns, host, exclude };
}

/** Which egress-host relation applies: services are imported by SubsetOf, VirtualServices by Matches. */
export type EgressSubject = 'service' | 'virtualService';

/**
 * True when a Sidecar egress host list imports host `host` of a Service/VirtualService living in
 * `configNamespace` (spec 6). Exclusions (`~`, via SubsetOf) for that namespace or `*` win; exportTo
 * visibility, `mesh` binding and ports are the caller's job. A VS is imported if any of its hosts passes.
 */
export function sidecarEgressMatch(
  egressHosts: readonly string[],
  sidecarNamespace: string,
  configNamespace: string,
  host: string,
  subject: EgressSubject,
): boolean {
  const entries = egressHosts
    .map((raw) => parseEgressHost(raw, sidecarNamespace))
    .filter((e): e is EgressHost => e !== undefined && (e.namespace === configNamespace || e.namespace === '*'));
  if (entries.some((e) => e.exclude && hostSubsetOf(host, e.host))) return false;
  const rel = subject === 'service' ? hostSubsetOf : hostMatches;
  return entries.some((e) => !e.exclude && rel(host, e.host));
}
