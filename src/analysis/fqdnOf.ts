// Whether a host is written for an FQDN, as the analyzers expand hosts (analyzerHostToFqdn), without
// making the FQDN: destination-not-found asks it of every subset destination and each of its
// VirtualService's own hosts, and the strings it would make are garbage at once.

/** `analyzerHostToFqdn(host, namespace, domain) === fqdn`, without building a string. */
export function isAnalyzerFqdnOf(host: string, namespace: string, domain: string, fqdn: string): boolean {
  if (host.startsWith('*') || host.includes('.')) return host === fqdn;
  // `${host}.${namespace}.svc.${domain}`, piece by piece.
  const afterHost = host.length;
  const afterNamespace = afterHost + 1 + namespace.length;
  return (
    fqdn.length === afterNamespace + SVC.length + domain.length &&
    fqdn.startsWith(host) &&
    fqdn.charCodeAt(afterHost) === 46 /* . */ &&
    fqdn.startsWith(namespace, afterHost + 1) &&
    fqdn.startsWith(SVC, afterNamespace) &&
    fqdn.endsWith(domain)
  );
}

const SVC = '.svc.';

