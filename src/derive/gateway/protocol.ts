// Istio protocol classes for gateway servers (pkg/config/protocol, pkg/config/gateway/gateway.go).
import type { Server } from '../../schema/kinds/gateway.js';
import { parseProtocol } from '../../schema/validateNames.js';

const HTTP_FAMILY = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY']);

export function isHttpProtocol(p: string): boolean {
  return HTTP_FAMILY.has(parseProtocol(p) ?? '');
}
export function normalProtocol(p: string): string {
  return parseProtocol(p) ?? 'UNSUPPORTED';
}
export function isPassthroughServer(s: Server): boolean {
  const mode = s.tls?.mode ?? 'PASSTHROUGH';
  return s.tls !== undefined && (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH');
}
/** Non-HTTP server with a tls block (httpsRedirect-only HTTP servers are not TLS servers). */
export function isTlsServer(s: Server): boolean {
  return s.tls !== undefined && !isHttpProtocol(s.port?.protocol ?? '');
}
/** HTTP-family, or HTTPS that terminates TLS. */
export function isHttpServer(s: Server): boolean {
  const p = s.port?.protocol ?? '';
  return isHttpProtocol(p) || (normalProtocol(p) === 'HTTPS' && !isPassthroughServer(s));
}
export function isHttpsTerminating(s: Server): boolean {
  return s.tls !== undefined && normalProtocol(s.port?.protocol ?? '') === 'HTTPS' && !isPassthroughServer(s);
}
