// ResolveVirtualServiceShortnames for HTTP rules: destination and mirror hosts to FQDNs, match.gateways
// to `ns/name`, always against the namespace of the VS that declares the rule (a delegate's own).
import { resolveShortnameToFqdn } from '../../model/hosts.js';
import { normalizeMatchGateways } from '../../model/virtualServices.js';
import type { Destination, HttpMatchRequest, HttpRoute } from '../../schema/kinds/virtualService.js';

/** Short names resolved, by domain suffix, then namespace, then name: a mesh's routes name the same few hosts again and again. */
const resolvedNames = new Map<string, Map<string, Map<string, string>>>();
/** Names remembered per namespace (and namespaces, and suffixes); past this each is resolved on its own. */
const MAX_NAMES = 4096;

/**
 * The short names of one namespace resolved so far (undefined past the bounds: each is then resolved
 * on its own). Looked up once per VirtualService, not once per destination.
 */
function namesOf(ns: string, suffix: string): Map<string, string> | undefined {
  let bySuffix = resolvedNames.get(suffix);
  if (bySuffix === undefined) {
    if (resolvedNames.size >= MAX_NAMES) return undefined;
    resolvedNames.set(suffix, (bySuffix = new Map()));
  }
  let names = bySuffix.get(ns);
  if (names === undefined) {
    if (bySuffix.size >= MAX_NAMES) return undefined;
    bySuffix.set(ns, (names = new Map()));
  }
  return names;
}

/**
 * resolveShortnameToFqdn, the same string for the same short name: every later lookup keyed by the
 * host (services, clusters) then finds its hash already computed, and no new string is made per route.
 */
function resolvedHost(host: string, ns: string, suffix: string, names: Map<string, string> | undefined): string {
  if (host.includes('.')) return host;
  if (names === undefined) return resolveShortnameToFqdn(host, ns, suffix);
  let fqdn = names.get(host);
  if (fqdn === undefined) {
    fqdn = resolveShortnameToFqdn(host, ns, suffix);
    if (names.size < MAX_NAMES) names.set(host, fqdn);
  }
  return fqdn;
}

/** The destination with its host resolved; the same object when the host is already a FQDN. */
function resolveDestination(d: Destination, ns: string, suffix: string, names: Map<string, string> | undefined): Destination {
  const host = resolvedHost(d.host, ns, suffix, names);
  return host === d.host ? d : { ...d, host };
}

/** The matches with `gateways` normalised; `matches` itself when none restricts gateways. */
function resolvedMatches(matches: readonly HttpMatchRequest[], namespace: string, domainSuffix: string): HttpMatchRequest[] {
  let out: HttpMatchRequest[] | undefined;
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i] as HttpMatchRequest;
    const gateways = m.gateways === undefined ? undefined : normalizeMatchGateways(m.gateways, namespace, domainSuffix);
    if (gateways === undefined) out?.push(m);
    else (out ??= matches.slice(0, i)).push({ ...m, gateways });
  }
  return out ?? (matches as HttpMatchRequest[]);
}

/** The entries with their destination hosts resolved; `entries` itself when none changes. */
function resolvedEntries<T extends { destination: Destination }>(entries: readonly T[], namespace: string, domainSuffix: string, names: Map<string, string> | undefined): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as T;
    const destination = resolveDestination(e.destination, namespace, domainSuffix, names);
    if (destination === e.destination) out?.push(e);
    else (out ??= entries.slice(0, i)).push({ ...e, destination });
  }
  return out ?? (entries as T[]);
}

/**
 * A resolved copy; the input is not modified. Only the resolved parts are new objects: the rest is
 * shared with the input, which nothing downstream mutates (a deep clone cost most of translation).
 * Plain loops, no closure per rule: every rule of every VirtualService a gateway serves comes here.
 */
export function resolveHttpRules(rules: readonly HttpRoute[] | undefined, namespace: string, domainSuffix: string): HttpRoute[] {
  if (!rules) return [];
  const resolved = new Array<HttpRoute>(rules.length);
  const names = namesOf(namespace, domainSuffix);
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as HttpRoute;
    const out: HttpRoute = { ...r };
    if (out.match) out.match = resolvedMatches(out.match, namespace, domainSuffix);
    if (out.route) out.route = resolvedEntries(out.route, namespace, domainSuffix, names);
    if (out.mirror) out.mirror = resolveDestination(out.mirror, namespace, domainSuffix, names);
    if (out.mirrors) out.mirrors = resolvedEntries(out.mirrors, namespace, domainSuffix, names);
    resolved[i] = out;
  }
  return resolved;
}
