// The catch-all virtual host of sidecar outbound route configurations (httproute.go
// buildCatchAllVirtualHost): where a Host that no service claims goes, per outbound traffic policy.
import type { DirectResponseAction, VirtualHost } from '../envoy.js';
import type { OutboundMode } from './scope.js';

/** The dynamic forward proxy cluster of ALLOW_ANY_DYNAMIC_DNS (resolves the Host header itself). */
export const DYNAMIC_DNS_CLUSTER = 'AllowAnyDynamicDNSCluster';

export function catchAllVirtualHost(mode: OutboundMode): VirtualHost {
  if (mode === 'ALLOW_ANY' || mode === 'ALLOW_ANY_DYNAMIC_DNS') {
    const name = mode === 'ALLOW_ANY' ? 'allow_any' : 'allow_any_dynamic_dns';
    const cluster = mode === 'ALLOW_ANY' ? 'PassthroughCluster' : DYNAMIC_DNS_CLUSTER;
    return {
      name,
      domains: ['*'],
      routes: [{ name, match: { prefix: '/' }, route: { cluster, timeout: '0s', maxGrpcTimeout: '0s' } }],
      includeRequestAttemptCount: true,
    };
  }
  const direct: DirectResponseAction = { status: 502 };
  return { name: 'block_all', domains: ['*'], routes: [{ name: 'block_all', match: { prefix: '/' }, directResponse: direct }], includeRequestAttemptCount: true };
}
