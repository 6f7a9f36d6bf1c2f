// Which (parentRef, listener) pairs a route may bind through, and whether each is allowed
// (conversion.go extractParentReferenceInfo, referenceAllowed, hostnameAllowedByIsolation).
import { hostMatches, hostSubsetOf, isWildcard } from '../../model/hosts.js';
import type { GRPCRoute, HTTPRoute, TCPRoute, TLSRoute } from '../../model/resource.js';
import type { ParentReference } from '../../schema/kinds/gatewayApi.js';
import type { ListenerParent } from './listenerParents.js';
import type { RouteContext } from './backends.js';
import { GK, groupKind, kindOf, type GroupKind, type ParentInfo, type ParentKey, type WrittenParentRef } from './types.js';

export type AnyRoute = HTTPRoute | GRPCRoute | TCPRoute | TLSRoute;

export const ROUTE_KIND: Record<AnyRoute['kind'], GroupKind> = { HTTPRoute: GK.HTTPRoute, GRPCRoute: GK.GRPCRoute, TCPRoute: GK.TCPRoute, TLSRoute: GK.TLSRoute };

/** The mesh pseudo-parent: every supported route kind. */
const MESH_INFO: ParentInfo = {
  internalName: 'mesh',
  allowedKinds: ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute'].map((kind) => ({ group: 'gateway.networking.k8s.io', kind })),
  hostnames: [],
  originalHostname: '',
  sectionName: '',
  port: 0,
  protocol: '',
};

export interface ParentError {
  reason: 'NoMatchingParent' | 'NotAllowedByListeners' | 'NoMatchingListenerHostname';
  message: string;
}

/** routeParentReference: one (parentRef, listener) pair a route may bind through. */
export interface RouteParentReference {
  internalName: string;
  internalKind: GroupKind;
  denied?: ParentError;
  original: ParentReference;
  /** Index in spec.parentRefs. */
  refIndex: number;
  hostname: string;
  bannedHostnames: ReadonlySet<string>;
  parentKey: ParentKey;
  parentSection: string;
  /** The listener (gateway parents only). */
  listener?: ListenerParent;
}

export const isMesh = (r: RouteParentReference): boolean => r.internalName === 'mesh';

const ALLOWED_PARENTS: ReadonlySet<GroupKind> = new Set([GK.Gateway, GK.Service, GK.ServiceEntry, GK.ListenerSet]);

export interface RouteParents {
  /** The listeners of a parent, each with the hostnames other listeners on its port and protocol take away. */
  fetch(key: ParentKey): readonly ParentListener[];
}

export interface ParentListener {
  info: ParentInfo;
  listener?: ListenerParent;
  /** Shared by every route that binds through this listener: never mutated. */
  banned: ReadonlySet<string>;
}

const MESH_PARENTS: readonly ParentListener[] = [{ info: MESH_INFO, banned: new Set() }];

export function routeParents(listeners: readonly ListenerParent[]): RouteParents {
  const byKey = new Map<string, ListenerParent[]>();
  for (const l of listeners) {
    const k = `${l.parent.kind}/${l.parent.namespace}/${l.parent.name}`;
    const list = byKey.get(k);
    if (list) list.push(l);
    else byKey.set(k, [l]);
  }
  // Built once per parent, not per route: a parent's listeners are compared pairwise only here.
  const built = new Map<string, readonly ParentListener[]>();
  return {
    fetch(key) {
      if (key.kind === GK.Mesh) return MESH_PARENTS;
      const k = `${key.kind}/${key.namespace}/${key.name}`;
      let out = built.get(k);
      if (!out) {
        out = withBannedHostnames(byKey.get(k) ?? []);
        built.set(k, out);
      }
      return out;
    },
  };
}

/** hostnameAllowedByIsolation's input: per listener, the hostnames of the others on the same port and protocol. */
function withBannedHostnames(listeners: readonly ListenerParent[]): ParentListener[] {
  const byPort = new Map<string, Set<string>>();
  for (const l of listeners) {
    const k = `${l.info.port}/${l.info.protocol}`;
    const set = byPort.get(k) ?? new Set<string>();
    set.add(l.info.originalHostname);
    byPort.set(k, set);
  }
  return listeners.map((l) => {
    const banned = new Set(byPort.get(`${l.info.port}/${l.info.protocol}`));
    banned.delete(l.info.originalHostname);
    return { info: l.info, listener: l, banned };
  });
}

function hostnamesOf(r: AnyRoute): readonly string[] {
  return r.kind === 'TCPRoute' ? [] : (r.spec.hostnames ?? []);
}

/** referenceAllowed. */
function referenceAllowed(ctx: RouteContext, parent: ParentInfo, routeKind: GroupKind, key: ParentKey, ref: ParentReference, hostnames: readonly string[], localNamespace: string): ParentError | undefined {
  if (key.kind === GK.Service) {
    if (!ctx.index.get('Service', key.namespace, key.name)) return { reason: 'NoMatchingParent', message: `parent service: "${key.name}" not found` };
  } else if (key.kind === GK.ServiceEntry) {
    if (!ctx.index.get('ServiceEntry', key.namespace, key.name)) return { reason: 'NoMatchingParent', message: `parent service entry: "${key.name}" not found` };
  } else {
    const port = ref.port ?? 0;
    if (port !== 0 && port !== parent.port) return { reason: 'NoMatchingParent', message: `port ${port} not found` };
    const section = ref.sectionName ?? '';
    if (section.length > 0 && section !== parent.sectionName) return { reason: 'NoMatchingParent', message: `sectionName "${section}" not found` };
    const hosts = hostnames.length === 0 ? ['*'] : hostnames;
    if (parent.hostnames.length > 0) {
      let matched = false;
      let hostMatched = false;
      outer: for (const routeHost of hosts) {
        for (const phn of parent.hostnames) {
          const slash = phn.indexOf('/');
          const [pns, phost] = slash >= 0 ? [phn.slice(0, slash), phn.slice(slash + 1)] : ['*', phn];
          const hostnameMatch = hostMatches(phost, routeHost);
          const namespaceMatch = pns === '*' || pns === localNamespace;
          hostMatched = hostMatched || hostnameMatch;
          if (hostnameMatch && namespaceMatch) {
            matched = true;
            break outer;
          }
        }
      }
      if (!matched) {
        if (hostMatched) {
          return {
            reason: 'NotAllowedByListeners',
            message: `hostnames matched parent hostname "${parent.originalHostname}", but namespace "${localNamespace}" is not allowed by the parent`,
          };
        }
        return { reason: 'NoMatchingListenerHostname', message: `no hostnames matched parent hostname "${parent.originalHostname}"` };
      }
    }
  }
  const group = routeKind.slice(0, routeKind.indexOf('/'));
  if (!parent.allowedKinds.some((k) => k.kind === kindOf(routeKind) && (k.group || 'gateway.networking.k8s.io') === group)) {
    return { reason: 'NotAllowedByListeners', message: `kind ${group}/v1/${kindOf(routeKind)} is not allowed` };
  }
  return undefined;
}

/** parentRefString: the stable key of a parentRef (defaults filled in). */
export function parentRefString(ref: WrittenParentRef, objectNamespace: string): string {
  return `${ref.group ?? 'gateway.networking.k8s.io'}/${ref.kind ?? 'Gateway'}/${ref.name}/${ref.sectionName ?? ''}/${ref.port ?? 0}.${ref.namespace ?? objectNamespace}`;
}

/** extractParentReferenceInfo. */
export function parentReferences(ctx: RouteContext, parents: RouteParents, route: AnyRoute): RouteParentReference[] {
  const local = route.namespace;
  const routeKind = ROUTE_KIND[route.kind];
  const hostnames = hostnamesOf(route);
  const out: RouteParentReference[] = [];
  (route.spec.parentRefs ?? []).forEach((ref, refIndex) => {
    const kind = groupKind(ref.group, ref.kind, GK.Gateway);
    if (!ALLOWED_PARENTS.has(kind)) return; // maybe another controller's
    const key: ParentKey = { kind, name: ref.name, namespace: ref.namespace ?? local };
    // The waypoint-by-another-controller case (ambient) is not modelled.
    const lookup = kind === GK.Service || kind === GK.ServiceEntry ? { kind: GK.Mesh, namespace: '', name: 'istio' } : key;
    const current = parents.fetch(lookup);
    for (const p of current) {
      const denied = referenceAllowed(ctx, p.info, routeKind, key, ref, hostnames, local);
      const r: RouteParentReference = {
        internalName: p.info.internalName,
        internalKind: kind,
        original: ref,
        refIndex,
        hostname: p.info.originalHostname,
        bannedHostnames: p.banned,
        parentKey: key,
        parentSection: p.info.sectionName,
      };
      if (denied) r.denied = denied;
      if (p.listener) r.listener = p.listener;
      out.push(r);
    }
  });
  // A stable sort by the parentRef key.
  return out
    .map((r, i) => ({ r, i, k: parentRefString(r.original, local) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.r);
}

/** hostnameAllowedByIsolation: a more specific listener on the same port takes the host away. */
export function allowedByIsolation(r: RouteParentReference, routeHost: string): boolean {
  const ours = r.hostname;
  if (ours.length > 0 && !isWildcard(ours)) return true;
  if (ours.length > 0 && !hostMatches(routeHost, ours)) return false;
  for (const check of r.bannedHostnames) {
    if (ours.length > check.length) continue;
    if (hostSubsetOf(routeHost, check)) return false;
  }
  return true;
}

/** filteredReferences: accepted references, by internal name. */
export function accepted(refs: readonly RouteParentReference[]): RouteParentReference[] {
  return refs
    .filter((r) => r.denied === undefined)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.internalName < b.r.internalName ? -1 : a.r.internalName > b.r.internalName ? 1 : a.i - b.i))
    .map((x) => x.r);
}
