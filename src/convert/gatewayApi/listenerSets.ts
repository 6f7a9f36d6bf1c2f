// ListenerSets → their listeners' internal Gateways and the ListenerSet status istiod writes
// (gateway_collection.go ListenerSetCollection, ReportListenerSetStatus).
import type { ConfigIndex } from '../../model/configIndex.js';
import type { KubernetesGateway, ListenerSet } from '../../model/resource.js';
import { gatewayServices, resolveGatewayInstances, setProgrammed } from './addresses.js';
import { cond, configError, setConditions, type CondMap } from './conditions.js';
import { buildListener, conflictedListener, labelSelectorMatches, namespaceLabels } from './listeners.js';
import { firstOfEachName, readConditions, readListenerConditions } from './statusInput.js';
import { GK, MESH_CONTROLLER, EAST_WEST_CONTROLLER, groupKind, type ConfigError, type ListenerStatus, type ObjectStatus } from './types.js';
import { listenerSetPort } from './listenerConflicts.js';
import { internalGateway, ownerKey, parentInfo, parentMeta, serviceAccount, type GatewayContext, type ListenerParent } from './listenerParents.js';

/** A Gateway's key by namespace and name (NUL cannot occur in either, so keys never collide). */
export const nameKey = (namespace: string, name: string): string => `${namespace}\u0000${name}`;

/** NamespaceAcceptedByAllowListeners: whether a Gateway lets ListenerSets of a namespace attach. */
export function listenerSetNamespaceAllowed(index: ConfigIndex, ns: string, gw: KubernetesGateway): boolean {
  const n = gw.spec.allowedListeners?.namespaces;
  if (!n) return false;
  switch (n.from) {
    case 'All':
      return true;
    case 'Same':
      return ns === gw.namespace;
    case 'None':
      return false;
    case 'Selector':
    case undefined:
      break;
  }
  if (!n.selector) return false;
  const labels = namespaceLabels(index, ns);
  if (!labels) return false;
  return labelSelectorMatches(n.selector, labels) === true;
}

export const listenerSetParent = (ls: ListenerSet): { namespace: string; name: string } => ({ namespace: ls.spec.parentRef.namespace ?? ls.namespace, name: ls.spec.parentRef.name });

export function convertListenerSet(
  ctx: GatewayContext,
  ls: ListenerSet,
  /** Gateways by nameKey. */
  gateways: ReadonlyMap<string, KubernetesGateway>,
  conflicts: Map<KubernetesGateway, Map<string, Map<string, string>>>,
): { status: ObjectStatus; parents: ListenerParent[]; gateway?: KubernetesGateway } | undefined {
  const p = ls.spec.parentRef;
  if (groupKind(p.group, p.kind, GK.Gateway) !== GK.Gateway) return undefined;
  const pns = p.namespace ?? ls.namespace;
  const gw = gateways.get(nameKey(pns, p.name));
  if (!gw) return undefined;
  const cls = ctx.classes.resolve(gw.spec.gatewayClassName);
  if (!cls) return undefined;
  const existing = readConditions(ls.status);
  const existingListeners = readListenerConditions(ls.status);
  const status: ObjectStatus = { kind: 'ListenerSet', namespace: ls.namespace, name: ls.name, conditions: existing };
  const notAllowed = (message: string): { status: ObjectStatus; parents: ListenerParent[] } => {
    const error = configError('NotAllowed', message, ['spec', 'parentRef']);
    status.conditions = setConditions(
      existing,
      new Map([
        ['Accepted', { reason: 'Accepted', message: '', error }],
        ['Programmed', { reason: 'Programmed', message: '', error }],
      ]),
    );
    return { status, parents: [] };
  };
  if (!cls.info.supportsListenerSet) return notAllowed(`The "${cls.name}" GatewayClass does not support ListenerSet`);
  if (!listenerSetNamespaceAllowed(ctx.index, ls.namespace, gw)) return notAllowed("The parent Gateway does not allow this reference; check the 'spec.allowedRoutes'");

  const svc = gatewayServices(gw, cls.info, ctx.domainSuffix);
  if (svc.services.length === 0 && svc.error) {
    reportListenerSetStatus(ctx, gw, ls, status, existing, svc.services, [], svc.error, true);
    return { status, parents: [], gateway: gw };
  }
  const mine = conflicts.get(gw)?.get(ownerKey(ls));
  const listeners: ListenerStatus[] = [];
  const parents: ListenerParent[] = [];
  const servers: number[] = [];
  let valid = 0;
  ls.spec.listeners.forEach((raw, i) => {
    const port = listenerSetPort(raw);
    const l = { ...raw, port: port.port };
    const prior = existingListeners[i] ?? [];
    const reason = mine?.get(l.name);
    if (reason !== undefined) {
      listeners.push(conflictedListener(l, i, prior, reason));
      return;
    }
    const built = buildListener(ctx, ls, gw.spec, l, i, cls.controller, prior, port.error);
    listeners.push(built.status);
    if (!built.server) return;
    if (built.ok) valid++;
    servers.push(l.port);
    if (cls.controller === MESH_CONTROLLER) return;
    if (cls.controller === EAST_WEST_CONTROLLER && l.port === 15008) return;
    const annotations: Record<string, string> = {
      'internal.istio.io/parents': parentMeta('ListenerSet', ls.name, ls.namespace, l.name),
      'internal.istio.io/gateway-semantics': 'gateway',
      'internal.istio.io/gateway-service': svc.services.join(','),
      'internal.istio.io/parent-namespace': gw.namespace,
      'internal.istio.io/service-account-name': serviceAccount(gw, ctx.classes),
    };
    const config = internalGateway(ls, l, built.server, annotations);
    parents.push({
      config,
      valid: built.ok,
      parent: { kind: GK.ListenerSet, namespace: ls.namespace, name: ls.name },
      info: parentInfo(ls, l, built.server.hosts ?? [], config.name),
      owner: ls,
      listenerIndex: i,
      gatewayParent: gw,
    });
  });
  status.listeners = listeners;
  reportListenerSetStatus(ctx, gw, ls, status, existing, svc.services, servers, svc.error, valid > 0);
  return { status, parents, gateway: gw };
}

function reportListenerSetStatus(
  ctx: GatewayContext,
  gw: KubernetesGateway,
  ls: ListenerSet,
  status: ObjectStatus,
  existing: ObjectStatus['conditions'],
  services: readonly string[],
  ports: readonly number[],
  gatewayError: ConfigError | undefined,
  listenersValid: boolean,
): void {
  const resolved = resolveGatewayInstances(ctx.registry, gw.namespace, services, ports);
  const conds: CondMap = new Map([
    ['Accepted', cond('Accepted', 'Resource accepted')],
    ['Programmed', cond('Programmed', 'Resource programmed')],
  ]);
  const listenersError = listenersValid ? undefined : configError('ListenersNotValid', "None of the ListenerSet's listeners are valid", ['spec', 'listeners']);
  const accepted = conds.get('Accepted');
  if (accepted) {
    if (gatewayError) accepted.error = { ...gatewayError, message: `Parent not accepted: ${gatewayError.message}`, path: ['spec', 'parentRef'] };
    else if (listenersError) accepted.error = listenersError;
  }
  setProgrammed(conds, resolved, services, ['spec', 'parentRef']);
  const programmed = conds.get('Programmed');
  if (listenersError && programmed) programmed.error = listenersError;
  status.listeners = firstOfEachName(status.listeners ?? [], ls.spec.listeners);
  status.conditions = setConditions(existing, conds);
}
