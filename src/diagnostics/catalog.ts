// The one catalogue of finding codes. IST codes mean exactly what istioctl analyze means by them,
// so suppressions and runbooks carry over; GW codes are gwctl's own and are never reused.
// Ranges: GW00xx tool and input, GW01xx references, GW02xx binding, GW03xx routing,
// GW04xx destinations, GW05xx Kubernetes Gateway API (the status conditions istiod would write, and
// the attachment mistakes it reports nowhere), GW06xx Services, workloads, Sidecars and ServiceEntries.
// Arguments are data: resources are refs, places are sites, lists are arrays, prose that names
// resources is a Text. A message template prints them only through `Render`, which src/report
// implements (one renderer for every command) and codeTable.ts implements with placeholders.
import type { At } from './path.js';
import type { NamedRef, ResourceRef } from './ref.js';
import type { Text } from './text.js';

export type Level = 'error' | 'warning' | 'info';

/** How message templates print the data in their arguments. */
export interface Render {
  /** A resource: `namespace/name` (istioctl's FullName). */
  name(r: NamedRef | 'mesh'): string;
  /** A resource with its kind: `Kind namespace/name`. */
  resource(r: ResourceRef): string;
  /** Resources joined by `sep` (the first ten, then "and N more"); `empty` when there are none. */
  names(rs: readonly NamedRef[], sep: string, empty?: string): string;
  /** A proxy's workload as istioctl names it: `deployment/name.namespace`. */
  workload(r: ResourceRef): string;
  /** Values joined by `sep` (the first ten, then "and N more"); `empty` when there are none. */
  join(items: readonly (string | number)[], sep: string, empty?: string): string;
  /** A list of hosts: the first ten, then "and N more"; `empty` when there are none. */
  list(items: readonly string[], sep?: string, empty?: string): string;
  /** Where a place is: `file:line`. */
  site(at: At): string;
  /** Prose naming resources and places. */
  text(t: Text): string;
}

export interface CatalogEntry<A> {
  level: Level;
  /** Istio's message name for IST codes, a short title for GW codes. */
  title: string;
  message: (args: A, t: Render) => string;
  /** What to do about it, in one sentence. */
  remedy: string;
  /** The remedy only says "fix what the message names": text output leaves it out (JSON keeps it). */
  generic?: true;
  /** What users migrating from other tools know it as (README code table, --list-analyzers). */
  peers?: Peers;
}

/**
 * The codes of other tools a finding corresponds to: `istioctl` for a GW code is the nearest IST code
 * (an IST code is its own); `kiali` lists the Kiali validations (KIAnnnn) that report the same mistake.
 */
export interface Peers {
  istioctl?: readonly string[];
  kiali?: readonly string[];
}

const entry = <A>(e: CatalogEntry<A>): CatalogEntry<A> => e;

/** Lists longer than this are cut in messages ("and N more"): a 100,000-host VirtualService stays readable. */
const LIST_LIMIT = 10;

/** A list of hosts (or names) for a message: the first ten, then "and N more". */
export function capList(list: readonly string[], sep = ', '): string {
  return capItems(list, (s) => s, sep);
}

/**
 * Any list for a message, each item shown by `show`: the first ten, then "and 1,497 more". Only the
 * shown items are formatted, so a finding naming 10,000 resources costs what one naming ten does.
 */
export function capItems<T>(list: readonly T[], show: (item: T) => string, sep = ', '): string {
  const shown = list.slice(0, LIST_LIMIT).map(show).join(sep);
  if (list.length <= LIST_LIMIT) return shown;
  return `${shown}${sep.trim() === ',' ? ',' : ''} and ${thousands(list.length - LIST_LIMIT)} more`;
}

/** 1497 -> "1,497" (without Intl: loading ICU costs more than a short run). */
export const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export const catalog = {
  GW0001: entry<{ reason: string }>({
    level: 'error',
    title: 'YAML syntax error',
    message: (a) => `YAML syntax error: ${a.reason}`,
    remedy: 'Fix the syntax at the line shown; the other documents were still analysed.',
    generic: true,
  }),
  GW0002: entry<{ detail: string }>({
    level: 'error',
    title: 'Not a text file',
    message: (a) => `file is not UTF-8 text (${a.detail}); it was skipped`,
    remedy: 'Pass only YAML or JSON manifests, saved as UTF-8.',
  }),
  GW0003: entry<{ nodes: number; limit: number }>({
    level: 'error',
    title: 'Alias expansion too large',
    message: (a) =>
      `document expands YAML aliases to more than ${a.limit} values (a "billion laughs" pattern); it was skipped`,
    remedy: 'Write the repeated values out, or use fewer nested aliases.',
  }),
  GW0004: entry<Record<string, never>>({
    level: 'error',
    title: 'Unrendered template',
    message: () => 'document looks like an unrendered Helm or Go template ({{ ... }}); it was skipped',
    remedy: 'Render it first (`helm template ...`) and pass the output to gwctl.',
  }),
  GW0005: entry<{ missing: string }>({
    level: 'warning',
    title: 'Not a Kubernetes object',
    message: (a) => `document has no ${a.missing}, so it is not a Kubernetes object; it was ignored`,
    remedy: 'Add apiVersion and kind, or remove the document if it is not a manifest.',
  }),
  GW0006: entry<{ field: string; kind: string; suggestion: string }>({
    level: 'warning',
    title: 'Unknown field',
    message: (a) =>
      `unknown field "${a.field}" in ${a.kind}${a.suggestion ? `; did you mean "${a.suggestion}"?` : ''} (Istio ignores or rejects it)`,
    remedy: 'Fix the spelling or remove the field.',
    generic: true,
  }),
  GW0007: entry<{ kind: string; detail: string }>({
    level: 'error',
    title: 'Invalid Kubernetes object',
    message: (a) => `invalid ${a.kind}: ${a.detail}`,
    remedy: 'Fix the value at the line shown.',
    generic: true,
  }),
  GW0008: entry<{ resource: ResourceRef; other: At }>({
    level: 'warning',
    title: 'Resource defined twice',
    message: (a, t) =>
      `${t.resource(a.resource)} is defined again at ${t.site(a.other)}; that later definition replaces this one (as a later kubectl apply would), and gwctl uses it`,
    remedy: 'Remove one of the definitions or give them different names.',
  }),
  GW0009: entry<{ kind: string; apiVersion: string; expected: string }>({
    level: 'error',
    title: 'Unknown apiVersion',
    message: (a) => `${a.kind} with apiVersion "${a.apiVersion}" is not served; use ${a.expected}`,
    remedy: 'Use one of the apiVersions listed.',
    generic: true,
  }),
  GW0010: entry<{ path: string }>({
    level: 'info',
    title: 'No manifests',
    message: (a) => `no YAML or JSON documents found in ${a.path}`,
    remedy: 'Check the path, or pass the folder that holds the manifests.',
  }),
  GW0011: entry<{ path: string; reason: string }>({
    level: 'warning',
    title: 'Entry skipped',
    message: (a) => `skipped ${a.path}: ${a.reason}`,
    remedy: 'Fix the permissions or the name. Symbolic links are followed only to folders and files inside the folders named on the command line: name the target folder too, or copy the files in.',
  }),
  GW0012: entry<{ reason: string }>({
    level: 'error',
    title: 'JSON syntax error',
    message: (a) => `JSON syntax error: ${a.reason}`,
    remedy: 'Fix the syntax at the line shown; the other files were still analysed.',
    generic: true,
  }),
  GW0013: entry<{ text: string; kubernetes: string; yaml12: string; more: number }>({
    level: 'warning',
    title: 'Read differently by YAML 1.2 tools',
    message: (a) =>
      `${a.text} is ${a.kubernetes} to Kubernetes (kubectl and the API server read YAML 1.1), but ${a.yaml12} to YAML 1.2 tools${a.more > 0 ? ` (and ${a.more} more such values in this document)` : ''}`,
    remedy: 'Quote the value if you mean the text ("on", "010"), or write it the way both read alike (true, 8, 1000).',
  }),
  GW0014: entry<{ key: string; more: number }>({
    level: 'error',
    title: 'Duplicate key',
    message: (a) =>
      `key ${JSON.stringify(a.key)} appears twice in the same object${a.more > 0 ? ` (and ${a.more} more duplicate keys in this file)` : ''}; the last one wins here, and the API server's strict field validation rejects the object`,
    remedy: 'Remove one of the two keys, or merge their values.',
  }),
  GW0015: entry<{ found: string }>({
    level: 'error',
    title: 'List items are not a list',
    message: (a) => `items of this List is ${a.found}, not a list of objects; kubectl cannot decode it, so nothing in it is applied`,
    remedy: 'Write items as a YAML sequence (each object after "- ").',
  }),
  GW0016: entry<{ detail: string }>({
    level: 'error',
    title: 'Name the API server rejects',
    message: (a) => `${a.detail}; the API server rejects the object, so kubectl apply fails for it (gwctl reads it as written)`,
    remedy: 'Rename it as the message says; names are usually lowercase letters, digits and "-".',
  }),
  GW0040: entry<{ path: string; skipped: string[] }>({
    level: 'info',
    title: 'Helm chart folder',
    message: (a, t) => `${a.path} is a Helm chart: its templates (${t.list(a.skipped, ', ', 'none')}) are not manifests until rendered, so they were not read`,
    remedy: 'Render the chart and analyse the result: helm template <release> <chart folder> | gwctl analyze',
  }),
  GW0041: entry<{ path: string; kustomization: string }>({
    level: 'info',
    title: 'Kustomize patch',
    message: (a) => `${a.path} is a patch of ${a.kustomization}, not a resource: read alone it would replace the object it patches, so it was not read`,
    remedy: 'Render the kustomization and analyse the result: gwctl analyze -k <folder> (kubectl or kustomize on PATH renders it)',
  }),
  GW0101: entry<{ resource: ResourceRef; namespace: string; field: string }>({
    level: 'info',
    title: 'exportTo names a namespace no input lives in',
    message: (a, t) =>
      `${t.resource(a.resource)} is exported (${a.field}) to namespace ${JSON.stringify(a.namespace)}, where no input object lives: gwctl cannot tell whether that namespace exists; if it is a typo, the export reaches no one there`,
    remedy: 'Check the namespace name in exportTo (or add that namespace to the inputs).',
    peers: { kiali: ['KIA0005'] },
  }),
  GW0201: entry<{ virtualService: ResourceRef; why: string }>({
    level: 'error',
    title: 'VirtualService bound to nothing',
    message: (a, t) => `VirtualService ${t.name(a.virtualService)} is bound to nothing: ${a.why}, so no proxy receives its routes`,
    remedy: 'Name an existing Gateway whose servers list one of its hosts, or add `mesh` to spec.gateways.',
    peers: { istioctl: ['IST0101', 'IST0132'] },
  }),
  GW0202: entry<{ gateway: ResourceRef; selector: string; assumed: string }>({
    level: 'info',
    title: 'Gateway workload assumed',
    message: (a, t) =>
      `Gateway ${t.name(a.gateway)} selects ${a.selector}, which matches no workload in the inputs; gwctl assumes Istio's ${a.assumed} is that workload`,
    remedy: 'Include the gateway Deployment in the inputs to check the selector for real, or ignore this note.',
  }),
  GW0203: entry<{ workload: ResourceRef; assumed: boolean; port: number; routeConfig: string }>({
    level: 'error',
    title: 'Gateway port serves only 404',
    message: (a, t) =>
      `route config ${a.routeConfig} of the gateway workload (${t.workload(a.workload)}${a.assumed === true ? ', assumed' : ''}, port ${a.port}) holds only the blackhole virtual host: every request on this port gets 404`,
    remedy: 'Bind a VirtualService whose hosts match one of the server hosts to this Gateway.',
  }),
  GW0204: entry<{ rule: string; virtualService: ResourceRef; entries: string[]; bound: string[] }>({
    level: 'error',
    title: 'Route match on no bound gateway',
    message: (a, t) =>
      `${a.rule} of VirtualService ${t.name(a.virtualService)} applies only on gateways ${t.join(a.entries, ', ')}, and the VirtualService is bound to [${t.join(a.bound, ', ')}], so istiod never builds this match: it never applies`,
    remedy: 'Name a gateway from spec.gateways in match.gateways (namespace/name), or add the gateway to spec.gateways.',
    peers: { kiali: ['KIA1102'] },
  }),
  GW0205: entry<{ rule: string; virtualService: ResourceRef; gateway: string; missing: boolean; bound: string[] }>({
    level: 'warning',
    title: 'Route match lists a gateway it never applies on',
    message: (a, t) =>
      `${a.rule} of VirtualService ${t.name(a.virtualService)} lists gateway ${a.gateway}, ${a.missing ? 'which does not exist' : 'which is not in spec.gateways'} (bound to [${t.join(a.bound, ', ')}]): the match never applies there, only on the other gateways it lists`,
    remedy: 'Remove the entry, fix its name (namespace/name), or add the gateway to spec.gateways.',
    peers: { kiali: ['KIA1102'] },
  }),
  GW0260: entry<{ gateway: ResourceRef; selector: string; workload: ResourceRef; assumed: boolean; why: string }>({
    level: 'error',
    title: 'Gateway does not select the gateway pod',
    message: (a, t) =>
      `Gateway ${t.name(a.gateway)} selects ${a.selector}, which does not match the pods of ${t.resource(a.workload)}${a.assumed === true ? ' (assumed: no gateway workload in the inputs)' : ''}: ${a.why}`,
    remedy: 'Make spec.selector of the Gateway a subset of the gateway pod labels.',
  }),
  GW0261: entry<{ port: number; workload: ResourceRef; ports: string }>({
    level: 'error',
    title: 'No Gateway server on this port',
    message: (a, t) => `no Gateway server applied to ${t.name(a.workload)} resolves to port ${a.port}, so nothing listens there (listening: ${a.ports})`,
    remedy: 'Add a server for this port to a Gateway that selects the gateway pod, or call a port it serves.',
  }),
  GW0262: entry<{ gateway: ResourceRef; server: number; reason: Text }>({
    level: 'error',
    title: 'Gateway server dropped',
    message: (a, t) => `server servers[${a.server}] of Gateway ${t.name(a.gateway)} is dropped by istiod: ${t.text(a.reason)}`,
    remedy: 'Move the server to another port, or merge it into the Gateway that wins the port.',
  }),
  GW0263: entry<{ gateway: ResourceRef; server: number; port: number }>({
    level: 'error',
    title: 'TCP/TLS server without routes',
    message: (a, t) => `server servers[${a.server}] of Gateway ${t.name(a.gateway)} (port ${a.port}) has no matching VirtualService tcp/tls route, so istiod builds no filter chain and no listener for it`,
    remedy: 'Bind a VirtualService with a matching tcp or tls route (port, sniHosts, gateways) to the Gateway.',
  }),
  GW0264: entry<{ sni: string; port: number; hosts: string[] }>({
    level: 'error',
    title: 'SNI not served',
    message: (a, t) => `no server on port ${a.port} serves the TLS server name ${a.sni} (server hosts: ${t.list(a.hosts, ', ', '(none)')}), so the TLS handshake is reset`,
    remedy: 'Add the name to the hosts of the HTTPS server, or connect with an SNI the server lists (--sni).',
  }),
  GW0265: entry<{ port: number; serves: string; sent: string }>({
    level: 'error',
    title: 'TLS mismatch on the port',
    message: (a) => `port ${a.port} serves ${a.serves} but the client sends ${a.sent}`,
    remedy: 'Use the scheme the port serves (https:// for TLS servers, http:// for plain ones).',
  }),
  GW0266: entry<{ virtualService: ResourceRef; gateway: ResourceRef | 'mesh'; referenced: string[]; why: Text }>({
    level: 'error',
    title: 'VirtualService not bound to this gateway',
    message: (a, t) =>
      `VirtualService ${t.name(a.virtualService)} has the host but is not bound to Gateway ${a.gateway === 'mesh' ? 'mesh (the sidecars)' : t.name(a.gateway)}: spec.gateways resolves to [${t.join(a.referenced, ', ')}] (${t.text(a.why)})`,
    remedy: 'Add the Gateway, as namespace/name, to spec.gateways of the VirtualService.',
  }),
  // GW0267 RETIRED ("Server host namespace excludes the VirtualService"): istioctl names that cause IST0132, and explain now does too; never reuse the number.
  GW0268: entry<{ virtualService: ResourceRef; exportTo: string[]; namespace: string }>({
    level: 'error',
    title: 'VirtualService not exported to the gateway',
    message: (a, t) => `VirtualService ${t.name(a.virtualService)} has exportTo [${t.join(a.exportTo, ', ')}], which does not include the gateway pod namespace ${a.namespace}`,
    remedy: 'Add the gateway pod namespace (or "*") to spec.exportTo.',
  }),
  GW0269: entry<{ virtualService: ResourceRef; gateway: ResourceRef | 'mesh'; detail: string }>({
    level: 'error',
    title: 'VirtualService rules filtered out',
    message: (a, t) => `every rule of VirtualService ${t.name(a.virtualService)} is dropped for ${t.name(a.gateway)}: ${a.detail}`,
    remedy: 'Fix or remove the match conditions that exclude this gateway (match.port, match.gateways, sourceLabels).',
  }),
  GW0270: entry<{ virtualService: ResourceRef }>({
    level: 'error',
    title: 'VirtualService rejected by validation',
    message: (a, t) => `VirtualService ${t.name(a.virtualService)} would be rejected by the API server (see its IST0106 findings), so istiod never sees it`,
    remedy: 'Fix the validation errors reported for the VirtualService.',
    generic: true,
  }),
  GW0271: entry<{ routeConfig: string; gateways: ResourceRef[] }>({
    level: 'error',
    title: 'No VirtualService serves this port',
    message: (a, t) => `no VirtualService contributes routes to route config ${a.routeConfig} (Gateways ${t.names(a.gateways, ', ', '(none)')}), so it holds only the blackhole virtual host and answers every request with 404`,
    remedy: 'Bind a VirtualService whose hosts match a server host to the Gateway.',
  }),
  GW0272: entry<{ virtualService: ResourceRef; sidecar: ResourceRef }>({
    level: 'error',
    title: 'VirtualService not imported by the Sidecar',
    message: (a, t) => `VirtualService ${t.name(a.virtualService)} has the host but Sidecar ${t.name(a.sidecar)} does not import it (spec.egress hosts)`,
    remedy: 'Add the VirtualService namespace and host to the Sidecar egress hosts.',
  }),
  GW0301: entry<{ host: string; gateways: ResourceRef[]; virtualServices: ResourceRef[]; winner: ResourceRef }>({
    level: 'warning',
    title: 'VirtualServices share a gateway host',
    message: (a, t) =>
      `host ${a.host} on Gateway ${t.names(a.gateways, ', ')} is defined by VirtualServices ${t.names(a.virtualServices, ', ')}; Istio merges their routes in config order, so the routes of ${t.name(a.winner)} are tried first`,
    remedy: 'Merge the VirtualServices into one, or give each its own host, so the rule order is explicit.',
    peers: { kiali: ['KIA1106'] },
  }),
  GW0302: entry<{ rule: number; virtualService: ResourceRef; host: string; shadowedBy: ResourceRef; shadowingRule: number }>({
    level: 'warning',
    title: 'Rule shadowed by another VirtualService',
    message: (a, t) =>
      `rule #${a.rule} of VirtualService ${t.name(a.virtualService)} is never used for host ${a.host}: after the merge on the gateway, rule #${a.shadowingRule} of ${t.name(a.shadowedBy)} comes first and catches all of its requests`,
    remedy: 'Move the rule into the VirtualService that comes first, or make the earlier rule more specific.',
  }),
  // ---- gwctl explain (src/explain): GW026x binding, GW036x routing, GW046x destinations ----
  GW0303: entry<{ host: string; server: number; gateway: ResourceRef; wildcards: string[]; others: ResourceRef[]; more: number; selector: string; port: number }>({
    level: 'warning',
    title: 'Gateway hosts overlap by a wildcard',
    message: (a, t) =>
      `host ${a.host} of servers[${a.server}] of Gateway ${t.name(a.gateway)} is also covered by ${t.list(a.wildcards, ', ')} of Gateway ${t.names(a.others, ', ')}${a.more > 0 ? ` and ${thousands(a.more)} more` : ''} on the same workload (selector ${a.selector || '(none)'}, port ${a.port}); Envoy picks the most specific host, so requests for ${a.host} are served by ${t.name(a.gateway)} and the routes bound to it, never by the wildcard's Gateway`,
    remedy: 'If the wildcard Gateway should serve this host too, bind its VirtualService to this Gateway as well; if the overlap is intended (a catch-all), suppress GW0303 or use --skip-wildcard-gateway-hosts for bare `*`.',
    peers: { kiali: ['KIA0301'] },
  }),
  GW0360: entry<{ host: string; routeConfig: string; domains: readonly string[] }>({
    level: 'error',
    title: 'Host matches no virtual host',
    message: (a, t) => `Host ${a.host} matches no virtual host of route config ${a.routeConfig} (domains: ${t.list(a.domains, ', ', '(none)')})`,
    remedy: 'Send a Host the gateway serves (-H "Host: ..."), or add the host to the Gateway server and VirtualService.',
  }),
  GW0361: entry<{ request: string; route: Text; expected: string; hint: string }>({
    level: 'error',
    title: 'Path misses the route',
    message: (a, t) => `${a.request} misses ${t.text(a.route)}: it needs ${a.expected}${a.hint ? ` (${a.hint})` : ''}`,
    remedy: 'Change the request path, or widen the uri match of the rule.',
  }),
  GW0362: entry<{ route: Text; what: string; expected: string; actual: string }>({
    level: 'error',
    title: 'Request attribute misses the route',
    message: (a, t) => `the path matches ${t.text(a.route)}, but ${a.what} must be ${a.expected} and is ${a.actual}`,
    remedy: 'Send the header, method or query parameter the rule expects, or relax the rule.',
  }),
  GW0363: entry<{ rule: Text; shadowedBy: Text }>({
    level: 'warning',
    title: 'Rule shadowed by an earlier catch-all',
    message: (a, t) => `${t.text(a.rule)} would match this request, but ${t.text(a.shadowedBy)} catches everything first, so it is never used`,
    remedy: 'Move the catch-all rule last, or give it a match.',
  }),
  GW0364: entry<{ host: string; chosen: string; other: string }>({
    level: 'warning',
    title: 'More specific virtual host shadows a wildcard',
    message: (a) => `Host ${a.host} selects virtual host ${a.chosen}; ${a.other} has a route for this request but Envoy never falls back to a less specific virtual host`,
    remedy: 'Add the route to the VirtualService of the more specific host, or remove that host.',
  }),
  GW0365: entry<{ gateway: ResourceRef; server: number }>({
    level: 'info',
    title: 'HTTPS redirect',
    message: (a, t) => `server servers[${a.server}] of Gateway ${t.name(a.gateway)} sets tls.httpsRedirect, so every plain HTTP request gets 301 to https`,
    remedy: 'Call the https:// URL, or remove tls.httpsRedirect.',
  }),
  // GW0366 RETIRED ("Rule dropped at generation": nothing ever reported it); never reuse the number.
  GW0367: entry<{ virtualHost: string; routes: number }>({
    level: 'error',
    title: 'No route matches',
    message: (a) => `none of the ${a.routes} routes of virtual host ${a.virtualHost} matches the request`,
    remedy: 'Compare the request with the matches listed in the trace.',
  }),
  // ---- what a matched route does (src/explain/actionSummary.ts): GW038x ----
  GW0380: entry<{ status: string; percent: number; rule: Text }>({
    level: 'warning',
    title: 'Fault abort on part of the requests',
    message: (a, t) => `${t.text(a.rule)} aborts ${a.percent}% of requests with ${a.status} (fault injection); the others are forwarded, so this request may get either`,
    remedy: 'Expect the abort status on that share of requests, or remove the fault.',
  }),
  GW0381: entry<{ what: 'abort' | 'delay'; rule: Text }>({
    level: 'warning',
    title: 'Fault without percentage',
    message: (a, t) => `${t.text(a.rule)} has a fault ${a.what} without percentage: Envoy applies it to 0% of requests, so it never fires`,
    remedy: 'Set fault.<abort|delay>.percentage.value (100 for every request).',
  }),
  GW0382: entry<{ path: string; upstream: string; prefix: string; rewrite: string }>({
    level: 'warning',
    title: 'Rewrite leaves a double slash',
    message: (a) => `rewrite.uri \`${a.rewrite}\` replaces the matched prefix \`${a.prefix}\`, so ${a.path} is sent upstream as ${a.upstream}`,
    remedy: 'Match the prefix with its trailing slash (prefix: /customer/) when rewriting to /, or rewrite to a path without trailing slash.',
  }),
  GW0390: entry<{ regex: string; programSize: number; limit: number }>({
    level: 'error',
    title: 'Regex too large for Envoy',
    message: (a) =>
      `regex "${a.regex.length > 60 ? `${a.regex.slice(0, 60)}…` : a.regex}" compiles to an RE2 program of about ${thousands(a.programSize)} instructions; Envoy, as Istio configures it, refuses programs over ${thousands(a.limit)} and rejects the whole route configuration that holds it`,
    remedy: 'Simplify the regex (fewer or shorter bounded repeats such as {100} or .{0,1000}), or match with prefix or exact.',
  }),
  GW0401: entry<{ destinationRule: ResourceRef; kept: ResourceRef; host: string; what: string; order: 'creation' | 'name' }>({
    level: 'warning',
    title: 'DestinationRule merge drops settings',
    message: (a, t) =>
      `DestinationRules ${t.name(a.destinationRule)} and ${t.name(a.kept)} both configure host ${a.host} (same namespace, same exportTo), so istiod merges them and keeps the ${a.what} of ${t.name(a.kept)}, which comes first (${a.order === 'creation' ? 'created earlier' : 'equal creation times, so by name'}): the ${a.what} here is dropped`,
    remedy: 'Merge the DestinationRules into one, or move what this one sets into the one that is kept (a trafficPolicy is kept or dropped whole).',
    peers: { kiali: ['KIA0201'] },
  }),
  GW0402: entry<{ subset: string; destinationRule: ResourceRef; host: string }>({
    level: 'warning',
    title: 'Subset without labels',
    message: (a, t) =>
      `subset ${JSON.stringify(a.subset)} of DestinationRule ${t.name(a.destinationRule)} has no labels, so it selects every endpoint of ${a.host}: routing to it is routing to the whole service, not to one version`,
    remedy: 'Give the subset the labels that tell its pods apart (e.g. version: v1), or route to the host without a subset.',
    peers: { kiali: ['KIA0209'] },
  }),
  // GW0460 RETIRED ("Destination port not on the service"): istioctl names that cause IST0101 (host:port) or IST0112, and explain now does too; never reuse the number.
  GW0461: entry<{ host: string; namespace: string }>({
    level: 'error',
    title: 'Destination not visible',
    message: (a) => `service ${a.host} is not exported to namespace ${a.namespace}, so the proxy has no cluster for it: 503 NC`,
    remedy: 'Export the service to the proxy namespace (networking.istio.io/exportTo or spec.exportTo).',
  }),
  GW0462: entry<{ missing: string; percent: number; status: number }>({
    level: 'warning',
    title: 'Some weighted destinations do not exist',
    message: (a) => `cluster ${a.missing} does not exist: ${a.percent}% of requests get ${a.status} NC`,
    remedy: 'Fix the destination host, port or subset of the weighted destination.',
  }),
  GW0463: entry<{ rule: string; virtualService: ResourceRef; host: string; weight: number }>({
    level: 'warning',
    title: 'Weight of a single destination ignored',
    message: (a, t) =>
      `${a.rule} of VirtualService ${t.name(a.virtualService)} has one destination (${a.host}) with weight ${a.weight}; with a single destination Istio ignores the weight and sends it 100% of the requests${a.weight > 0 ? ' (a canary leftover?)' : ''}`,
    remedy: 'Remove the weight, or add the destination that should get the rest of the requests.',
    peers: { kiali: ['KIA1104'] },
  }),
  GW0464: entry<{ rule: string; virtualService: ResourceRef; destination: string; first: number; index: number; weights: string }>({
    level: 'warning',
    title: 'Same destination twice in one rule',
    message: (a, t) =>
      `route[${a.index}] of ${a.rule} of VirtualService ${t.name(a.virtualService)} sends to ${a.destination}, as route[${a.first}] already does; Envoy adds up their weights (${a.weights}), so the split is not what either entry says`,
    remedy: 'Merge the two entries into one destination with the sum of their weights.',
    peers: { kiali: ['KIA1105'] },
  }),
  // ---- what gwctl assumes beyond the inputs (src/model/assumptions.ts): GW047x ----
  GW0470: entry<{ kind: string; host: string; namespace: string }>({
    level: 'info',
    title: 'Destination host assumed to exist',
    message: (a) =>
      `${a.kind} ${a.host} is not defined in the inputs, which hold no Service or ServiceEntry in namespace ${a.namespace}: gwctl reads them as a partial view and assumes the service exists in the cluster; if it does not, requests routed to it get 503 NC`,
    remedy: "Include that namespace's Services in the inputs, declare the host with --assume-host, or run with --strict to treat the inputs as the whole world (then it is IST0101, or IST0174 for a DestinationRule host).",
    peers: { istioctl: ['IST0101'] },
  }),
  GW0471: entry<{ kind: string; name: string; namespace: string }>({
    level: 'info',
    title: 'Subset assumed to exist',
    message: (a) =>
      `${a.kind} ${a.name} is not defined in the inputs, which hold neither the host nor a DestinationRule for it (nothing of namespace ${a.namespace}): gwctl assumes a DestinationRule in the cluster defines the subset; if none does, requests routed to it get 503 NC`,
    remedy: 'Include the DestinationRule in the inputs, or run with --strict to treat the inputs as the whole world (then this is IST0101).',
    peers: { istioctl: ['IST0101'] },
  }),
  GW0472: entry<{ cluster: string; service: string; selector: string; namespace: string }>({
    level: 'error',
    title: 'No endpoint',
    message: (a) =>
      `${a.service} selects no workload in the inputs (selector ${a.selector || '(none)'} in namespace ${a.namespace}), so cluster ${a.cluster} has no endpoint: requests routed to it get 503 UH (no healthy upstream)`,
    remedy: 'Fix the Service selector (or the workload labels), or scale the workload up.',
  }),
  GW0473: entry<{ cluster: string; percent: number }>({
    level: 'warning',
    title: 'Some weighted destinations have no endpoint',
    message: (a) => `cluster ${a.cluster} has no endpoint in the inputs: ${a.percent}% of requests get 503 UH`,
    remedy: 'Deploy the workloads of that destination (or fix its subset labels), or remove it from the route.',
  }),
  // ---- GW05xx: Kubernetes Gateway API (the status conditions istiod would write, and the attachment mistakes it reports nowhere) ----
  GW0501: entry<{ route: ResourceRef; parent: ResourceRef; parentKind: string; reason: string; conditions: string[] }>({
    level: 'error',
    title: 'Route parent not found',
    message: (a, t) =>
      `${t.resource(a.route)} names ${a.parentKind} ${t.name(a.parent)} as its parent, ${a.reason}: the route is attached to nothing there${a.conditions.length > 0 ? ` (${t.join(a.conditions, '; ')})` : ''}`,
    remedy: 'Fix parentRefs (name, namespace, kind) to name an existing Gateway, ListenerSet or Service.',
  }),
  GW0502: entry<{ route: ResourceRef; parent: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'No listener matches the parentRef',
    message: (a, t) => `${t.resource(a.route)} is not accepted by ${t.resource(a.parent)}: ${a.detail} (${t.join(a.conditions, '; ')})`,
    remedy: 'Fix sectionName or port of the parentRef to name a listener of the parent, or remove them to attach to every listener.',
  }),
  GW0503: entry<{ route: ResourceRef; parent: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'Route namespace not allowed by the listener',
    message: (a, t) => `${t.resource(a.route)} is not accepted by ${t.resource(a.parent)}: ${a.detail} (${t.join(a.conditions, '; ')})`,
    remedy: "Allow the route's namespace in the listener's allowedRoutes.namespaces (from: All, or a selector that matches it), or move the route.",
  }),
  GW0504: entry<{ route: ResourceRef; parent: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'Route kind not allowed by the listener',
    message: (a, t) => `${t.resource(a.route)} is not accepted by ${t.resource(a.parent)}: ${a.detail} (${t.join(a.conditions, '; ')})`,
    remedy: "Use a route kind the listener's protocol takes (HTTPRoute/GRPCRoute on HTTP(S), TLSRoute on TLS, TCPRoute on TCP), or list it in allowedRoutes.kinds.",
  }),
  GW0505: entry<{ route: ResourceRef; parent: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'No hostname in common with the listener',
    message: (a, t) => `${t.resource(a.route)} is not accepted by ${t.resource(a.parent)}: ${a.detail} (${t.join(a.conditions, '; ')})`,
    remedy: "Make one of the route's hostnames match the listener hostname, or attach the route to a listener that serves its hostnames.",
  }),
  GW0506: entry<{ route: ResourceRef; host: string; listener: string; parent: ResourceRef; other: string }>({
    level: 'warning',
    title: 'Hostname taken by a more specific listener',
    message: (a, t) =>
      `host ${a.host} of ${t.resource(a.route)} is not served through listener ${a.listener} of ${t.resource(a.parent)}: the listener with hostname ${a.other} on the same port takes it (listener isolation)`,
    remedy: 'Attach the route to the listener that serves that hostname (sectionName), or drop the hostname from the route.',
  }),
  GW0507: entry<{ route: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'Backend not found',
    message: (a, t) => `${t.resource(a.route)}: ${a.detail} (${t.join(a.conditions, '; ')}); requests routed to it get 500`,
    remedy: 'Fix the backendRef name and namespace, or add the Service it refers to.',
  }),
  GW0508: entry<{ route: ResourceRef; service: ResourceRef; port: number; ports: number[] }>({
    level: 'error',
    title: 'Backend port not on the Service',
    message: (a, t) =>
      `${t.resource(a.route)} sends to Service ${t.name(a.service)} port ${a.port}, which the Service does not have (ports: ${t.join(a.ports, ', ', '(none)')}); istiod accepts the route, but there is no cluster for that port: 500`,
    remedy: 'Set the backendRef port to a port of the Service (the Service port, not the targetPort).',
  }),
  GW0509: entry<{ route: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'Cross-namespace reference without ReferenceGrant',
    message: (a, t) => `${t.resource(a.route)}: ${a.detail} (${t.join(a.conditions, '; ')}); requests routed to it get 500`,
    remedy: 'Add a ReferenceGrant in the backend namespace that allows this route kind from the route namespace, or move the route.',
  }),
  GW0510: entry<{ route: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'Route rule not usable',
    message: (a, t) => `${t.resource(a.route)}: ${a.detail} (${t.join(a.conditions, '; ')})`,
    remedy: 'Fix the backendRef or filter the message names; istiod drops what it cannot translate.',
  }),
  GW0511: entry<{ route: ResourceRef; rule: number; host: string; shadowedBy: ResourceRef; shadowRule: number }>({
    level: 'warning',
    title: 'Route rule can never match',
    message: (a, t) =>
      `rule ${a.rule} of ${t.resource(a.route)} can never match on host ${a.host}: rule ${a.shadowRule} of ${t.resource(a.shadowedBy)} comes first in Gateway API precedence and matches the same requests`,
    remedy: 'Make the match more specific, or remove the duplicate rule.',
  }),
  GW0512: entry<{ virtualService: ResourceRef; gateway: ResourceRef }>({
    level: 'warning',
    title: 'VirtualService names a Gateway API Gateway',
    message: (a, t) =>
      `VirtualService ${t.name(a.virtualService)} lists Gateway API Gateway ${t.name(a.gateway)} in spec.gateways; istiod binds VirtualServices only to Istio Gateways (the Gateway API one becomes internal Gateways with other names), so these routes reach no gateway proxy`,
    remedy: 'Route through the Gateway API Gateway with an HTTPRoute, or bind the VirtualService to an Istio Gateway.',
  }),
  GW0520: entry<{ gateway: ResourceRef; listener: string; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'Listener not valid',
    message: (a, t) =>
      `listener ${a.listener} of ${t.resource(a.gateway)}: ${a.detail} (${t.join(a.conditions, '; ')})`,
    remedy: 'Fix what the condition names (protocol, TLS certificate or CA reference, ReferenceGrant, a conflicting listener); istiod programs only valid listeners.',
  }),
  GW0521: entry<{ gateway: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'Gateway not programmed',
    message: (a, t) => `${t.resource(a.gateway)} is not programmed: ${a.detail} (${t.join(a.conditions, '; ')})`,
    remedy: "Give the Gateway an address istiod can use: a Hostname naming the gateway Service (with the listener ports), or no address so that istiod deploys one.",
  }),
  GW0522: entry<{ gateway: ResourceRef; detail: string; conditions: string[] }>({
    level: 'error',
    title: 'Gateway not accepted',
    message: (a, t) => `${t.resource(a.gateway)}: ${a.detail} (${t.join(a.conditions, '; ')})`,
    remedy: 'Fix what the condition names (parametersRef, client certificate, the parent Gateway, the listeners).',
  }),
  GW0523: entry<{ route: ResourceRef; host: string; parents: ResourceRef[]; gateways: ResourceRef[] }>({
    level: 'error',
    title: 'Route attached to another Gateway',
    message: (a, t) =>
      `${t.resource(a.route)} claims ${a.host} but is attached to Gateway ${t.names(a.parents, ', ', '(none)')}${a.gateways.length > 0 ? `, not to Gateway ${t.names(a.gateways, ', ', '')} that this proxy serves` : ', which this proxy does not serve'}, so its rules are not here`,
    remedy: 'Add a parentRef naming the Gateway this proxy serves (and sectionName the listener), or send the request to the gateway of the Gateway the route is attached to.',
  }),
  GW0524: entry<{ routeConfig: string; gateways: ResourceRef[] }>({
    level: 'error',
    title: 'No route attached to this listener',
    message: (a, t) =>
      `no HTTPRoute or GRPCRoute is attached to ${t.names(a.gateways, ', ', '(no Gateway)')} for route config ${a.routeConfig}, so it holds only the blackhole virtual host and answers every request with 404`,
    remedy: 'Attach an HTTPRoute to the Gateway: spec.parentRefs naming it (sectionName the listener) and hostnames the listener accepts.',
  }),
  GW0525: entry<{ route: ResourceRef; host: string; gateway: ResourceRef; className: string; controller: string }>({
    level: 'warning',
    title: 'Route attached to a Gateway Istio does not implement',
    message: (a, t) =>
      `${t.resource(a.route)} claims ${a.host} but is attached to Gateway ${t.name(a.gateway)} of class ${JSON.stringify(a.className)}${a.controller ? ` (controller ${a.controller})` : ''}, which istiod does not implement: another controller serves it, if any, and what it does is unknown to gwctl`,
    remedy: 'Use gatewayClassName istio for a Gateway Istio should serve; ask that controller about the others.',
  }),
  // ---- GW06xx: Services, workloads, Sidecars and ServiceEntries ----
  GW0601: entry<{ service: ResourceRef; port: number; targetPort: string; workloads: Text; exposed: string[] }>({
    level: 'error',
    title: 'Named targetPort not on the workload',
    message: (a, t) =>
      `targetPort "${a.targetPort}" of port ${a.port} of Service ${t.name(a.service)} names no container port of ${t.text(a.workloads)} (container ports: ${t.join(a.exposed, ', ', 'none')}), so Kubernetes makes none of their pods an endpoint of this port: requests get 503 UH (no healthy upstream)`,
    remedy: 'Set targetPort to the name (or number) of a container port of the workload, or name the container port as targetPort says.',
    peers: { kiali: ['KIA0701'] },
  }),
  GW0602: entry<{ service: ResourceRef; port: number; targetPort: string; implicit: boolean; workloads: Text; exposed: string[] }>({
    level: 'warning',
    title: 'targetPort not a container port',
    message: (a, t) =>
      `${a.implicit === true ? `port ${a.port} of Service ${t.name(a.service)} has no targetPort, so it targets container port ${a.targetPort}, which` : `targetPort ${a.targetPort} of port ${a.port} of Service ${t.name(a.service)}`} is not a port the containers of ${t.text(a.workloads)} declare (container ports: ${t.join(a.exposed, ', ')}): unless the app listens on an undeclared port, connections are refused (503 UF)`,
    remedy: 'Set targetPort to the containerPort the app listens on, or declare that port on the container.',
    peers: { kiali: ['KIA0701'] },
  }),
  GW0603: entry<{ serviceEntry: ResourceRef; kept: ResourceRef; host: string; order: 'creation' | 'name'; shared: string[]; lost: number[]; resolution: string; keptResolution: string }>({
    level: 'warning',
    title: 'ServiceEntries define one host twice',
    message: (a, t) =>
      `ServiceEntries ${t.name(a.serviceEntry)} and ${t.name(a.kept)} both define host ${a.host} in one namespace${a.shared.length > 0 ? ` (${a.shared.length === 1 ? 'port' : 'ports'} ${t.join(a.shared, ', ')} in both)` : ''}; istiod keeps only ${t.name(a.kept)}, which comes first (${a.order === 'creation' ? 'created earlier' : 'equal creation times, so by name'}): its resolution ${a.keptResolution}, location, addresses and ports apply${a.resolution !== a.keptResolution ? ` (resolution ${a.resolution} here is ignored)` : ''}${a.lost.length > 0 ? `, ${a.lost.length === 1 ? 'port' : 'ports'} ${t.join(a.lost, ', ')} here ${a.lost.length === 1 ? 'is' : 'are'} not served` : ''}, and the endpoints of both are merged under it`,
    remedy: 'Define the host in one ServiceEntry (merge the ports and endpoints), or remove the host from this one.',
    peers: { kiali: ['KIA1211'] },
  }),
  GW0604: entry<{ sidecar: ResourceRef; entry: string; namespace: string }>({
    level: 'warning',
    title: 'Sidecar egress host imports nothing',
    message: (a, t) =>
      `egress host ${JSON.stringify(a.entry)} of Sidecar ${t.name(a.sidecar)} matches no Service, ServiceEntry or VirtualService in the inputs that namespace ${a.namespace} can see, so it imports nothing: a typo, or config missing from the inputs`,
    remedy: 'Fix the entry (namespace/host, e.g. shop/reviews.shop.svc.cluster.local or ./*), or add the service it means.',
    peers: { kiali: ['KIA1004'] },
  }),
  GW0605: entry<{ sidecar: ResourceRef; namespace: string }>({
    level: 'warning',
    title: 'Root-namespace Sidecar with a workloadSelector',
    message: (a, t) =>
      `Sidecar ${t.name(a.sidecar)} in the root namespace ${a.namespace} has a workloadSelector, so it is not the mesh-wide default: it applies only to the pods of ${a.namespace} it selects (only a root-namespace Sidecar without workloadSelector applies to every namespace)`,
    remedy: 'Remove the workloadSelector to make it the mesh-wide default, or move the Sidecar to the namespace of the workloads it should select.',
    peers: { kiali: ['KIA1006'] },
  }),
  IST0101: entry<{ kind: string; name: string }>({
    level: 'error',
    title: 'ReferencedResourceNotFound',
    message: (a) => `Referenced ${a.kind} not found: ${JSON.stringify(a.name)}`,
    remedy: 'Create the referenced resource, or fix the reference at the line shown.',
    peers: { kiali: ['KIA0004', 'KIA0302', 'KIA1101', 'KIA1102', 'KIA1107'] },
  }),
  IST0106: entry<{ detail: string }>({
    level: 'error',
    title: 'SchemaValidationError',
    message: (a) => `Schema validation error: ${a.detail}`,
    remedy: 'Fix the value at the line shown; the API server webhook would reject this resource.',
    generic: true,
  }),
  IST0109: entry<{ virtualServices: ResourceRef[]; host: string }>({
    level: 'error',
    title: 'ConflictingMeshGatewayVirtualServiceHosts',
    message: (a, t) =>
      `The VirtualServices ${t.names(a.virtualServices, ',')} associated with mesh gateway define the same host ${a.host} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.`,
    remedy: 'Merge the VirtualServices into one resource, or narrow their exportTo so they do not overlap.',
    peers: { kiali: ['KIA1106'] },
  }),
  IST0110: entry<{ sidecars: string[]; namespace: string; pod: string; morePods: number }>({
    level: 'error',
    title: 'ConflictingSidecarWorkloadSelectors',
    message: (a, t) =>
      `The Sidecars [${t.join(a.sidecars, ' ')}] in namespace ${JSON.stringify(a.namespace)} select the same workload pod ${JSON.stringify(a.pod)}${a.morePods > 0 ? ` (and ${thousands(a.morePods)} more pods)` : ''}, which can lead to undefined behavior.`,
    remedy: 'Make the workload selectors disjoint so each pod has one Sidecar.',
    peers: { kiali: ['KIA0003'] },
  }),
  IST0111: entry<{ sidecars: string[]; namespace: string }>({
    level: 'error',
    title: 'MultipleSidecarsWithoutWorkloadSelectors',
    message: (a, t) =>
      `The Sidecars [${t.join(a.sidecars, ' ')}] in namespace ${JSON.stringify(a.namespace)} have no workload selector, which can lead to undefined behavior.`,
    remedy: 'Keep one Sidecar without a selector per namespace.',
    peers: { kiali: ['KIA0002'] },
  }),
  IST0112: entry<{ host: string; ports: number[] }>({
    level: 'error',
    title: 'VirtualServiceDestinationPortSelectorRequired',
    message: (a, t) =>
      `This VirtualService routes to a service ${JSON.stringify(a.host)} that exposes multiple ports [${t.join(a.ports, ' ')}]. Specifying a port in the destination is required to disambiguate.`,
    remedy: 'Add destination.port.number.',
  }),
  IST0116: entry<{ deployment: string; port: number; services: ResourceRef[] }>({
    level: 'warning',
    title: 'DeploymentAssociatedToMultipleServices',
    message: (a, t) =>
      `This deployment ${a.deployment} is associated with multiple services using port ${a.port} but different protocols: [${t.names(a.services, ' ')}]`,
    remedy: 'Use one protocol per port across the Services that select the Deployment.',
  }),
  IST0118: entry<{ portName: string; port: number; targetPort: string; appProtocol?: string }>({
    level: 'info',
    title: 'PortNameIsNotUnderNamingConvention',
    message: (a) =>
      typeof a.appProtocol !== 'string'
        ? `Port name ${a.portName} (port: ${a.port}, targetPort: ${a.targetPort}) doesn't follow the naming convention of Istio port.`
        : `Port appProtocol ${JSON.stringify(a.appProtocol)} of port ${a.portName} (port: ${a.port}, targetPort: ${a.targetPort}) is not a protocol Istio knows; Istio reads appProtocol instead of the name, so the port is plain TCP.`,
    remedy: 'Name the port <protocol>[-<suffix>] (http, http2, grpc, tcp, tls, ...); when appProtocol is set, set it to one of those protocols instead (Istio then ignores the name).',
    peers: { kiali: ['KIA0601', 'KIA0602'] },
  }),
  IST0128: entry<{ destinationRule: ResourceRef; namespace: string; mode: string; host: string }>({
    level: 'warning',
    title: 'NoServerCertificateVerificationDestinationLevel',
    message: (a, t) =>
      `DestinationRule ${t.name(a.destinationRule)} in namespace ${a.namespace} has TLS mode set to ${a.mode} but no caCertificates are set to validate server identity for host: ${a.host}`,
    remedy: 'Set trafficPolicy.tls.caCertificates (or credentialName with a workloadSelector).',
  }),
  IST0129: entry<{ destinationRule: ResourceRef; namespace: string; mode: string; host: string; port: string }>({
    level: 'warning',
    title: 'NoServerCertificateVerificationPortLevel',
    message: (a, t) =>
      `DestinationRule ${t.name(a.destinationRule)} in namespace ${a.namespace} has TLS mode set to ${a.mode} but no caCertificates are set to validate server identity for host: ${a.host} at port ${a.port}`,
    remedy: 'Set caCertificates in the port-level tls settings.',
  }),
  IST0130: entry<{ rule: string; reason: string }>({
    level: 'warning',
    title: 'VirtualServiceUnreachableRule',
    message: (a) => `VirtualService rule ${a.rule} not used (${a.reason}).`,
    remedy: 'Remove the rule, or move it before the rule that catches its traffic.',
  }),
  IST0131: entry<{ rule: string; match: string; duplicateOf: string }>({
    level: 'info',
    title: 'VirtualServiceIneffectiveMatch',
    message: (a) => `VirtualService rule ${a.rule} match ${a.match} is not used (duplicate/overlapping match in rule ${a.duplicateOf}).`,
    remedy: 'Remove the match, or make it more specific than the earlier one.',
  }),
  IST0132: entry<{ hosts: string[]; virtualService: ResourceRef; gateway: ResourceRef }>({
    level: 'warning',
    title: 'VirtualServiceHostNotFoundInGateway',
    message: (a, t) =>
      `one or more host [${t.list(a.hosts, ' ')}] defined in VirtualService ${t.name(a.virtualService)} not found in Gateway ${t.name(a.gateway)}.`,
    remedy: 'Add the host to a server of the Gateway, or change the VirtualService hosts to ones the Gateway serves.',
  }),
  IST0133: entry<{ detail: string }>({
    level: 'warning',
    title: 'SchemaWarning',
    message: (a) => `Schema validation warning: ${a.detail}`,
    remedy: 'Review the value at the line shown.',
    generic: true,
    peers: { kiali: ['KIA1108'] },
  }),
  IST0134: entry<Record<string, never>>({
    level: 'warning',
    title: 'ServiceEntryAddressesRequired',
    message: () => 'ServiceEntry addresses are required for this protocol.',
    remedy: 'Add spec.addresses, or enable DNS auto-allocation in the mesh config.',
  }),
  IST0137: entry<{ deployment: string; services: ResourceRef[]; targetPort: string; ports: number[] }>({
    level: 'warning',
    title: 'DeploymentConflictingPorts',
    message: (a, t) =>
      `This deployment ${a.deployment} is associated with multiple services [${t.names(a.services, ' ')}] using targetPort ${JSON.stringify(a.targetPort)} but different ports: [${t.join(a.ports, ' ')}].`,
    remedy: 'Use the same service port for one targetPort across the Services.',
  }),
  IST0138: entry<{ gateways: ResourceRef[]; more: number }>({
    level: 'warning',
    title: 'GatewayDuplicateCertificate',
    message: (a, t) =>
      `Duplicate certificate in multiple gateways [${t.names(a.gateways, ' ')}${a.more > 0 ? ` and ${thousands(a.more)} more` : ''}] may cause 404s if clients re-use HTTP2 connections.`,
    remedy: 'Give each Gateway its own certificate, or merge the servers into one Gateway.',
  }),
  IST0140: entry<{ virtualService: ResourceRef; gateway: ResourceRef }>({
    level: 'warning',
    title: 'IngressRouteRulesNotAffected',
    message: (a, t) => `Subset in virtual service ${t.name(a.virtualService)} has no effect on ingress gateway ${t.name(a.gateway)} requests`,
    remedy: 'Route to the subset in the gateway-bound VirtualService too.',
  }),
  IST0145: entry<{ gateways: ResourceRef[]; selector: string; port: number; hosts: string[] }>({
    level: 'error',
    title: 'ConflictingGateways',
    message: (a, t) => `Conflict with gateways ${t.names(a.gateways, ',')} (workload selector ${a.selector}, port ${a.port}, hosts [${t.list(a.hosts, ' ')}]).`,
    remedy: 'Merge the servers into one Gateway or give them different hosts or ports.',
    peers: { kiali: ['KIA0301'] },
  }),
  IST0149: entry<{ claimKey: string; gateway: ResourceRef; pod: string }>({
    level: 'error',
    title: 'JwtClaimBasedRoutingWithoutRequestAuthN',
    message: (a, t) =>
      `The virtual service uses the JWT claim based routing (key: ${a.claimKey}) but found no request authentication for the gateway (${t.name(a.gateway)}) pod (${a.pod}). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.`,
    remedy: 'Apply a RequestAuthentication that selects the gateway pods (in their namespace or istio-system).',
  }),
  IST0150: entry<Record<string, never>>({
    level: 'warning',
    title: 'ExternalNameServiceTypeInvalidPortName',
    message: () =>
      'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly',
    remedy: 'Name the port with a protocol prefix other than plain "tcp" (for example https or tls-<suffix>).',
  }),
  IST0161: entry<{ gateway: string; namespace: string }>({
    level: 'error',
    title: 'InvalidGatewayCredential',
    message: (a) =>
      `The credential referenced by the Gateway ${a.gateway} in namespace ${a.namespace} is invalid, which can cause the traffic not to work as expected.`,
    remedy: 'Give the Secret non-empty tls.crt and tls.key (or cert and key) holding a PEM certificate that is currently valid.',
  }),
  IST0162: entry<{ port: number; selector: string }>({
    level: 'warning',
    title: 'GatewayPortNotDefinedOnService',
    message: (a) =>
      `The gateway is listening on a target port (port ${a.port}) that is not defined in the Service associated with its workload instances (Pod selector ${a.selector}). If you need to access the gateway port through the gateway Service, it will not be available.`,
    remedy: 'Add the port to the gateway Service, or listen on a port the Service exposes.',
  }),
  IST0165: entry<{ virtualService: ResourceRef; gateway: string }>({
    level: 'warning',
    title: 'ReferencedInternalGateway',
    message: (a, t) => `Gateway reference in VirtualService ${t.name(a.virtualService)} is to an implementation-generated internal Gateway: ${a.gateway}.`,
    remedy: 'Reference the Gateway API Gateway through an HTTPRoute instead.',
  }),
  IST0166: entry<{ gateway: string }>({
    level: 'warning',
    title: 'IneffectiveSelector',
    message: (a) => `Ineffective selector on Kubernetes Gateway ${a.gateway}. Use the TargetRef field instead.`,
    remedy: 'Replace spec.selector with a targetRef (or targetRefs) naming the Gateway API Gateway.',
  }),
  IST0167: entry<{ reason: string }>({
    level: 'warning',
    title: 'IneffectivePolicy',
    message: (a) => `The policy has no impact: ${a.reason}.`,
    remedy: 'Remove the Sidecar; ambient workloads do not use it.',
  }),
  IST0171: entry<{ type: string; reason: string; message: string }>({
    level: 'warning',
    title: 'NegativeConditionStatus',
    message: (a) => `A condition with a negative status is present: type=${a.type}, reason=${a.reason}, message=${a.message}.`,
    remedy: 'Fix what the condition reason and message describe; the controller updates the status once it is resolved.',
  }),
  IST0173: entry<{ subset: string }>({
    level: 'error',
    title: 'DestinationRuleSubsetNotSelectPods',
    message: (a) =>
      `The Subset ${a.subset} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`,
    remedy: 'Fix the subset labels, or deploy pods that carry them.',
    peers: { kiali: ['KIA0203'] },
  }),
  IST0174: entry<{ host: string }>({
    level: 'warning',
    title: 'UnknownDestinationRuleHost',
    message: (a) => `The host ${a.host} defined in the DestinationRule does not match any services in the mesh.`,
    remedy: 'Fix the host, or add the Service or ServiceEntry it refers to.',
    peers: { kiali: ['KIA0202'] },
  }),
  IST0176: entry<{ crd: string; installed: string; minimum: string }>({
    level: 'warning',
    title: 'GatewayAPICRDVersionBelowMinimum',
    message: (a) =>
      `Gateway API CRD ${JSON.stringify(a.crd)} is at version ${JSON.stringify(a.installed)} but Istio requires at least ${JSON.stringify(a.minimum)}; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.`,
    remedy: 'Install the Gateway API CRD bundle at or above the minimum version.',
  }),
  IST0177: entry<{ serviceEntries: ResourceRef[]; host: string; port: number; protocols: string[] }>({
    level: 'warning',
    title: 'ConflictingServiceEntryProtocol',
    message: (a, t) =>
      `Multiple ServiceEntries (${t.names(a.serviceEntries, ', ')}) define the same host ${JSON.stringify(a.host)} and port ${a.port} with conflicting protocols (${t.join(a.protocols, ', ')}).`,
    remedy: 'Use one protocol for a host and port across ServiceEntries.',
    peers: { kiali: ['KIA1212'] },
  }),
} as const;

/** Codes withdrawn from the catalogue: never to be given to another finding. */
export const RETIRED_CODES: readonly string[] = ['GW0366', 'GW0267', 'GW0460'];

export type Code = keyof typeof catalog;
export type ArgsOf<C extends Code> = (typeof catalog)[C] extends CatalogEntry<infer A> ? A : never;

export const codes = (): Code[] => Object.keys(catalog) as Code[];

export function isCode(value: string): value is Code {
  return Object.prototype.hasOwnProperty.call(catalog, value);
}

/** The documentation link for a code (Istio's pages for IST codes). */
export function docsUrl(code: Code): string {
  return code.startsWith('IST')
    ? `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`
    : `https://github.com/gwctl/gwctl/blob/main/README.md#${code.toLowerCase()}`;
}
