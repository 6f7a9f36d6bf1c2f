// The Gateway API overlay: Gateway API objects → the internal Istio Gateways and VirtualServices
// istiod generates, the gateway workloads it deploys, and the status conditions it would write.
// Pure: a function of the index. Written from istio/istio 86c9f01 pilot/pkg/config/kube/gateway and
// gatewaycommon (see the module headers for the functions each file follows).
import type { Finding } from '../../diagnostics/finding.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { CLUSTER_SCOPED, type Deployment, type Gateway, type Kind, type KubernetesGateway, type Namespace, type Resource, type ResourceOf, type Service } from '../../model/resource.js';
import {
  defaultGatewaySpec,
  defaultGrpcRouteSpec,
  defaultHttpRouteSpec,
  defaultL4RouteSpec,
  defaultListenerSetSpec,
} from '../../schema/kinds/gatewayApiDefaults.js';
import { isManaged } from './addresses.js';
import { gatewayClasses, type ClassFeatures } from './classes.js';
import { setConditions } from './conditions.js';
import { autoDeployment, type AutoDeployment } from './deployment.js';
import { convertGateways } from './gateways.js';
import type { ListenerParent } from './listenerParents.js';
import { referenceGrants } from './references.js';
import { kubeRegistryService, registryFromIndex, registryOf, type ServiceRegistry } from './registry.js';
import { conversionFindings } from './findings.js';
import type { DerivedVirtualService } from './routeOrigins.js';
import { routeParents, type AnyRoute, type RouteParentReference } from './routeParents.js';
import { convertRoutes } from './routes.js';
import type { ObjectStatus } from './types.js';

export interface GatewayApiOptions extends Partial<ClassFeatures> {
  /** Apply the CRDs' defaults first, as the API server does on admission (default true). */
  crdDefaults?: boolean;
  /** Every namespace the inputs use exists, with only its implicit name label (default true). */
  implicitNamespaces?: boolean;
  /** Add the Deployment and Service istiod deploys for managed Gateways the inputs lack (default true). */
  autoDeploy?: boolean;
  /** The service registry (default: the inputs' Services and ServiceEntries, plus the auto-deployed Services). */
  registry?: ServiceRegistry;
}

export interface GatewayApiConversion {
  /** Internal Gateways of valid listeners: what proxies get. */
  gateways: Gateway[];
  /** Every listener with a server, valid or not, with its parent bookkeeping. */
  listeners: ListenerParent[];
  virtualServices: DerivedVirtualService[];
  /** Deployments and Services istiod would create (only those the inputs do not hold). */
  deployments: AutoDeployment[];
  statuses: ObjectStatus[];
  /** Every (route, parentRef, listener) considered. */
  references: Map<AnyRoute, RouteParentReference[]>;
  /** The negative status conditions and gwctl's own attachment checks, as findings on the objects the user wrote. */
  findings: Finding[];
}

const GATEWAY_API_KINDS: readonly Kind[] = ['KubernetesGateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'ListenerSet', 'ReferenceGrant'];

export const hasGatewayApi = (index: ConfigIndex): boolean => GATEWAY_API_KINDS.some((k) => index.ofKind(k).length > 0);

function defaulted(r: Resource): Resource {
  switch (r.kind) {
    case 'KubernetesGateway':
      return { ...r, spec: defaultGatewaySpec(r.spec) };
    case 'ListenerSet':
      return { ...r, spec: defaultListenerSetSpec(r.spec) };
    case 'HTTPRoute':
      return { ...r, spec: defaultHttpRouteSpec(r.spec) };
    case 'GRPCRoute':
      return { ...r, spec: defaultGrpcRouteSpec(r.spec) };
    case 'TCPRoute':
    case 'TLSRoute':
      return { ...r, spec: defaultL4RouteSpec(r.spec) };
    default:
      return r;
  }
}

/** The index as istiod's informers see it: defaulted Gateway API objects, implicit Namespaces. */
function viewOf(index: ConfigIndex, opts: GatewayApiOptions): ConfigIndex {
  const replaced = new Map<Kind, Resource[]>();
  if (opts.crdDefaults !== false) {
    for (const k of ['KubernetesGateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute'] as const) {
      const list = index.ofKind(k);
      if (list.length > 0) replaced.set(k, list.map(defaulted));
    }
  }
  if (opts.implicitNamespaces !== false) {
    const have = new Set(index.ofKind('Namespace').map((n) => n.name));
    const extra: Namespace[] = [];
    for (const ns of index.namespaces()) {
      if (have.has(ns)) continue;
      extra.push({ kind: 'Namespace', apiVersion: 'v1', name: ns, namespace: '', metadata: { name: ns }, spec: {}, origin: { file: '', doc: -1, base: [] }, rejected: false });
    }
    if (extra.length > 0) replaced.set('Namespace', [...index.ofKind('Namespace'), ...extra]);
  }
  if (replaced.size === 0) return index;
  const key = (kind: string, ns: string, name: string): string => `${kind}\u0000${CLUSTER_SCOPED.has(kind) ? '' : ns}\u0000${name}`;
  const byKey = new Map<string, Resource>();
  for (const list of replaced.values()) for (const r of list) byKey.set(key(r.kind, r.namespace, r.name), r);
  return {
    options: index.options,
    all: index.all,
    ofKind: <K extends Kind>(kind: K) => (replaced.get(kind) ?? index.ofKind(kind)) as readonly ResourceOf<K>[],
    get: <K extends Kind>(kind: K, namespace: string, name: string) =>
      replaced.has(kind) ? (byKey.get(key(kind, namespace, name)) as ResourceOf<K> | undefined) : index.get(kind, namespace, name),
    namespaces: () => index.namespaces(),
  };
}

export function convertGatewayApi(input: ConfigIndex, opts: GatewayApiOptions = {}): GatewayApiConversion {
  const features: ClassFeatures = { ambientWaypoints: opts.ambientWaypoints ?? false, ambientMultiNetwork: opts.ambientMultiNetwork ?? false };
  const index = viewOf(input, opts);
  const domainSuffix = index.options.domainSuffix;
  const classes = gatewayClasses(index, features);
  const grants = referenceGrants(index.ofKind('ReferenceGrant'));

  // The gateway workloads istiod would deploy for managed Gateways the inputs do not hold.
  const deployments: AutoDeployment[] = [];
  if (opts.autoDeploy !== false) {
    for (const gw of index.ofKind('KubernetesGateway')) {
      if (gw.rejected || !isManaged(gw)) continue;
      const cls = classes.resolve(gw.spec.gatewayClassName);
      if (!cls || cls.info.disableRouteGeneration) continue;
      const sets = index.ofKind('ListenerSet').filter((ls) => !ls.rejected && (ls.spec.parentRef.namespace ?? ls.namespace) === gw.namespace && ls.spec.parentRef.name === gw.name);
      const d = autoDeployment(gw, cls, sets);
      if (index.get('Service', gw.namespace, d.service.name) || index.get('Deployment', gw.namespace, d.deployment.name)) continue;
      deployments.push(d);
    }
  }
  const registry = opts.registry ?? registryFromIndex(index, deployments.map((d) => d.service));

  const ctx = { index, grants, classes, registry, domainSuffix };
  const gws = convertGateways(ctx);
  const routes = convertRoutes(ctx, routeParents(gws.parents));

  // GatewayClass status, then the attachedRoutes counts of Gateways and ListenerSets.
  const statuses: ObjectStatus[] = classes.handled.map((c) => ({
    kind: 'GatewayClass',
    namespace: '',
    name: c.name,
    conditions: setConditions(
      [],
      new Map([['Accepted', { reason: 'Accepted', message: 'Handled by Istio controller' }]]),
    ),
  }));
  const counts = new Map<string, number>();
  for (const a of routes.attachments) {
    const k = `${a.to}\u0000${a.listener}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const s of gws.statuses) {
    for (const l of s.listeners ?? []) l.attachedRoutes = counts.get(`${s.namespace}/${s.name}\u0000${l.name}`) ?? 0;
  }
  statuses.push(...gws.statuses, ...routes.statuses);

  return {
    gateways: gws.parents.filter((p) => p.valid).map((p) => p.config),
    listeners: gws.parents,
    virtualServices: routes.virtualServices,
    deployments,
    statuses,
    references: routes.references,
    findings: conversionFindings(input, statuses, routes.notes),
  };
}

export type { AutoDeployment, DerivedVirtualService, ListenerParent, ObjectStatus, RouteParentReference, ServiceRegistry };
export { kubeRegistryService, registryOf };
export type { KubernetesGateway, Deployment, Service };
