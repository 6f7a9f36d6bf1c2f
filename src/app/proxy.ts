// Which proxy a command is about, and its derived config. Shared by proxy-config and explain (and
// later `test`), so that a workload is resolved and derived the same way for all of them.
import { deriveGatewayConfig, resolveWorkload, type GatewayDeriveOptions } from '../derive/gateway/index.js';
import { deriveSidecarConfig, type SidecarOptions } from '../derive/sidecar/index.js';
import type { ProxyConfig, ProxyNote, ProxyWorkload } from '../derive/proxyConfig.js';
import { dottedName } from '../diagnostics/ref.js';
import { UsageError } from '../diagnostics/usageError.js';
import type { Workspace } from './workspace.js';

export { parseTarget } from '../derive/gateway/resolveWorkload.js';

/** A workload of the inputs, named as istioctl names it. */
export interface NamedProxy {
  /** `[deploy/|sts/|ds/|pod/]name[.namespace]`; absent: istio-ingressgateway.istio-system, else the only gateway workload. */
  target?: string;
  /** `gateway`: it must be a gateway workload; `sidecar`: its sidecar, whatever it is; absent: whichever it is. */
  as?: 'gateway' | 'sidecar';
}

/** A workload described in full, for proxies the inputs do not hold (Istio's simulation harness). */
export interface GivenProxy {
  workload: ProxyWorkload;
  /** Mesh settings of the sidecar derivation (outbound traffic policy, feature flags). */
  sidecar?: SidecarOptions;
}

export type ProxyChoice = NamedProxy | GivenProxy;

export interface DerivedProxy {
  proxy: ProxyWorkload;
  config: ProxyConfig;
  /** What the user should know about how the proxy was chosen or derived, once per kind of note. */
  notes: ProxyNote[];
}

export function resolveProxy(ws: Workspace, choice: ProxyChoice): { proxy: ProxyWorkload; notes: ProxyNote[] } {
  if ('workload' in choice) return { proxy: choice.workload, notes: [] };
  const { workload, notes } = resolveWorkload(ws.config, choice.target);
  if (choice.as === 'sidecar') return { proxy: { ...workload, mode: 'sidecar' }, notes };
  if (choice.as === 'gateway' && workload.mode !== 'gateway') {
    throw new UsageError(`${dottedName(workload)} is not a gateway workload; use --from to explain a request leaving its sidecar`);
  }
  return { proxy: workload, notes };
}

/** `gateway`: how a gateway's config is derived (its routes when first read, for a command that prints none). */
export function deriveProxy(ws: Workspace, choice: ProxyChoice, gateway: GatewayDeriveOptions = {}): DerivedProxy {
  const { proxy, notes } = resolveProxy(ws, choice);
  const sidecar = 'workload' in choice ? (choice.sidecar ?? {}) : {};
  const config = proxy.mode === 'gateway' ? deriveGatewayConfig(ws.config, proxy, undefined, gateway) : deriveSidecarConfig(ws.config, proxy, sidecar);
  return { proxy, config, notes: oncePerCode([...notes, ...config.notes]) };
}

function oncePerCode(notes: readonly ProxyNote[]): ProxyNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => !seen.has(n.code) && Boolean(seen.add(n.code)));
}
