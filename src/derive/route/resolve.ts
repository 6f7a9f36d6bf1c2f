// ResolveVirtualServiceShortnames for HTTP rules: destination and mirror hosts to FQDNs, match.gateways
// to `ns/name`, always against the namespace of the VS that declares the rule (a delegate's own).
import { resolveShortnameToFqdn } from '../../model/hosts.js';
import { normalizeMatchGateways } from '../../model/virtualServices.js';
import type { Destination, HttpRoute } from '../../schema/kinds/virtualService.js';

const resolveDestination = (d: Destination, ns: string, suffix: string): Destination => ({ ...d, host: resolveShortnameToFqdn(d.host, ns, suffix) });

/**
 * A resolved copy; the input is not modified. Only the resolved parts are new objects: the rest is
 * shared with the input, which nothing downstream mutates (a deep clone cost most of translation).
 */
export function resolveHttpRules(rules: readonly HttpRoute[] | undefined, namespace: string, domainSuffix: string): HttpRoute[] {
  return (rules ?? []).map((r) => {
    const out: HttpRoute = { ...r };
    if (out.match) {
      out.match = out.match.map((m) => {
        const gateways = normalizeMatchGateways(m.gateways, namespace, domainSuffix);
        return gateways ? { ...m, gateways } : m;
      });
    }
    if (out.route) out.route = out.route.map((d) => ({ ...d, destination: resolveDestination(d.destination, namespace, domainSuffix) }));
    if (out.mirror) out.mirror = resolveDestination(out.mirror, namespace, domainSuffix);
    if (out.mirrors) out.mirrors = out.mirrors.map((m) => ({ ...m, destination: resolveDestination(m.destination, namespace, domainSuffix) }));
    return out;
  });
}
