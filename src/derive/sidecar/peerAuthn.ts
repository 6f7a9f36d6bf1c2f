// The mTLS mode a workload accepts on each port (security/authn policy_applier.go
// ComposePeerAuthentication): the mesh-wide PeerAuthentication (root namespace, no selector), then
// the namespace-wide one, then the workload's own (a selector matching the pod, not in the root
// namespace); the oldest wins within a scope, UNSET inherits, and the workload policy's
// portLevelMtls overrides per workload (target) port. PERMISSIVE when nothing applies.
import type { ConfigIndex } from '../../model/configIndex.js';
import { meshOf } from '../../model/mesh.js';
import { configOrder } from '../../model/order.js';
import type { PeerAuthentication } from '../../model/resource.js';
import { selectorMatches } from '../gateway/labels.js';

export type MtlsMode = 'DISABLE' | 'PERMISSIVE' | 'STRICT';

export interface PeerAuthnPolicy {
  mode: MtlsMode;
  /** portLevelMtls of the workload policy, by workload port. */
  perPort: ReadonlyMap<number, MtlsMode>;
  /** The PeerAuthentications that decided it, mesh → namespace → workload (for explanations). */
  sources: readonly { namespace: string; name: string }[];
}

const modeOf = (m: string | null | undefined): MtlsMode | undefined => (m === 'DISABLE' || m === 'PERMISSIVE' || m === 'STRICT' ? m : undefined);

function oldest(list: readonly PeerAuthentication[]): PeerAuthentication | undefined {
  let best: PeerAuthentication | undefined;
  for (const pa of list) if (!best || configOrder(pa, best) < 0) best = pa;
  return best;
}

export function peerAuthnFor(index: ConfigIndex, namespace: string, labels: Readonly<Record<string, string>>): PeerAuthnPolicy {
  const root = meshOf(index.options).rootNamespace;
  const mesh: PeerAuthentication[] = [];
  const ns: PeerAuthentication[] = [];
  const workload: PeerAuthentication[] = [];
  for (const pa of index.ofKind('PeerAuthentication')) {
    if (pa.rejected) continue;
    const selector = pa.spec.selector?.matchLabels ?? {};
    const wide = Object.keys(selector).length === 0;
    if (wide && pa.namespace === root) mesh.push(pa);
    else if (wide && pa.namespace === namespace) ns.push(pa);
    else if (!wide && pa.namespace === namespace && pa.namespace !== root && selectorMatches(selector, labels)) workload.push(pa);
  }
  let mode: MtlsMode = 'PERMISSIVE';
  const sources: { namespace: string; name: string }[] = [];
  for (const pa of [oldest(mesh), oldest(ns)]) {
    const m = modeOf(pa?.spec.mtls?.mode);
    if (pa && m) {
      mode = m;
      sources.push({ namespace: pa.namespace, name: pa.name });
    }
  }
  const w = oldest(workload);
  const perPort = new Map<number, MtlsMode>();
  if (w) {
    const m = modeOf(w.spec.mtls?.mode);
    if (m) mode = m;
    sources.push({ namespace: w.namespace, name: w.name });
    for (const [port, setting] of Object.entries(w.spec.portLevelMtls ?? {})) {
      const n = Number(port);
      if (Number.isInteger(n) && n > 0) perPort.set(n, modeOf(setting.mode) ?? mode);
    }
  }
  return { mode, perPort, sources };
}

export function mtlsModeForPort(p: PeerAuthnPolicy, port: number): MtlsMode {
  return p.perPort.get(port) ?? p.mode;
}
