// Gateways → one internal Istio Gateway per valid listener (their ListenerSets' listeners included),
// the parents routes attach to, and the status istiod writes (gateway_collection.go
// GatewayCollection; conversion.go reportGatewayStatus). ListenerSets: listenerSets.ts.
import type { KubernetesGateway, ListenerSet } from '../../model/resource.js';
import type { Path } from '../../load/sourceMap.js';
import { gatewayServices, resolveGatewayInstances, setProgrammed, statusAddresses } from './addresses.js';
import { cond, configError, setConditions, type CondMap } from './conditions.js';
import { extractCertInfo, keyPairProblem, secretBytes } from './credentials.js';
import { buildListener, conflictedListener } from './listeners.js';
import { firstOfEachName, readConditions, readListenerConditions } from './statusInput.js';
import { GK, MESH_CONTROLLER, EAST_WEST_CONTROLLER, groupKind, type ConfigError, type ListenerStatus, type ObjectStatus } from './types.js';
import { computeConflicts } from './listenerConflicts.js';
import { internalGateway, ownerKey, parentInfo, parentMeta, serviceAccount, type GatewayContext, type ListenerParent } from './listenerParents.js';
import { convertListenerSet, listenerSetNamespaceAllowed, listenerSetParent, nameKey } from './listenerSets.js';
import { pushTo } from '../../model/multiMap.js';

export interface GatewaysResult {
  parents: ListenerParent[];
  statuses: ObjectStatus[];
  /** Per Gateway: the services it binds to (for the auto-deployment and binding). */
  services: Map<KubernetesGateway, string[]>;
}

export function convertGateways(ctx: GatewayContext): GatewaysResult {
  const { index } = ctx;
  const gateways = index.ofKind('KubernetesGateway').filter((g) => !g.rejected);
  const listenerSets = index.ofKind('ListenerSet').filter((l) => !l.rejected);
  // By key, not by scanning every Gateway for each ListenerSet (and back): the first of a name wins,
  // as a scan would find it.
  const gatewayByName = new Map<string, KubernetesGateway>();
  for (const gw of gateways) if (!gatewayByName.has(nameKey(gw.namespace, gw.name))) gatewayByName.set(nameKey(gw.namespace, gw.name), gw);
  const setsByParent = new Map<string, ListenerSet[]>();
  for (const ls of listenerSets) {
    const p = listenerSetParent(ls);
    pushTo(setsByParent, nameKey(p.namespace, p.name), ls);
  }

  // GatewayListenerConflictCollection.
  const conflicts = new Map<KubernetesGateway, Map<string, Map<string, string>>>();
  for (const gw of gateways) {
    const cls = ctx.classes.resolve(gw.spec.gatewayClassName);
    if (!cls || !cls.info.supportsListenerSet) continue;
    const attached = (setsByParent.get(nameKey(gw.namespace, gw.name)) ?? []).filter((ls) => listenerSetNamespaceAllowed(index, ls.namespace, gw));
    conflicts.set(gw, computeConflicts(gw, attached));
  }

  const statuses: ObjectStatus[] = [];
  const services = new Map<KubernetesGateway, string[]>();

  // ListenerSetCollection.
  const setParents = new Map<KubernetesGateway, { ls: ListenerSet; parents: ListenerParent[] }[]>();
  for (const ls of listenerSets) {
    const r = convertListenerSet(ctx, ls, gatewayByName, conflicts);
    if (!r) continue;
    statuses.push(r.status);
    if (r.gateway) {
      const list = setParents.get(r.gateway) ?? [];
      list.push({ ls, parents: r.parents });
      setParents.set(r.gateway, list);
    }
  }

  // GatewayCollection.
  const parents: ListenerParent[] = [];
  for (const gw of gateways) {
    const r = convertGateway(ctx, gw, conflicts.get(gw), setParents.get(gw) ?? []);
    if (!r) continue;
    statuses.push(r.status);
    parents.push(...r.parents);
    services.set(gw, r.services);
  }
  return { parents, statuses, services };
}

function convertGateway(
  ctx: GatewayContext,
  gw: KubernetesGateway,
  conflicts: Map<string, Map<string, string>> | undefined,
  sets: readonly { ls: ListenerSet; parents: ListenerParent[] }[],
): { status: ObjectStatus; parents: ListenerParent[]; services: string[] } | undefined {
  const cls = ctx.classes.resolve(gw.spec.gatewayClassName);
  if (!cls) return undefined;
  const existing = readConditions(gw.status);
  const existingListeners = readListenerConditions(gw.status);
  const status: ObjectStatus = { kind: 'Gateway', namespace: gw.namespace, name: gw.name, conditions: existing };
  if (cls.info.disableRouteGeneration) {
    status.conditions = setConditions(
      existing,
      new Map([
        ['Accepted', cond('Accepted', 'Resource accepted')],
        ['Programmed', cond('Programmed', 'This Gateway is remote; Istio will not program it')],
      ]),
    );
    status.addresses = (gw.spec.addresses ?? []).map((a) => ({ type: a.type ?? '', value: a.value ?? '' }));
    status.listeners = [];
    return { status, parents: [], services: [] };
  }
  const svc = gatewayServices(gw, cls.info, ctx.domainSuffix);
  if (svc.services.length === 0 && svc.error) {
    const backendTlsError = backendClientCertificateError(ctx, gw);
    reportGatewayStatus(ctx, gw, cls.info.addressType, status, existing, svc.services, [], 0, svc.error, backendTlsError, 0);
    return { status, parents: [], services: svc.services };
  }
  const gatewayError = svc.error ?? parametersRefError(ctx, gw);
  const sa = serviceAccount(gw, ctx.classes);
  const mine = conflicts?.get(ownerKey(gw));
  const listeners: ListenerStatus[] = [];
  const parents: ListenerParent[] = [];
  const ports: number[] = [];
  let valid = 0;
  gw.spec.listeners.forEach((l, i) => {
    const prior = existingListeners[i] ?? [];
    const reason = mine?.get(l.name);
    if (reason !== undefined) {
      listeners.push(conflictedListener(l, i, prior, reason));
      return;
    }
    const built = buildListener(ctx, gw, gw.spec, l, i, cls.controller, prior);
    listeners.push(built.status);
    if (built.ok) valid++;
    if (!built.server) return;
    ports.push(l.port);
    if (cls.controller === MESH_CONTROLLER) return;
    if (cls.controller === EAST_WEST_CONTROLLER && l.port === 15008) return;
    const annotations: Record<string, string> = {
      'internal.istio.io/parents': parentMeta('Gateway', gw.name, gw.namespace, l.name),
      'internal.istio.io/gateway-semantics': 'gateway',
      'internal.istio.io/gateway-service': svc.services.join(','),
      'internal.istio.io/service-account-name': sa,
    };
    const config = internalGateway(gw, l, built.server, annotations);
    parents.push({
      config,
      valid: built.ok,
      parent: { kind: GK.Gateway, namespace: gw.namespace, name: gw.name },
      info: parentInfo(gw, l, built.server.hosts ?? [], config.name),
      owner: gw,
      listenerIndex: i,
    });
  });
  let setCount = 0;
  for (const s of sets) {
    const validOnes = s.parents.filter((p) => p.valid);
    if (validOnes.length === 0) continue;
    setCount++;
    for (const p of validOnes) {
      ports.push(...(p.config.spec.servers ?? []).flatMap((srv) => (srv.port ? [srv.port.number] : [])));
      parents.push(p);
    }
  }
  status.listeners = listeners;
  reportGatewayStatus(ctx, gw, cls.info.addressType, status, existing, svc.services, ports, setCount, gatewayError, backendClientCertificateError(ctx, gw), valid);
  return { status, parents, services: svc.services };
}

/** validateParametersRef: only a ConfigMap in the Gateway's namespace. */
function parametersRefError(ctx: GatewayContext, gw: KubernetesGateway): ConfigError | undefined {
  const ref = gw.spec.infrastructure?.parametersRef;
  if (!ref) return undefined;
  const at: Path = ['spec', 'infrastructure', 'parametersRef'];
  if (ref.kind !== 'ConfigMap' || ref.group !== '') {
    return configError('InvalidParameters', `Unsupported parametersRef group/kind ${ref.group}/${ref.kind}, only ConfigMap is supported`, at);
  }
  if (!ctx.index.get('ConfigMap', gw.namespace, ref.name)) return configError('InvalidParameters', `parametersRef ConfigMap ${gw.namespace}/${ref.name} does not exist`, at);
  return undefined;
}

/** validateBackendClientCertificateRef. */
function backendClientCertificateError(ctx: GatewayContext, gw: KubernetesGateway): ConfigError | undefined {
  const ref = gw.spec.tls?.backend?.clientCertificateRef;
  if (!ref) return undefined;
  const at: Path = ['spec', 'tls', 'backend', 'clientCertificateRef'];
  const refText = `${ref.group ?? ''}/${ref.kind ?? ''}/${ref.name}.${ref.namespace ?? ''}`;
  if (groupKind(ref.group, ref.kind, GK.Secret) !== GK.Secret) {
    return configError('InvalidClientCertificateRef', `invalid clientCertificateRef ${refText}, only secret is allowed`, at);
  }
  const ns = ref.namespace ?? gw.namespace;
  const secret = ctx.index.get('Secret', ns, ref.name);
  if (!secret) return configError('InvalidClientCertificateRef', `invalid clientCertificateRef ${refText}, secret ${ns}/${ref.name} not found`, at);
  const info = extractCertInfo(secretBytes(secret.spec));
  if ('error' in info) return configError('InvalidClientCertificateRef', `invalid clientCertificateRef ${refText}, ${info.error}`, at);
  const problem = keyPairProblem(info.cert, info.key);
  if (problem) return configError('InvalidClientCertificateRef', `invalid clientCertificateRef ${refText}, the certificate is malformed: ${problem}`, at);
  if (ns !== gw.namespace && !ctx.grants.allowed(GK.Gateway, gw.namespace, GK.Secret, ns, ref.name)) {
    return configError('RefNotPermitted', `clientCertificateRef ${ref.name}/${ns} not accessible to a Gateway in namespace "${gw.namespace}" (missing a ReferenceGrant?)`, at);
  }
  return undefined;
}

function reportGatewayStatus(
  ctx: GatewayContext,
  gw: KubernetesGateway,
  addressType: string,
  status: ObjectStatus,
  existing: ObjectStatus['conditions'],
  services: readonly string[],
  ports: readonly number[],
  listenerSetCount: number,
  gatewayError: ConfigError | undefined,
  backendTlsError: ConfigError | undefined,
  validListeners: number,
): void {
  const resolved = resolveGatewayInstances(ctx.registry, gw.namespace, services, ports);
  const conds: CondMap = new Map([
    ['Accepted', cond('Accepted', 'Resource accepted')],
    ['Programmed', cond('Programmed', 'Resource programmed')],
    ['ResolvedRefs', cond('ResolvedRefs', 'All references resolved')],
  ]);
  const accepted = conds.get('Accepted');
  const total = gw.spec.listeners.length;
  if (accepted) {
    if (gatewayError) accepted.error = gatewayError;
    else if (total > 0 && validListeners < total) {
      if (validListeners === 0) accepted.error = configError('ListenersNotValid', "None of the Gateway's listeners are valid", ['spec', 'listeners']);
      else {
        accepted.reason = 'ListenersNotValid';
        accepted.message = "One or more of the Gateway's listeners are invalid";
      }
    }
  }
  const resolvedRefs = conds.get('ResolvedRefs');
  if (backendTlsError && resolvedRefs) resolvedRefs.error = backendTlsError;
  if (listenerSetCount !== 0) status.attachedListenerSets = listenerSetCount;
  const frontend = gw.spec.tls?.frontend;
  let conditions = existing;
  if (frontend) {
    const insecure =
      frontend.default.validation?.mode === 'AllowInsecureFallback' || (frontend.perPort ?? []).some((p) => p.tls.validation?.mode === 'AllowInsecureFallback');
    if (insecure) {
      conds.set('InsecureFrontendValidationMode', {
        reason: 'ConfigurationChanged',
        message: 'Gateway is operating in AllowInsecureFallback mode for frontend validation',
        status: 'True',
      });
    } else {
      conditions = conditions.filter((c) => c.type !== 'InsecureFrontendValidationMode');
    }
  }
  setProgrammed(conds, resolved, services, gw.spec.addresses !== undefined ? ['spec', 'addresses'] : ['spec', 'gatewayClassName']);
  const addresses = statusAddresses(resolved, gw.metadata.annotations?.['networking.istio.io/address-type'] ?? addressType);
  if (addresses.length > 0) status.addresses = addresses;
  status.listeners = firstOfEachName(status.listeners ?? [], gw.spec.listeners);
  status.conditions = setConditions(conditions, conds);
}
