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
