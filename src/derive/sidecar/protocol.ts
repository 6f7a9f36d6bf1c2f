// Istio protocol instances and the Kubernetes port → protocol conversion (pkg/config/protocol,
// pkg/config/kube/conversion.go ConvertProtocol), written from their behaviour.

export type Protocol =
  | 'GRPC'
  | 'GRPC-Web'
  | 'HTTP'
  | 'HTTP_PROXY'
  | 'HTTP2'
  | 'HTTPS'
  | 'TCP'
  | 'TLS'
  | 'UDP'
  | 'Mongo'
  | 'Redis'
  | 'MySQL'
  | 'UnsupportedProtocol';

const BY_NAME: ReadonlyMap<string, Protocol> = new Map<string, Protocol>([
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['grpc', 'GRPC'],
  ['grpc-web', 'GRPC-Web'],
  ['http', 'HTTP'],
  ['http_proxy', 'HTTP_PROXY'],
  ['http2', 'HTTP2'],
  ['https', 'HTTPS'],
  ['tls', 'TLS'],
  ['mongo', 'Mongo'],
  ['redis', 'Redis'],
  ['mysql', 'MySQL'],
]);

/** Istio `protocol.Parse`: case-insensitive; anything else is "unsupported" (= auto-detected on sidecars). */
export function parseProtocol(s: string | undefined): Protocol {
  return BY_NAME.get((s ?? '').toLowerCase()) ?? 'UnsupportedProtocol';
}

// Ports Istio treats as TCP when the name says nothing (SMTP, DNS, MySQL, MongoDB).
const WELL_KNOWN_TCP_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/**
 * `ConvertProtocol`: UDP wins; else appProtocol (with the kubernetes.io/h2c|ws|wss names) or the port
 * name, whose prefix before the first `-` is parsed (`grpc-web` checked first because it has a dash).
 */
export function convertKubernetesProtocol(port: number, portName: string | undefined, l4: string | undefined, appProtocol: string | undefined): Protocol {
  if (l4 === 'UDP') return 'UDP';
  let name = portName ?? '';
  if (appProtocol !== undefined) {
    name = appProtocol;
    if (name === 'kubernetes.io/h2c') return 'HTTP2';
    if (name === 'kubernetes.io/ws') return 'HTTP';
    if (name === 'kubernetes.io/wss') return 'HTTPS';
  }
  if (name.length >= 8 && name.slice(0, 8).toLowerCase() === 'grpc-web') return 'GRPC-Web';
  const dash = name.indexOf('-');
  const p = parseProtocol(dash >= 0 ? name.slice(0, dash) : name);
  if (p === 'UnsupportedProtocol' && WELL_KNOWN_TCP_PORTS.has(port)) return 'TCP';
  return p;
}

export function isHttp(p: Protocol): boolean {
  return p === 'HTTP' || p === 'HTTP2' || p === 'HTTP_PROXY' || p === 'GRPC' || p === 'GRPC-Web';
}

export function isTcp(p: Protocol): boolean {
  return p === 'TCP' || p === 'HTTPS' || p === 'TLS' || p === 'Mongo' || p === 'Redis' || p === 'MySQL';
}

/** Istio `IsTLS`: the ports whose TCP chains are told apart by SNI. */
export function isTls(p: Protocol): boolean {
  return p === 'HTTPS' || p === 'TLS';
}

export function isSniffed(p: Protocol): boolean {
  return p === 'UnsupportedProtocol';
}

export function isHttpOrSniffed(p: Protocol): boolean {
  return isHttp(p) || isSniffed(p);
}

/** Istio's listener protocol: HTTP, TCP, auto-detected, or none (UDP). */
export type ListenerProtocol = 'HTTP' | 'TCP' | 'Auto' | 'None';

export function listenerProtocolOf(p: Protocol): ListenerProtocol {
  if (isHttp(p)) return 'HTTP';
  if (isTcp(p)) return 'TCP';
  if (isSniffed(p)) return 'Auto';
  return 'None';
}
