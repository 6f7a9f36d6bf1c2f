// Why a VirtualService that claims the request's host contributes nothing here (spec §8.2 N1-N5,
// N9, N12, N13): read from the derivation's typed misses, plus the unbound VirtualServices it does
// not list (a VS naming no gateway of this port is not a miss of any gateway).
import { fullName, refTo } from '../../diagnostics/ref.js';
import { plain, ref, text, type Text } from '../../diagnostics/text.js';
import type { FilteredRule, MissReason, ResourceKey, VirtualServiceMiss } from '../../derive/proxyConfig.js';
import { hostMatches, MESH_GATEWAY } from '../../model/hosts.js';
import {
  bindToGatewayFix,
  bindToMeshFix,
  exportToFix,
  fieldSite,
  gatewayApiGatewayNamedFix,
  gatewayReferenceFix,
  hostsDoNotIntersectFix,
  matchPortFix,
  mergeVirtualServiceFix,
  rejectedVirtualServiceFix,
  serverNamespaceExcludesFix,
} from '../../model/fixes.js';
import { refOf } from '../../model/resource.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import type { ExplainContext } from '../context.js';
import type { Cause } from '../types.js';
import type { Walk } from '../walk.js';
import { makeCause } from './cause.js';
import { gatewaysHere, normalized, serverServesHost, serversHere, virtualServicesForHost } from './lookups.js';
import { selectorCause } from './selector.js';

const gwKey = (g: ResourceKey | 'mesh'): string => (g === 'mesh' ? MESH_GATEWAY : fullName(g));
const gatewayRef = (g: ResourceKey | 'mesh') => (g === 'mesh' ? g : refTo('Gateway', g));

function hostHit(n: NormalizedVirtualService, host: string): boolean {
  return n.hosts.some((h) => hostMatches(h.toLowerCase(), host));
}

export function bindingCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const here = new Set(gatewaysHere(ctx, w));
  const servers = serversHere(ctx, w);
  const out: Cause[] = [];
  const seen = new Set<string>();
  const push = (key: string, c: Cause | undefined) => {
    if (c && !seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };
  for (const miss of ctx.config.misses) {
    const n = normalized(ctx, miss.virtualService);
    if (!n || n.vs.derivedFrom) continue;
    const named = gatewayApiGatewayNamed(ctx, n);
    if (named) {
      if (hostHit(n, w.host)) push(`GW0512\u0000${fullName(n.vs)}`, named);
      continue;
    }
    const hit = hostHit(n, w.host);
    const c = missCause(ctx, w, miss, miss.reason, n, hit, here, servers.some((s) => serverServesHost(s, w.host)));
    push(`${miss.reason.code}\u0000${fullName(miss.virtualService)}`, c);
  }
  // VirtualServices with the host that name none of the gateways here, and that the derivation did not
  // report (it records misses per gateway it builds, not for every VS in the inputs).
  for (const n of virtualServicesForHost(ctx, w.host)) {
    if (n.isDelegate || n.vs.derivedFrom || n.gateways.some((g) => here.has(g))) continue;
    const named = gatewayApiGatewayNamed(ctx, n);
    if (named) {
      push(`GW0512\u0000${fullName(n.vs)}`, named);
      continue;
    }
    const gateway = [...here][0];
    if (gateway === undefined) continue;
    push(`gateway-not-referenced\u0000${fullName(n.vs)}`, notBoundCause(ctx, n, gateway));
  }
  return out;
}

function missCause(ctx: ExplainContext, w: Walk, miss: VirtualServiceMiss, reason: MissReason, n: NormalizedVirtualService, hit: boolean, here: Set<string>, hostServed: boolean): Cause | undefined {
  const vs = n.vs;
  switch (reason.code) {
    case 'gateway-not-referenced':
      return hit && here.has(gwKey(reason.gateway)) ? notBoundCause(ctx, n, gwKey(reason.gateway)) : undefined;
    case 'no-host-intersection': {
      if (!here.has(gwKey(reason.gateway)) || (!hostServed && !hit)) return undefined;
      // Add the name the client sends when the server serves it, else the server's own host.
      const add = hostServed ? w.host : (reason.serverHosts[0] ?? w.host);
      // The arguments istioctl analyze gives IST0132: the hosts as written, both resources as namespace/name.
      return makeCause('IST0132', { hosts: vs.spec.hosts ?? [], virtualService: refOf(vs), gateway: refTo('Gateway', reason.gateway) }, { resource: vs, path: ['spec', 'hosts'] }, (at) =>
        hostsDoNotIntersectFix(vs, at, add, vs.spec.hosts ?? [], reason.serverHosts, reason.gateway),
      );
    }
    case 'namespace-excluded': {
      if (!hit || !here.has(gwKey(reason.gateway))) return undefined;
      const gw = ctx.index.get('Gateway', reason.gateway.namespace, reason.gateway.name);
      // istioctl names this IST0132 too (NamesForNamespace drops the server hosts of other namespaces),
      // with the same arguments as analyze; the fix says which server host excludes it.
      const serverSite = gw ? fieldSite(gw, ['spec', 'servers', reason.serverIndex, 'hosts']) : '';
      return makeCause('IST0132', { hosts: vs.spec.hosts ?? [], virtualService: refOf(vs), gateway: refTo('Gateway', reason.gateway) }, { resource: vs, path: ['spec', 'hosts'] }, () =>
        serverNamespaceExcludesFix(reason.serverHost, reason.gateway, serverSite, vs),
      );
    }
    case 'not-visible':
      if (!hit) return undefined;
      return makeCause('GW0268', { virtualService: refOf(vs), exportTo: reason.exportTo, namespace: reason.proxyNamespace }, { resource: vs, path: vs.spec.exportTo ? ['spec', 'exportTo'] : ['spec'] }, (at) =>
        exportToFix(vs, at, reason.proxyNamespace),
      );
    case 'rules-filtered': {
      if (!hit || !here.has(gwKey(reason.gateway))) return undefined;
      return rulesFilteredCause(ctx, w, n, reason.gateway, reason.rules);
    }
    case 'rejected':
      if (!hit) return undefined;
      return makeCause('GW0270', { virtualService: refOf(vs) }, { resource: vs }, (at) => rejectedVirtualServiceFix(vs, at));
    case 'gateway-not-on-proxy': {
      if (!hit) return undefined;
      const gw = ctx.index.get('Gateway', reason.gateway.namespace, reason.gateway.name);
      return gw ? selectorCause(ctx, gw) : undefined;
    }
    case 'duplicate-host': {
      if (!hit) return undefined;
      const winner = reason.winner;
      return makeCause('IST0109', { virtualServices: [...(winner ? [refTo('VirtualService', winner)] : []), refOf(vs)], host: reason.host }, { resource: vs, path: ['spec', 'hosts'] }, (at) =>
        mergeVirtualServiceFix(vs, at, winner, reason.host),
      );
    }
    case 'not-imported': {
      if (!hit) return undefined;
      const sc = ctx.index.get('Sidecar', reason.sidecar.namespace, reason.sidecar.name);
      return makeCause('GW0272', { virtualService: refOf(vs), sidecar: refTo('Sidecar', reason.sidecar) }, sc ? { resource: sc, path: ['spec', 'egress'] } : { resource: vs }, (at) =>
        text`add \`${vs.namespace}/${n.hosts[0] ?? '*'}\` to the egress hosts of Sidecar ${ref(reason.sidecar)}${at ? text` (${at})` : ''}`,
      );
    }
  }
  void miss;
  return undefined;
}

/** N2: the VS has the host but its gateways do not name `gateway` (why: short name, empty, mesh only). */
export function notBoundCause(ctx: ExplainContext, n: NormalizedVirtualService, gateway: string): Cause | undefined {
  const vs = n.vs;
  const raw = vs.spec.gateways ?? [];
  const [gwNs, gwName] = gateway.split('/');
  let why: Text;
  if (raw.length === 0) why = plain('spec.gateways is empty, which means `mesh` only: sidecars get the routes, no gateway does');
  else if (n.gateways.every((g) => g === MESH_GATEWAY)) why = plain('it lists only `mesh`, i.e. sidecars');
  else {
    const sameName = raw.find((_, i) => (n.gateways[i] ?? '').split('/')[1] === gwName && n.gateways[i] !== gateway);
    if (sameName !== undefined && gwName !== undefined) {
      why = text`\`${sameName}\` is a short name, resolved in the VirtualService's namespace to ${ref({ namespace: vs.namespace, name: gwName })}, but the Gateway lives in ${gwNs ?? ''}`;
    } else why = plain('it names other gateways');
  }
  const path = vs.spec.gateways ? ['spec', 'gateways'] : ['spec'];
  const missingRef = n.gateways.find((g) => g !== MESH_GATEWAY && !ctx.index.get('Gateway', g.split('/')[0] ?? '', g.split('/')[1] ?? ''));
  if (missingRef !== undefined && missingRef.split('/')[1] === gwName) {
    // IST0101 is what istioctl analyze says for a gateway reference that resolves to nothing.
    const written = raw.find((_, i) => n.gateways[i] === missingRef) ?? missingRef;
    return makeCause('IST0101', { kind: 'gateway', name: missingRef }, { resource: vs, path }, (at) =>
      gatewayReferenceFix(vs, at, written, missingRef, gateway, namespaceDefaulted(ctx.index.get('Gateway', gwNs ?? '', gwName ?? ''))),
    );
  }
  if (gateway === MESH_GATEWAY) {
    return makeCause('GW0266', { virtualService: refOf(vs), gateway: 'mesh', referenced: n.gateways, why: plain('the list does not contain `mesh`, so sidecars ignore it') }, { resource: vs, path }, (at) => bindToMeshFix(vs, at));
  }
  return makeCause('GW0266', { virtualService: refOf(vs), gateway: refTo('Gateway', { namespace: gwNs ?? '', name: gwName ?? '' }), referenced: n.gateways, why }, { resource: vs, path }, (at) => bindToGatewayFix(vs, at, gateway, raw.length === 0));
}

/** A resource whose manifest names no namespace (gwctl put it in -n's). */
const namespaceDefaulted = (r: { metadata: { namespace?: string | null } } | undefined): boolean => r !== undefined && r.metadata.namespace == null;

function describeFiltered(r: FilteredRule, w: Walk): string {
  switch (r.why) {
    case 'port':
      return `http[${r.rule}]${r.match !== undefined ? `.match[${r.match}]` : ''} has match.port ${r.detail ?? ''}${w.mode === 'gateway' && w.port.listenerPort !== w.port.requested ? ` (match.port is compared with the Gateway server port, not the targetPort ${w.port.listenerPort})` : ''}`;
    case 'gateways':
      return `http[${r.rule}] match.gateways does not name this gateway${r.detail ? ` (${r.detail})` : ''}`;
    case 'sourceLabels':
      return `http[${r.rule}] sourceLabels do not match the proxy pod labels${r.detail ? ` (${r.detail})` : ''}`;
    case 'sourceNamespace':
      return `http[${r.rule}] sourceNamespace differs from the proxy namespace${r.detail ? ` (${r.detail})` : ''}`;
    case 'after-catch-all':
      return `http[${r.rule}] comes after a catch-all rule`;
    case 'delegate-missing':
      return `http[${r.rule}] delegates to a VirtualService that is missing or not exported${r.detail ? ` (${r.detail})` : ''}`;
    case 'delegate-conflict':
      return `http[${r.rule}] delegate matches conflict with the root match${r.detail ? ` (${r.detail})` : ''}`;
  }
}

function rulesFilteredCause(ctx: ExplainContext, w: Walk, n: NormalizedVirtualService, gateway: ResourceKey | 'mesh', rules: FilteredRule[]): Cause | undefined {
  const vs = n.vs;
  const first = rules[0];
  if (!first) return undefined;
  const path: (string | number)[] = ['spec', 'http', first.rule];
  if (first.match !== undefined) path.push('match', first.match);
  if (first.why === 'port') path.push('port');
  const detail = rules.map((r) => describeFiltered(r, w)).join('; ');
  return makeCause('GW0269', { virtualService: refOf(vs), gateway: gatewayRef(gateway), detail }, { resource: vs, path }, (at) => {
    if (first.why === 'port') {
      const serverPort = w.mode === 'gateway' ? serversHere(ctx, w)[0]?.port : w.port.listenerPort;
      return matchPortFix(vs, first.rule, at, serverPort, w.mode === 'gateway' ? 'Gateway server' : 'service');
    }
    return text`fix http[${first.rule}] of VirtualService ${ref(vs)} (${at}): ${describeFiltered(first, w)}`;
  });
}

/**
 * A VirtualService that names a Gateway API Gateway in spec.gateways binds to nothing (istiod's
 * internal Gateways have other names): say so, rather than suggest the internal name.
 */
function gatewayApiGatewayNamed(ctx: ExplainContext, n: NormalizedVirtualService): Cause | undefined {
  const gateways = n.vs.spec.gateways ?? [];
  for (const [i, g] of gateways.entries()) {
    if (g === MESH_GATEWAY) continue;
    const slash = g.indexOf('/');
    const namespace = slash < 0 ? n.vs.namespace : g.slice(0, slash);
    const name = slash < 0 ? g : g.slice(slash + 1);
    if (ctx.index.get('Gateway', namespace, name)) continue;
    const k8s = ctx.index.get('KubernetesGateway', namespace, name);
    if (!k8s) continue;
    return makeCause('GW0512', { virtualService: refOf(n.vs), gateway: refOf(k8s) }, { resource: n.vs, path: ['spec', 'gateways', i] }, (at) =>
      gatewayApiGatewayNamedFix(n.vs, at, k8s),
    );
  }
  return undefined;
}
