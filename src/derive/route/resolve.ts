// ResolveVirtualServiceShortnames for HTTP rules: destination and mirror hosts to FQDNs, match.gateways
// to `ns/name`, always against the namespace of the VS that declares the rule (a delegate's own).
import { resolveShortnameToFqdn } from '../../model/hosts.js';
import { normalizeMatchGateways } from '../../model/virtualServices.js';
import type { Destination, HttpRoute } from '../../schema/kinds/virtualService.js';

/** Short names resolved, by domain suffix, then namespace, then name: a mesh's routes name the same few hosts again and again. */
const resolvedNames = new Map<string, Map<string, Map<string, string>>>();
/** Names remembered per namespace (and namespaces, and suffixes); past this each is resolved on its own. */
const MAX_NAMES = 4096;

/**
 * resolveShortnameToFqdn, the same string for the same short name: every later lookup keyed by the
 * host (services, clusters) then finds its hash already computed, and no new string is made per route.
 */
function resolvedHost(host: string, ns: string, suffix: string): string {
  if (host.includes('.')) return host;
  let bySuffix = resolvedNames.get(suffix);
  if (bySuffix === undefined) {
    if (resolvedNames.size >= MAX_NAMES) return resolveShortnameToFqdn(host, ns, suffix);
    resolvedNames.set(suffix, (bySuffix = new Map()));
  }
  let names = bySuffix.get(ns);
  if (names === undefined) {
    if (bySuffix.size >= MAX_NAMES) return resolveShortnameToFqdn(host, ns, suffix);
    bySuffix.set(ns, (names = new Map()));
  }
  let fqdn = names.get(host);
  if (fqdn === undefined) {
    fqdn = resolveShortnameToFqdn(host, ns, suffix);
    if (names.size < MAX_NAMES) names.set(host, fqdn);
  }
  return fqdn;
}

/** The destination with its host resolved; the same object when the host is already a FQDN. */
function resolveDestination(d: Destination, ns: string, suffix: string): Destination {
  const host = resolvedHost(d.host, ns, suffix);
  return host === d.host ? d : { ...d, host };
}

/** `items` mapped, or `items` itself when `f` changed none of them (fewer copies of big meshes' rules). */
function mapped<T>(items: readonly T[], f: (x: T) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const x = items[i] as T;
    const y = f(x);
    if (out === undefined && y !== x) out = items.slice(0, i);
    out?.push(y);
  }
  return out ?? (items as T[]);
}

/**
 * A resolved copy; the input is not modified. Only the resolved parts are new objects: the rest is
 * shared with the input, which nothing downstream mutates (a deep clone cost most of translation).
 */
export function resolveHttpRules(rules: readonly HttpRoute[] | undefined, namespace: string, domainSuffix: string): HttpRoute[] {
  return (rules ?? []).map((r) => {
    const out: HttpRoute = { ...r };
    if (out.match) {
      out.match = mapped(out.match, (m) => {
        const gateways = normalizeMatchGateways(m.gateways, namespace, domainSuffix);
        return gateways ? { ...m, gateways } : m;
      });
    }
    if (out.route) {
      out.route = mapped(out.route, (d) => {
        const destination = resolveDestination(d.destination, namespace, domainSuffix);
        return destination === d.destination ? d : { ...d, destination };
      });
    }
    if (out.mirror) out.mirror = resolveDestination(out.mirror, namespace, domainSuffix);
    if (out.mirrors) {
      out.mirrors = mapped(out.mirrors, (m) => {
        const destination = resolveDestination(m.destination, namespace, domainSuffix);
        return destination === m.destination ? m : { ...m, destination };
      });
    }
    return out;
  });
}
