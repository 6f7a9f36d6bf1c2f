// Sidecar virtual-host domains (httproute.go generateVirtualHostDomains, GenerateAltVirtualHosts,
// dedupeDomains). Ports are never appended: sidecar route configs ignore the port in host matching.
import { isIpAddress } from '../../model/hosts.js';
import { UNSPECIFIED_IP, type MeshService } from './registry.js';

/** The proxy's DNS domain, `<ns>.svc.<suffix>` (Istio's harness always uses cluster.local). */
export function proxyDnsDomain(namespace: string, domainSuffix: string): string {
  return `${namespace}.svc.${domainSuffix === '' ? 'cluster.local' : domainSuffix}`;
}

/** IPv6 literals are bracketed in domains. */
function ipv6Compliant(h: string): string {
  return isIpAddress(h) && h.includes(':') ? `[${h}]` : h;
}

/** Kubernetes short forms: same namespace [name, name.ns.svc, name.ns], other namespace [name.ns, name.ns.svc]. */
function kubernetesAltHosts(hostname: string, proxyDomain: string): string[] {
  const proxyNs = proxyDomain.slice(0, proxyDomain.indexOf('.svc.'));
  const svcAt = hostname.indexOf('.svc.');
  if (svcAt <= 0) return [];
  const firstDot = hostname.indexOf('.');
  if (firstDot + 1 >= hostname.length || firstDot + 1 > svcAt) return [];
  const withNs = hostname.slice(0, svcAt);
  if (hostname.slice(firstDot + 1, svcAt) === proxyNs) return [hostname.slice(0, firstDot), `${withNs}.svc`, withNs];
  return [withNs, `${withNs}.svc`];
}

/** `GenerateAltVirtualHosts` for a proxy whose DNS domain is a Kubernetes one (it always is here). */
export function altVirtualHosts(hostname: string, proxyDomain: string): string[] {
  // PILOT_ENABLE_ABSOLUTE_FQDN_VHOST_DOMAIN (default on since 1.27): the trailing-dot form.
  const out = isIpAddress(hostname) ? [] : [`${hostname}.`];
  const svcAt = proxyDomain.indexOf('.svc.');
  if (svcAt > 0) {
    // Only hosts sharing the proxy's `.svc.<suffix>` are expanded; others could collide with short names.
    if (hostname.endsWith(proxyDomain.slice(svcAt))) out.push(...kubernetesAltHosts(hostname, proxyDomain));
    return out;
  }
  return out;
}

export interface ServiceDomains {
  domains: string[];
  /** The generated alternative forms (dedupeDomains drops them when they are some service's real FQDN). */
  altHosts: string[];
}

export function serviceDomains(svc: MeshService, proxyDomain: string): ServiceDomains {
  const domains: string[] = [];
  const altHosts: string[] = [];
  for (const h of [svc.hostname, ...svc.aliases]) {
    const alts = altVirtualHosts(h, proxyDomain);
    domains.push(ipv6Compliant(h), ...alts);
    altHosts.push(...alts);
  }
  if (svc.resolution === 'Passthrough' && svc.registry === 'Kubernetes') {
    // Headless Kubernetes services are also reached as <pod>.<service>...
    const n = domains.length;
    for (let i = 0; i < n; i++) domains.push(`*.${domains[i] ?? ''}`);
  }
  for (const a of svc.addresses) if (a !== '' && a !== UNSPECIFIED_IP) domains.push(ipv6Compliant(a));
  return { domains, altHosts };
}

/** `dedupeDomains`: drop domains an earlier vhost took (case-insensitively) and alt forms that are real FQDNs. */
export function dedupeDomains(domains: readonly string[], taken: Set<string>, altHosts: readonly string[], knownFqdns: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const d of domains) {
    const lower = d.toLowerCase();
    if (taken.has(lower)) continue;
    if (altHosts.includes(d) && knownFqdns.has(d)) continue;
    out.push(d);
    taken.add(lower);
  }
  return out;
}
