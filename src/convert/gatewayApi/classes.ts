// GatewayClasses (gatewaycommon/classinfo.go, gatewayclass_collection.go): a Gateway is Istio's when
// its class is a GatewayClass object whose controller Istio knows, or, with no such object, one of
// Istio's built-in class names. Gateways of any other class are not Istio's: no config, no status.
import type { ConfigIndex } from '../../model/configIndex.js';
import type { GatewayClass } from '../../model/resource.js';
import { CONTROLLER, EAST_WEST_CONTROLLER, MESH_CONTROLLER, UNMANAGED_CONTROLLER } from './types.js';

export interface ClassInfo {
  controller: string;
  /** The class is remote: Istio neither deploys nor programs it (status only). */
  disableRouteGeneration: boolean;
  supportsListenerSet: boolean;
  /** Generated names are `<gateway>` instead of `<gateway>-<class>`. */
  disableNameSuffix: boolean;
  /** Address type reported when there is no external address ('' = both). */
  addressType: 'Hostname' | '';
}

export interface ClassFeatures {
  /** PILOT_ENABLE_AMBIENT_WAYPOINTS (istiod's default: only with PILOT_ENABLE_AMBIENT): class istio-waypoint is built in. */
  ambientWaypoints: boolean;
  /** AMBIENT_ENABLE_MULTI_NETWORK: class istio-east-west is built in. */
  ambientMultiNetwork: boolean;
}

export function classInfos(f: ClassFeatures): Map<string, ClassInfo> {
  const m = new Map<string, ClassInfo>([
    [CONTROLLER, { controller: CONTROLLER, disableRouteGeneration: false, supportsListenerSet: true, disableNameSuffix: false, addressType: 'Hostname' }],
    // PILOT_MULTI_NETWORK_DISCOVER_GATEWAY_API defaults to true.
    [UNMANAGED_CONTROLLER, { controller: UNMANAGED_CONTROLLER, disableRouteGeneration: true, supportsListenerSet: false, disableNameSuffix: false, addressType: 'Hostname' }],
  ]);
  if (f.ambientWaypoints) {
    m.set(MESH_CONTROLLER, { controller: MESH_CONTROLLER, disableRouteGeneration: false, supportsListenerSet: false, disableNameSuffix: true, addressType: '' });
  }
  if (f.ambientMultiNetwork) {
    m.set(EAST_WEST_CONTROLLER, { controller: EAST_WEST_CONTROLLER, disableRouteGeneration: false, supportsListenerSet: false, disableNameSuffix: true, addressType: '' });
  }
  return m;
}

export function builtinClasses(f: ClassFeatures): Map<string, string> {
  const m = new Map<string, string>([
    ['istio', CONTROLLER],
    ['istio-remote', UNMANAGED_CONTROLLER],
  ]);
  if (f.ambientWaypoints) m.set('istio-waypoint', MESH_CONTROLLER);
  if (f.ambientMultiNetwork) m.set('istio-east-west', EAST_WEST_CONTROLLER);
  return m;
}

export interface ResolvedClass {
  name: string;
  controller: string;
  info: ClassInfo;
  /** The GatewayClass object, when the class is not a built-in one resolved without a document. */
  object?: GatewayClass;
}

export interface Classes {
  /** The class of a Gateway, when it is Istio's. */
  resolve(name: string): ResolvedClass | undefined;
  /** GatewayClass objects Istio handles (they get Accepted status). */
  handled: readonly GatewayClass[];
}

export function gatewayClasses(index: ConfigIndex, f: ClassFeatures): Classes {
  const infos = classInfos(f);
  const builtin = builtinClasses(f);
  const handled = index.ofKind('GatewayClass').filter((c) => !c.rejected && infos.has(c.spec.controllerName));
  const byName = new Map(handled.map((c) => [c.name, c]));
  return {
    handled,
    resolve(name) {
      const obj = byName.get(name);
      if (obj) {
        const info = infos.get(obj.spec.controllerName);
        return info ? { name, controller: obj.spec.controllerName, info, object: obj } : undefined;
      }
      const controller = builtin.get(name);
      const info = controller === undefined ? undefined : infos.get(controller);
      return controller !== undefined && info ? { name, controller, info } : undefined;
    },
  };
}
