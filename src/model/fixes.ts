// Fixes that name what to change, shared by analyze (findings) and explain (causes): one text per
// situation, so the two commands never advise differently about the same mistake.
import { capList } from '../diagnostics/catalog.js';
import type { At } from '../diagnostics/path.js';
import type { NamedRef } from '../diagnostics/ref.js';
import { ref, site, text, type Text } from '../diagnostics/text.js';
import { hostMatches } from './hosts.js';

/** Where the fix is to be made, printed `file:line` inside the text; '' when unknown. */
export type FixSite = { site: At } | '';

/** IST0132: the VirtualService's hosts and the Gateway server's hosts do not intersect: add `add` to the VirtualService. */
export function hostsDoNotIntersectFix(vs: NamedRef, at: FixSite, add: string, vsHosts: readonly string[], serverHosts: readonly string[], gateway: NamedRef): Text {
  return text`add \`${add}\` to spec.hosts of VirtualService ${ref(vs)} (${at}); its hosts [${capList(vsHosts)}] do not intersect the server hosts [${capList(serverHosts)}] of Gateway ${ref(gateway)}`;
}

/** IST0132: a server host `ns/host` of another namespace than the VirtualService's admits only that namespace's VirtualServices. */
export function serverNamespaceExcludesFix(serverHost: string, gateway: NamedRef, serverSite: FixSite, vs: NamedRef & { namespace: string }): Text {
  const slash = serverHost.indexOf('/');
  const bare = serverHost.slice(slash + 1);
  const ns = slash >= 0 ? serverHost.slice(0, slash) : '';
  return text`server host \`${serverHost}\` of Gateway ${ref(gateway)}${serverSite ? text` (${serverSite})` : ''} only admits VirtualServices of namespace ${ns}: change it to \`${vs.namespace}/${bare}\` or \`*/${bare}\`, or move VirtualService ${ref(vs)} to that namespace`;
}

/** The place of a field of a resource, for a fix text. */
export function fieldSite(r: { origin: { file: string; doc: number; base: readonly (string | number)[] } }, path: readonly (string | number)[]): FixSite {
  return site({ file: r.origin.file, doc: r.origin.doc, path: [...r.origin.base, ...path] });
}

/**
 * GW0360, when the Gateway servers of the port already accept the Host (`*`, or a wildcard covering
 * it): the Gateway is not what to change, a VirtualService bound to it must list the host.
 */
export function hostAcceptedButNotRoutedFix(host: string, serverHost: string, gateway: NamedRef, domains: readonly string[]): Text {
  return text`Gateway ${ref(gateway)} already accepts ${host} (server host \`${serverHost}\`), but no VirtualService bound to it lists that host: add \`${host}\` to spec.hosts of a VirtualService bound to Gateway ${ref(gateway)}${domains[0] !== undefined ? `, or send a Host it serves (-H 'Host: ${domains[0]}')` : ''}`;
}

/** The first raw server host (`ns/host` or `host`) that accepts `host`, if any. */
export function serverHostAccepting(serverHosts: readonly string[], host: string): string | undefined {
  return serverHosts.find((raw) => hostMatches(raw.slice(raw.indexOf('/') + 1), host));
}

/** ` (file:line)` after a name, or nothing when the place is unknown. */
const atSite = (at: FixSite): Text => (at ? text` (${at})` : text``);

/**
 * GW0266 (explain) and GW0203 (analyze): a VirtualService with a host the Gateway serves does not
 * name the Gateway in spec.gateways. An empty list means `mesh` only: adding the Gateway would take
 * the routes away from the sidecars, so the fix says to keep `mesh` too.
 */
export function bindToGatewayFix(vs: NamedRef, at: FixSite, gateway: string, gatewaysEmpty: boolean): Text {
  return text`add \`${gateway}\` to spec.gateways of VirtualService ${ref(vs)}${atSite(at)}${gatewaysEmpty ? ' (and `mesh` if sidecars should keep the routes)' : ''}`;
}

/** GW0266 for sidecars: spec.gateways names gateways but not `mesh`. */
export function bindToMeshFix(vs: NamedRef, at: FixSite): Text {
  return text`add \`mesh\` to spec.gateways of VirtualService ${ref(vs)}${atSite(at)}`;
}

/**
 * IST0101 (a gateway reference that resolves to nothing) when the one Gateway of that name lives in
 * another namespace: the reference is to be changed, not a second one added.
 */
export function gatewayReferenceFix(vs: NamedRef, at: FixSite, written: string, resolved: string, gateway: string): Text {
  const meaning = written.includes('/') ? '' : `without a namespace it means \`${resolved}\`, which`;
  return text`change \`${written}\` to \`${gateway}\` in spec.gateways of VirtualService ${ref(vs)}${atSite(at)}: ${meaning || `\`${resolved}\``} is not in the inputs`;
}

/** GW0268 (explain) and GW0203 (analyze): exportTo hides the VirtualService from the gateway pod's namespace. */
export function exportToFix(vs: NamedRef, at: FixSite, namespace: string): Text {
  return text`add \`${namespace}\` to spec.exportTo of VirtualService ${ref(vs)}${atSite(at)}`;
}

/** GW0271 (explain) and GW0203 (analyze): no VirtualService names the Gateway and has one of its hosts. */
export function createVirtualServiceFix(host: string, gateway: string): Text {
  return text`create a VirtualService with \`${host}\` in spec.hosts and \`${gateway}\` in spec.gateways`;
}

/** GW0524 (explain) and GW0203 (analyze) on a Gateway API Gateway: no HTTPRoute is attached to it. */
export function attachHttpRouteFix(host: string, gateway: NamedRef): Text {
  return text`attach an HTTPRoute with \`${host}\` in spec.hostnames and Gateway \`${ref(gateway)}\` in spec.parentRefs`;
}

/** GW0270 (explain) and GW0203 (analyze): the API server would reject the VirtualService. */
export function rejectedVirtualServiceFix(vs: NamedRef, at: FixSite): Text {
  return text`fix the validation errors of VirtualService ${ref(vs)}${atSite(at)}; run \`gwctl validate\` on it`;
}

/**
 * GW0269 (explain) and GW0203 (analyze): match.port of a rule is not the port it is compared with:
 * the Gateway server port on a gateway, the service port on a sidecar.
 */
export function matchPortFix(vs: NamedRef, rule: number, at: FixSite, port: number | undefined, of: 'Gateway server' | 'service'): Text {
  return text`set match.port of VirtualService ${ref(vs)} http[${rule}]${atSite(at)} to ${port ?? `the ${of} port`}${port !== undefined ? ` (the ${of} port)` : ''}, or remove it`;
}

/**
 * GW0512 (both commands), and IST0132 on a Gateway API Gateway: a VirtualService naming a Gateway
 * API Gateway binds to nothing, whatever the listener hostnames say.
 */
export function gatewayApiGatewayNamedFix(vs: NamedRef, at: FixSite, gateway: NamedRef): Text {
  return text`write an HTTPRoute with parentRefs [{name: ${gateway.name}, namespace: ${gateway.namespace}}] and the rules of VirtualService ${ref(vs)}, or bind it to an Istio Gateway${atSite(at)}`;
}

/** IST0132 when the Gateway is not in the inputs: its server hosts are unknown, so no host to add can be named. */
export function gatewayNotInInputsFix(vs: NamedRef, at: FixSite, gateway: string): Text {
  return text`Gateway \`${gateway}\` is not in the inputs, so its server hosts are unknown: add its manifest to the inputs, or fix the reference in spec.gateways of VirtualService ${ref(vs)}${atSite(at)}`;
}
