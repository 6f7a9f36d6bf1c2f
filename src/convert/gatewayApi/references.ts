// ReferenceGrant (gatewaycommon/references.go): a grant lives in the target namespace and lets
// objects of one kind in one namespace reference objects of one kind in the grant's namespace (all of
// them, or one name). From-kinds and to-kinds Istio does not know are skipped, not errors.
import type { ReferenceGrant } from '../../model/resource.js';
import { GK, groupKind, type GroupKind } from './types.js';

const FROM_KINDS: ReadonlySet<GroupKind> = new Set([GK.Gateway, GK.HTTPRoute, GK.GRPCRoute, GK.TLSRoute, GK.TCPRoute, GK.ListenerSet]);
const TO_KINDS: ReadonlySet<GroupKind> = new Set([GK.ConfigMap, GK.Secret, GK.Service, GK.XBackend, GK.InferencePool]);

interface Grant {
  /** The name allowed; undefined = every object of that kind. */
  name: string | undefined;
  source: ReferenceGrant;
}

export interface ReferenceGrants {
  /**
   * Whether an object of `fromKind` in `fromNamespace` may reference `toKind` `toNamespace/toName`,
   * and the grant that allows it.
   */
  allowed(fromKind: GroupKind, fromNamespace: string, toKind: GroupKind, toNamespace: string, toName: string): ReferenceGrant | undefined;
}

const pairKey = (fromKind: GroupKind, fromNamespace: string, toKind: GroupKind, toNamespace: string): string =>
  `${fromKind}\u0000${fromNamespace}\u0000${toKind}\u0000${toNamespace}`;

export function referenceGrants(grants: readonly ReferenceGrant[]): ReferenceGrants {
  const index = new Map<string, Grant[]>();
  for (const g of grants) {
    if (g.rejected) continue;
    for (const from of g.spec.from) {
      const fromKind = groupKind(from.group, from.kind, '/');
      if (!FROM_KINDS.has(fromKind)) continue;
      for (const to of g.spec.to) {
        const toKind = groupKind(to.group, to.kind, '/');
        if (!TO_KINDS.has(toKind)) continue;
        const key = pairKey(fromKind, from.namespace, toKind, g.namespace);
        const list = index.get(key) ?? [];
        list.push({ name: to.name, source: g });
        index.set(key, list);
      }
    }
  }
  return {
    allowed(fromKind, fromNamespace, toKind, toNamespace, toName) {
      for (const g of index.get(pairKey(fromKind, fromNamespace, toKind, toNamespace)) ?? []) {
        if (g.name === undefined || g.name === toName) return g.source;
      }
      return undefined;
    },
  };
}
