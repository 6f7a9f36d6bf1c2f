// Name syntax checks shared by the kind schemas (pkg/config/validation in Istio).

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const WILDCARD_LABEL = /^(\*|\*?[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?|[A-Za-z0-9])$/;
const HOST_LABEL = /^[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?$/;

export const PROTOCOLS = ['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'GRPC-WEB', 'TCP', 'TLS', 'MONGO', 'REDIS', 'MYSQL', 'UDP', 'HTTP_PROXY'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Istio parses protocols case-insensitively (protocol.Parse). */
export function parseProtocol(p: string): Protocol | undefined {
  const up = p.toUpperCase();
  return (PROTOCOLS as readonly string[]).includes(up) ? (up as Protocol) : undefined;
}

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** A host that may start with a wildcard (`*`, `*.a.com`, `*foo.a.com`); Istio's ValidateWildcardDomain. */
export function wildcardHostProblem(host: string): string | undefined {
  if (host.length === 0) return 'host must not be empty';
  if (host.length > 255) return `host is ${host.length} characters long; at most 255 are allowed`;
  if (host === '*') return undefined;
  const labels = host.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? '';
    if (label.length === 0) return `host "${short(host)}" has an empty label`;
    if (label.length > 63) return `host "${short(host)}" has a label longer than 63 characters`;
    const ok = i === 0 ? WILDCARD_LABEL.test(label) : HOST_LABEL.test(label);
    if (!ok) return `host "${short(host)}" is not a valid DNS name${label.includes('*') ? ' (a wildcard is only allowed as the first character)' : ''}`;
  }
  return undefined;
}

/** Gateway server host `ns/host` (spec §1.3). */
export function serverHostProblem(raw: string): string | undefined {
  const slash = raw.indexOf('/');
  if (slash === -1) return wildcardHostProblem(raw);
  const ns = raw.slice(0, slash);
  const host = raw.slice(slash + 1);
  if (ns !== '*' && ns !== '.' && !isDns1123Label(ns)) return `namespace "${short(ns)}" in host "${short(raw)}" must be "*", "." or a namespace name`;
  return wildcardHostProblem(host);
}

export function short(s: string): string {
  return s.length > 80 ? `${s.slice(0, 60)}…(${s.length} characters)` : s;
}
