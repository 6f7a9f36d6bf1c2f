// Fixes that name what to change, shared by analyze (findings) and explain (causes): one text per
// situation, so the two commands never advise differently about the same mistake
// (test/analysis/preciseFixes.test.ts: each row the analyze code, the explain code, the one text).
//
// Where the two differ, and why:
// - IST0101 (host+subset) and IST0112: explain knows the proxy, so it adds the namespace a new
//   DestinationRule must be visible to, and the gateway server port used when no port is given.
// - IST0101 (selector): explain knows which gateway workload the Gateway was meant for and names its
//   labels; analyze cannot tell which workload was meant and keeps the catalogue remedy.
// - IST0145: analyze reports istioctl's conflict (same selector, port and host) on every Gateway in
//   it; for plain HTTP servers istiod merges them rather than dropping one, so the fix cannot say which
//   server is lost. Explain reports IST0145 only for a server the derivation dropped, and names it.
// - Gateway API codes (GW05xx): the conversion's findings, the same catalogue remedy in both; explain
//   adds the line, which analyze prints in the finding's header.
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
 * another namespace: the reference is to be changed, not a second one added. When that Gateway's
 * manifest names no namespace (`defaulted`: gwctl put it in -n's namespace, kustomize or kubectl -n
 * may put it elsewhere), the namespace it is applied to decides: both ways out are named.
 */
export function gatewayReferenceFix(vs: NamedRef, at: FixSite, written: string, resolved: string, gateway: string, defaulted = false): Text {
  const change = text`change \`${written}\` to \`${gateway}\` in spec.gateways of VirtualService ${ref(vs)}${atSite(at)}`;
  if (defaulted) {
    const ns = resolved.slice(0, resolved.indexOf('/'));
    return text`the manifest of Gateway \`${gateway}\` names no namespace, so gwctl reads it in ${gateway.slice(0, gateway.indexOf('/'))} (-n): if it is applied to namespace ${ns}, run gwctl with -n ${ns} (or -k on the kustomization that sets it); else ${change}`;
  }
  const meaning = written.includes('/') ? '' : `without a namespace it means \`${resolved}\`, which`;
  return text`${change}: ${meaning || `\`${resolved}\``} is not in the inputs`;
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

/** Which field of a route names the host: a destination (traffic goes there) or a mirror (a copy does). */
export type HostField = 'destination' | 'mirror';

/** What a missing destination costs: requests routed there get 503 NC; a missing mirror only loses the copies. */
const consequence = (field: HostField): string => (field === 'destination' ? 'requests routed to it get 503 NC' : 'nothing is mirrored');

/** IST0101 (host): nothing in the inputs defines the host a route names. */
export function missingHostFix(host: string, at: FixSite, field: HostField): Text {
  return text`create a Service or ServiceEntry for ${host}, or fix ${field}.host${atSite(at)}: nothing in the inputs defines that host, so ${consequence(field)}`;
}

/** `8080`, or `one of 8080, 9090`. */
const portChoice = (ports: readonly number[]): string => (ports.length === 1 ? String(ports[0]) : `one of ${ports.join(', ')}`);

/** IST0101 (host:port): the service has no port of that number. */
export function missingPortFix(ports: readonly number[], written: number, at: FixSite, field: HostField): Text {
  return text`set ${field}.port.number to ${portChoice(ports)}${atSite(at)}: the service has no port ${written}, so ${consequence(field)}`;
}

/**
 * IST0112: no port on a service of several ports. Without one the port of the request is used (a
 * gateway's server port, the port a sidecar calls); explain, which knows the gateway server port the
 * service lacks, says so (`serverPort`).
 */
export function portRequiredFix(ports: readonly number[], at: FixSite, field: HostField, serverPort?: number): Text {
  return text`set ${field}.port.number to ${portChoice(ports)}${atSite(at)}: ${
    serverPort !== undefined
      ? `without it istiod uses the Gateway server port ${serverPort}, which the service does not have (503 NC)`
      : 'the service has several ports, and without one the port of the request is used (a gateway server port, the port a sidecar calls)'
  }`;
}

/**
 * IST0101 (host+subset): no DestinationRule for the host defines the subset. With the DestinationRule
 * that applies (`rule`, `at` its spec.subsets) the subset is added there; without one, a rule is to be
 * created (visible to `namespace` when the proxy is known), or the subset removed (`at` the destination).
 */
export function missingSubsetFix(subset: string, host: string, at: FixSite, rule?: { dr: NamedRef; subsets: readonly string[] }, namespace?: string): Text {
  if (rule) {
    return text`add subset \`${subset}\` (with the pod labels of that version) to spec.subsets of DestinationRule ${ref(rule.dr)}${atSite(at)}; it defines ${rule.subsets.length > 0 ? `[${capList(rule.subsets)}]` : 'none'}`;
  }
  return text`create a DestinationRule for ${host} with subset \`${subset}\`${namespace !== undefined ? `, visible to namespace ${namespace}` : ''}, or remove the subset${atSite(at)}`;
}

/** `a=1,b=2`, keys sorted. */
const selectorText = (s: Readonly<Record<string, string>>): string =>
  Object.keys(s)
    .sort()
    .map((k) => `${k}=${s[k] ?? ''}`)
    .join(',');

/** IST0173: no workload carries the Service selector plus the subset's labels (`namespace`: the Service's, when known). */
export function subsetSelectsNoPodFix(subset: string, selector: Readonly<Record<string, string>>, at: FixSite, namespace?: string): Text {
  return text`no workload ${namespace ? `in namespace ${namespace}` : 'in the inputs'} carries ${selectorText(selector)} (the Service selector plus the subset's labels), so the subset has no endpoint (503 UH): fix the labels of subset \`${subset}\`${atSite(at)}, or deploy that version`;
}

/** IST0109: on sidecars the first VirtualService for a host (config order) wins; `vs` is a later one. */
export function mergeVirtualServiceFix(vs: NamedRef, at: FixSite, winner: NamedRef | undefined, host: string): Text {
  return text`merge the rules of VirtualService ${ref(vs)}${atSite(at)} into ${winner ? ref(winner) : 'an earlier VirtualService'}: on sidecars the first VirtualService for ${host} wins and later ones are ignored`;
}

/**
 * IST0162: a Gateway server port that no port of the gateway's Service targets. `service`: that
 * Service when known (else the gateway workload's Service is named through `workload`).
 */
export function gatewayServicePortFix(port: number, service: NamedRef | undefined, workload: NamedRef): Text {
  return text`add a port with targetPort ${port} to ${service ? text`Service ${ref(service)}` : text`the Service of ${ref(workload)}`}, or use a server port that Service exposes; until then port ${port} is reachable only on the pod (kubectl port-forward)`;
}
