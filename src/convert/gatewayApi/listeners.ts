// One Gateway API listener → one Istio server and the listener's status conditions (conversion.go
// buildListener, buildTLS, buildHostnameMatch, namespacesFromSelector, listenerProtocolToIstio;
// gatewaycommon GenerateGatewaySupportedKinds, ReportListenerCondition).
import type { ConfigIndex } from '../../model/configIndex.js';
import type { Path } from '../../load/sourceMap.js';
import type { Server } from '../../schema/kinds/gateway.js';
import type { KubernetesGatewaySpec, LabelSelector, Listener } from '../../schema/kinds/gatewayApi.js';
import { cond, configError, setConditions, type CondMap } from './conditions.js';
import { buildTls, frontendTls, type Ctx } from './listenerTls.js';
import { EAST_WEST_CONTROLLER, GATEWAY_API_GROUP, MESH_CONTROLLER, type Condition, type ConfigError, type ListenerOwner, type ListenerStatus, type RouteGroupKindOut } from './types.js';

/** Labels of a Namespace as selectors see them (kubernetes.io/metadata.name is always implied). */
export function namespaceLabels(index: ConfigIndex, name: string): Record<string, string> | undefined {
  const ns = index.get('Namespace', '', name);
  if (!ns) return undefined;
  return { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
}

/** metav1.LabelSelectorAsSelector + Matches; undefined when the selector is invalid. */
export function labelSelectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean | undefined {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = has ? labels[e.key] : undefined;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (values.length === 0) return undefined;
        if (!has || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        if (has && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (values.length > 0) return undefined;
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        if (has) return false;
        break;
      default:
        return undefined;
    }
  }
  return true;
}

/** namespacesFromSelector: the namespaces whose routes a listener admits ("*" = all). */
export function allowedNamespaces(index: ConfigIndex, localNamespace: string, l: Listener): string[] {
  const ns = l.allowedRoutes?.namespaces;
  const from = ns?.from;
  if (from === undefined || from === 'Same') return [localNamespace];
  if (from === 'All') return ['*'];
  if (!ns?.selector) return ['*'];
  const out: string[] = [];
  for (const n of index.ofKind('Namespace')) {
    const labels = namespaceLabels(index, n.name);
    const m = labels ? labelSelectorMatches(ns.selector, labels) : false;
    if (m === undefined) return [];
    if (m) out.push(n.name);
  }
  return out.sort();
}

/** buildHostnameMatch: `ns/host` per admitted namespace; `~/host` (matches nothing) when none is. */
export function serverHosts(index: ConfigIndex, localNamespace: string, l: Listener): string[] {
  const hostname = l.hostname ?? '*';
  const hosts = allowedNamespaces(index, localNamespace, l)
    .filter((n) => n.length > 0)
    .map((n) => `${n}/${hostname}`);
  return hosts.length === 0 ? [`~/${hostname}`] : hosts;
}

const routeKind = (kind: string): RouteGroupKindOut => ({ group: GATEWAY_API_GROUP, kind });

/** GenerateGatewaySupportedKinds: the route kinds a listener takes, and whether allowedRoutes.kinds names only those. */
export function supportedKinds(l: Listener): { kinds: RouteGroupKindOut[]; valid: boolean } {
  let supported: RouteGroupKindOut[] = [];
  switch (l.protocol) {
    case 'HTTP':
    case 'HTTPS':
      supported = [routeKind('HTTPRoute'), routeKind('GRPCRoute')];
      break;
    case 'TCP':
      supported = [routeKind('TCPRoute')];
      break;
    case 'TLS':
      supported = [routeKind('TLSRoute')];
      if (l.tls?.mode === 'Terminate') supported.push(routeKind('TCPRoute'));
      break;
  }
  const allowed = l.allowedRoutes?.kinds ?? [];
  if (allowed.length === 0) return { kinds: supported, valid: true };
  const kinds = supported.filter((s) => allowed.some((a) => a.kind === s.kind && (a.group ?? GATEWAY_API_GROUP) === s.group));
  return { kinds, valid: kinds.length === allowed.length };
}

const SUPPORTED_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS', 'TCP', 'HBONE']);

/** listenerProtocolToIstio. */
function istioProtocol(controller: string, p: string): { protocol: string } | { error: string } {
  if (p === 'HTTP' || p === 'HTTPS' || p === 'TLS' || p === 'TCP') return { protocol: p };
  if (p === 'HBONE') {
    if (controller !== MESH_CONTROLLER && controller !== EAST_WEST_CONTROLLER) return { error: `protocol "${p}" is only supported for waypoint proxies` };
    return { protocol: p };
  }
  const up = p.toUpperCase();
  if (SUPPORTED_PROTOCOLS.has(up)) return { error: `protocol "${p}" is unsupported. hint: "${up}" (uppercase) may be supported` };
  return { error: `protocol "${p}" is unsupported` };
}

function isAutoPassthrough(ownerLabels: Readonly<Record<string, string>>, l: Listener): boolean {
  if (!l.tls) return false;
  if (l.tls.options?.['gateway.istio.io/listener-protocol'] === 'auto-passthrough') return true;
  if (!Object.hasOwn(ownerLabels, 'topology.istio.io/network')) return false;
  const expected = ownerLabels['networking.istio.io/gatewayPort'] ?? '15443';
  return String(l.port) === expected;
}


const unexpectedWaypointListener = (l: Listener): boolean => l.port !== 15008 || l.protocol !== 'HBONE';
function unexpectedEastWestListener(l: Listener): boolean {
  if (l.port === 15008) return l.protocol !== 'HBONE' || !l.tls || (l.tls.mode ?? 'Terminate') !== 'Terminate';
  return !(l.protocol === 'TLS' && l.tls?.mode === 'Passthrough');
}

export interface BuiltListener {
  /** The Istio server, or none (invalid protocol/TLS placeholder). */
  server: Server | undefined;
  /** The listener is valid (Programmed). */
  ok: boolean;
  status: ListenerStatus;
}

/** buildListener for listener `i` of a Gateway or ListenerSet. `existing` = the listener's conditions in the input status. */
export function buildListener(
  ctx: Ctx,
  owner: ListenerOwner,
  gateway: KubernetesGatewaySpec,
  l: Listener,
  i: number,
  controller: string,
  existing: readonly Condition[],
  portError?: string,
): BuiltListener {
  const at: Path = ['spec', 'listeners', i];
  const conds: CondMap = new Map([
    ['Accepted', cond('Accepted', 'No errors found')],
    ['Programmed', cond('Programmed', 'No errors found')],
    ['Conflicted', cond('NoConflicts', 'No errors found', 'False')],
    ['ResolvedRefs', cond('ResolvedRefs', 'No errors found')],
  ]);
  const set = (type: string, error: ConfigError): void => {
    const c = conds.get(type);
    if (c) conds.set(type, { ...c, error });
  };
  let ok = true;
  const fpath: Path = (() => {
    const f = gateway.tls?.frontend;
    const pp = f?.perPort?.findIndex((p) => p.port === l.port) ?? -1;
    return pp >= 0 ? ['spec', 'tls', 'frontend', 'perPort', pp, 'tls'] : ['spec', 'tls', 'frontend', 'default'];
  })();
  const built = buildTls(ctx, frontendTls(l.port, gateway), fpath, l.tls, owner, isAutoPassthrough(owner.metadata.labels ?? {}, l), at);
  if (built.error) {
    set('ResolvedRefs', built.error);
    set('Programmed', configError('Invalid', 'Bad TLS configuration', built.error.path));
    if (['InvalidCACertificateRef', 'InvalidCACertificateKind', 'RefNotPermitted'].includes(built.error.reason)) {
      set('Accepted', configError('NoValidCACertificate', built.error.message, built.error.path));
    }
    ok = false;
  }
  const hosts = serverHosts(ctx.index, owner.namespace, l);
  if (portError !== undefined) {
    set('Accepted', configError('UnsupportedProtocol', portError, [...at, 'port']));
    ok = false;
  }
  const proto = istioProtocol(controller, l.protocol);
  if ('error' in proto) {
    set('Accepted', configError('UnsupportedProtocol', proto.error, [...at, 'protocol']));
    ok = false;
  }
  if (controller === MESH_CONTROLLER && unexpectedWaypointListener(l)) {
    set('Accepted', configError('UnsupportedProtocol', 'Expected a single listener on port 15008 with protocol "HBONE"', at));
  }
  if (controller === EAST_WEST_CONTROLLER && unexpectedEastWestListener(l)) {
    set(
      'Accepted',
      configError(
        'UnsupportedProtocol',
        'East-west gateway listeners must be either port 15008 with protocol "HBONE" and TLS.Mode == Terminate, or TLS with TLS.Mode == Passthrough',
        at,
      ),
    );
  }
  let server: Server | undefined = {
    port: { name: 'default', number: l.port, protocol: 'protocol' in proto ? proto.protocol : '' },
    hosts,
    ...(built.tls ? { tls: built.tls } : {}),
  };
  if (!built.tls && (l.protocol === 'HTTPS' || l.protocol === 'TLS')) {
    // A placeholder for ListenerSets: no server.
    server = undefined;
    if (owner.kind === 'ListenerSet') {
      ok = false;
      set('Accepted', configError('UnsupportedProtocol', `protocol is ${l.protocol} but no TLS section is defined`, [...at, 'protocol']));
      set('Programmed', configError('Invalid', 'Bad TLS configuration', [...at, 'protocol']));
    }
  }
  return { server, ok, status: listenerStatus(l, i, existing, conds) };
}

/** ReportListenerCondition: supported kinds, InvalidRouteKinds, conditions merged into the existing ones. */
export function listenerStatus(l: Listener, i: number, existing: readonly Condition[], conds: CondMap): ListenerStatus {
  const { kinds, valid } = supportedKinds(l);
  if (!valid) {
    conds.set('ResolvedRefs', { reason: 'InvalidRouteKinds', status: 'False', message: 'Invalid route kinds' });
  }
  const conditions = setConditions(existing, conds);
  if (!valid) {
    const rr = conditions.find((c) => c.type === 'ResolvedRefs');
    if (rr) rr.path = ['spec', 'listeners', i, 'allowedRoutes', 'kinds'];
  }
  return { name: l.name, index: i, attachedRoutes: 0, supportedKinds: kinds, conditions };
}

/** ReportListenerConflict. */
export function conflictedListener(l: Listener, i: number, existing: readonly Condition[], reason: string): ListenerStatus {
  const msg = 'Listener has a conflict with another listener attached to the same Gateway';
  const at: Path = ['spec', 'listeners', i];
  const conds: CondMap = new Map([
    ['Accepted', { reason: '', message: '', error: configError(reason, msg, at) }],
    ['Programmed', { reason: '', message: '', error: configError(reason, msg, at) }],
    ['Conflicted', { reason, message: msg, status: 'True' }],
  ]);
  const status = listenerStatus(l, i, existing, conds);
  const conflicted = status.conditions.find((c) => c.type === 'Conflicted');
  if (conflicted) conflicted.path = at;
  return status;
}

export type { LabelSelector };
