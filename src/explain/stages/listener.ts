// Envoy listener selection by destination address and port: a listener bound to the exact address,
// then the wildcard one, then (sidecars) virtualOutbound, which is where iptables sends everything.
import type { Listener } from '../../derive/envoy.js';

export interface ListenerIndex {
  byAddressPort: Map<string, Listener>;
  virtualOutbound: Listener | undefined;
}

const key = (address: string, port: number): string => `${address}\u0000${port}`;

export function indexListeners(listeners: readonly Listener[]): ListenerIndex {
  const byAddressPort = new Map<string, Listener>();
  let virtualOutbound: Listener | undefined;
  for (const l of listeners) {
    if (l.name === 'virtualOutbound') virtualOutbound = l;
    const k = key(l.address.socketAddress.address, l.address.socketAddress.portValue);
    if (!byAddressPort.has(k)) byAddressPort.set(k, l);
  }
  return { byAddressPort, virtualOutbound };
}

export interface ListenerChoice {
  listener: Listener;
  via: 'address' | 'wildcard' | 'virtualOutbound';
}

export function selectListener(index: ListenerIndex, port: number, address: string | undefined, sidecar: boolean): ListenerChoice | undefined {
  if (address !== undefined) {
    const exact = index.byAddressPort.get(key(address, port));
    if (exact) return { listener: exact, via: 'address' };
  }
  const wildcard = index.byAddressPort.get(key('0.0.0.0', port)) ?? index.byAddressPort.get(key('::', port));
  if (wildcard) return { listener: wildcard, via: 'wildcard' };
  if (sidecar && index.virtualOutbound) return { listener: index.virtualOutbound, via: 'virtualOutbound' };
  return undefined;
}
