// Wildcard DestinationRule hosts as istiod applies them (MostSpecificHostMatch): to every service
// whose name falls under them. `*.local`, `*.svc.<domain>` and `*.<ns>.svc.<domain>` are Istio's
// mesh- and namespace-wide defaults (the documented mTLS pattern): they apply to whatever services
// exist, so they never name an unknown host, whatever the inputs hold.
import type { ConfigIndex } from '../model/configIndex.js';
import { kubeServiceHostname } from '../model/hosts.js';

/** `*`, or a wildcard whose suffix covers a whole cluster domain or one namespace of it. */
export function isMeshDefaultHost(host: string, domain: string): boolean {
  if (host === '*') return true;
  if (!host.startsWith('*.')) return false;
  const suffix = host.slice(1);
  if (`.svc.${domain}`.endsWith(suffix)) return true;
  const inNamespace = suffix.slice(1).split('.');
  return inNamespace.length >= 3 && inNamespace[1] === 'svc' && inNamespace.slice(2).join('.') === domain;
}

/** Every `.suffix` of every Service and ServiceEntry host in the inputs: `*.x.y` covers one iff `.x.y` is here. */
export function knownHostSuffixes(index: ConfigIndex, domain: string): Set<string> {
  const out = new Set<string>();
  const add = (host: string): void => {
    for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) out.add(host.slice(i));
  };
  for (const s of index.ofKind('Service')) add(kubeServiceHostname(s.name, s.namespace, domain));
  for (const se of index.ofKind('ServiceEntry')) for (const h of se.spec.hosts) if (!h.startsWith('*')) add(h);
  return out;
}

/** A wildcard host istiod applies to some service: a mesh default, or one covering a host in the inputs. */
export function wildcardApplies(host: string, domain: string, suffixes: () => ReadonlySet<string>): boolean {
  if (!host.startsWith('*')) return false;
  return isMeshDefaultHost(host, domain) || suffixes().has(host.slice(1));
}
