// Which listeners of a Gateway and its ListenerSets conflict (gatewaycommon/listener_conflict.go):
// the oldest listener on a port/hostname wins; the later ones get a conflict reason.
import { creationTime } from '../../model/order.js';
import type { KubernetesGateway, ListenerSet } from '../../model/resource.js';
import type { Listener } from '../../schema/kinds/gatewayApi.js';
import type { ListenerOwner } from './types.js';
import { ownerKey } from './listenerParents.js';

const isTcpUdp = (p: string): boolean => p === 'TCP' || p === 'UDP';
const isHttpLike = (p: string): boolean => p === 'HTTP' || p === 'HTTPS' || p === 'TLS';
const listenerHostname = (l: Listener): string => (l.hostname === undefined || l.hostname === '' ? '*' : l.hostname);

function listenersDistinct(a: Listener, b: Listener): boolean {
  if (a.port !== b.port) return true;
  if ((isTcpUdp(a.protocol) && isHttpLike(b.protocol)) || (isHttpLike(a.protocol) && isTcpUdp(b.protocol))) return false;
  if (isTcpUdp(a.protocol) && isTcpUdp(b.protocol)) return false;
  if (isHttpLike(a.protocol) && isHttpLike(b.protocol)) return listenerHostname(a) !== listenerHostname(b);
  return a.protocol !== b.protocol;
}

function conflictReason(a: Listener, b: Listener): string {
  if (isTcpUdp(a.protocol) && isTcpUdp(b.protocol)) return 'ProtocolConflict';
  return a.protocol !== b.protocol ? 'ProtocolConflict' : 'HostnameConflict';
}

/** ListenerSet listeners take port 80/443 from HTTP/HTTPS when they have none (ListenerEntryPortNumber). */
export function listenerSetPort(l: Listener): { port: number; error?: string } {
  if (l.port !== 0) return { port: l.port };
  if (l.protocol === 'HTTP') return { port: 80 };
  if (l.protocol === 'HTTPS') return { port: 443 };
  return { port: 0, error: `protocol ${l.protocol} requires a port to be set` };
}

/** Listener name → conflict reason, per owner, for one Gateway and its eligible ListenerSets. */
export function computeConflicts(gw: KubernetesGateway, sets: readonly ListenerSet[]): Map<string, Map<string, string>> {
  const ordered: { l: Listener; owner: ListenerOwner }[] = gw.spec.listeners.map((l) => ({ l, owner: gw }));
  const byAge = [...sets].sort((a, b) => {
    const d = creationTime(a) - creationTime(b);
    if (d !== 0) return d;
    const ka = `${a.namespace}/${a.name}`;
    const kb = `${b.namespace}/${b.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const s of byAge) for (const l of s.spec.listeners) ordered.push({ l: { ...l, port: listenerSetPort(l).port }, owner: s });
  const out = new Map<string, Map<string, string>>();
  const accepted: Listener[] = [];
  for (const { l, owner } of ordered) {
    const prior = accepted.find((p) => !listenersDistinct(l, p));
    if (prior) {
      const m = out.get(ownerKey(owner)) ?? new Map<string, string>();
      m.set(l.name, conflictReason(l, prior));
      out.set(ownerKey(owner), m);
      continue;
    }
    accepted.push(l);
  }
  return out;
}
