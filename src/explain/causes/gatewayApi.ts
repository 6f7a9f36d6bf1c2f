// Causes for requests that Gateway API objects were meant to serve. The conversion (src/convert/
// gatewayApi) already knows what istiod would write in the routes' and Gateways' status; here those
// findings are picked for the request at hand: the rule that matched (its backends), the routes that
// name this gateway's Gateway API Gateway (or, from a sidecar, the Service called) and claim the Host,
// and the Gateway's own listeners. Each names the route, the parentRef or listener, and the line.
import { catalog } from '../../diagnostics/catalog.js';
import type { Finding } from '../../diagnostics/finding.js';
import { fullName } from '../../diagnostics/ref.js';
import { site, text } from '../../diagnostics/text.js';
import { ROUTE_KINDS, type GatewayApiRoute } from '../../model/ruleSources.js';
import type { ExplainContext } from '../context.js';
import type { Cause } from '../types.js';
import type { Walk } from '../walk.js';

const ROUTE_CODES = new Set(['GW0501', 'GW0502', 'GW0503', 'GW0504', 'GW0505', 'GW0506', 'GW0507', 'GW0508', 'GW0509', 'GW0510']);
const BACKEND_CODES = new Set(['GW0507', 'GW0508', 'GW0509', 'GW0510']);
const GATEWAY_CODES = new Set(['GW0520', 'GW0521', 'GW0522']);

const causeOf = (f: Finding): Cause => ({ finding: f, fix: f.at ? text`${catalog[f.code].remedy} (${site(f.at)})` : text`${catalog[f.code].remedy}` });

/** A route hostname (maybe `*.example.com`) covers the request host; no hostnames covers every host. */
function claimsHost(route: GatewayApiRoute, host: string): boolean {
  const names = route.kind === 'TCPRoute' ? [] : (route.spec.hostnames ?? []);
  return names.length === 0 || names.some((h) => h.toLowerCase() === host || (h.startsWith('*.') && host.endsWith(h.slice(1).toLowerCase())));
}

/** `ns/name` of the Gateway API Gateways this gateway proxy serves (through its servers, or as their deployed workload). */
function gatewaysServed(ctx: ExplainContext): Set<string> {
  const out = new Set<string>();
  for (const s of ctx.config.servers) {
    const from = ctx.index.get('Gateway', s.gateway.namespace, s.gateway.name)?.derivedFrom;
    if (from?.kind === 'Gateway') out.add(fullName(from));
  }
  const p = ctx.config.proxy;
  const deployed = ctx.index.get('Deployment', p.namespace, p.name)?.derivedFrom;
  if (p.kind === 'Deployment' && deployed?.kind === 'Gateway') out.add(fullName(deployed));
  return out;
}

/** The parents a route names: Gateways (`ns/name`) and Services (`ns/name`), by kind. */
function parentsOf(route: GatewayApiRoute): { gateways: Set<string>; services: Set<string> } {
  const gateways = new Set<string>();
  const services = new Set<string>();
  for (const p of route.spec.parentRefs ?? []) {
    const key = `${p.namespace ?? route.namespace}/${p.name}`;
    if ((p.kind ?? 'Gateway') === 'Service' && (p.group ?? '') === '') services.add(key);
    else if ((p.kind ?? 'Gateway') === 'Gateway') gateways.add(key);
  }
  return { gateways, services };
}

/** `reviews`, `reviews.shop`, `reviews.shop.svc.cluster.local` → the Services (`ns/name`) a sidecar request may be for. */
function servicesCalled(host: string, proxyNamespace: string): Set<string> {
  const labels = host.split('.');
  const [name, ns] = labels;
  const out = new Set<string>();
  if (name) out.add(`${ns !== undefined && ns !== 'svc' ? ns : proxyNamespace}/${name}`);
  return out;
}

export function gatewayApiCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const findings = ctx.conversionFindings;
  if (findings.length === 0) return [];
  const out: Cause[] = [];
  // The matched rule's own backends (a 500, or a weighted backend that gets it).
  const u = w.userRule;
  if (u) {
    const rulePath = ['spec', 'rules', u.rule];
    for (const f of findings) {
      if (!BACKEND_CODES.has(f.code) || f.resource?.kind !== u.route.kind || f.resource.namespace !== u.route.namespace || f.resource.name !== u.route.name) continue;
      const path = f.at?.path.slice(u.route.origin.base.length) ?? [];
      if (rulePath.every((p, i) => path[i] === p)) out.push(causeOf(f));
    }
    return out;
  }
  if (w.stop === 'forwarded' || w.stop === 'tcp-proxy') return [];
  // Routes meant for this request that are not (fully) attached, and the Gateway's own listener problems.
  const served = w.mode === 'gateway' ? gatewaysServed(ctx) : new Set<string>();
  const called = w.mode === 'sidecar' ? servicesCalled(w.host, ctx.config.proxy.namespace) : new Set<string>();
  const meant = new Set<string>();
  for (const kind of ROUTE_KINDS) {
    for (const r of ctx.index.ofKind(kind)) {
      if (!claimsHost(r, w.host) && w.mode === 'gateway') continue;
      const parents = parentsOf(r);
      const mine = w.mode === 'gateway' ? [...parents.gateways].some((g) => served.has(g)) : [...parents.services].some((s) => called.has(s));
      if (mine) meant.add(`${kind}\u0000${r.namespace}/${r.name}`);
    }
  }
  for (const f of findings) {
    const r = f.resource;
    if (!r) continue;
    if (ROUTE_CODES.has(f.code) && !BACKEND_CODES.has(f.code) && meant.has(`${r.kind}\u0000${fullName(r)}`)) out.push(causeOf(f));
    else if (GATEWAY_CODES.has(f.code) && r.kind === 'Gateway' && served.has(fullName(r))) out.push(causeOf(f));
  }
  return out;
}
