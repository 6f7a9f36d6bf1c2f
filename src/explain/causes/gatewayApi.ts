// Causes for requests that Gateway API objects were meant to serve. The conversion (src/convert/
// gatewayApi) already knows what istiod would write in the routes' and Gateways' status; here those
// findings are picked for the request at hand: the rule that matched (its backends), the routes that
// name this gateway's Gateway API Gateway (or, from a sidecar, the Service called) and claim the Host,
// and the Gateway's own listeners. Each names the route, the parentRef or listener, and the line.
import { catalog } from '../../diagnostics/catalog.js';
import type { Finding } from '../../diagnostics/finding.js';
import { fullName, type ResourceRef } from '../../diagnostics/ref.js';
import { ref, site, text } from '../../diagnostics/text.js';
import { ROUTE_KINDS, type GatewayApiRoute } from '../../model/ruleSources.js';
import type { ExplainContext } from '../context.js';
import type { Cause } from '../types.js';
import type { Walk } from '../walk.js';
import { makeCause } from './cause.js';
import { gatewayClasses } from '../../convert/gatewayApi/classes.js';
import { refOf } from '../../model/resource.js';

const ROUTE_CODES = new Set(['GW0501', 'GW0502', 'GW0503', 'GW0504', 'GW0505', 'GW0506', 'GW0507', 'GW0508', 'GW0509', 'GW0510']);
const BACKEND_CODES = new Set(['GW0507', 'GW0508', 'GW0509', 'GW0510']);
const GATEWAY_CODES = new Set(['GW0520', 'GW0521', 'GW0522']);

/** The conversion's own fix when it has one (analyze prints the same), else the catalogue remedy at the finding's line. */
const causeOf = (f: Finding): Cause => ({ finding: f, fix: f.fix ?? (f.at ? text`${catalog[f.code].remedy} (${site(f.at)})` : text`${catalog[f.code].remedy}`) });

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

/** How many routes attached elsewhere are named for one request: enough to find the mistake. */
const MAX_ELSEWHERE = 5;

/**
 * Routes that name the request's host in their hostnames but are not attached to a Gateway this
 * gateway proxy serves: the route is parented nowhere (its GW0501) or to another Gateway (GW0523).
 * Without this the only cause left is the empty route config, whose fix would be a second route.
 */
/** `ns/name` (as gatewaysServed and parentsOf key them) back to a Gateway ref. */
function gatewayRef(key: string): ResourceRef {
  const [namespace = '', name = ''] = key.split('/');
  return { kind: 'Gateway', namespace, name };
}

function attachedElsewhere(ctx: ExplainContext, w: Walk, served: ReadonlySet<string>): Cause[] {
  const out: Cause[] = [];
  const notFound = new Map<string, Finding>();
  for (const f of ctx.conversionFindings) if (f.code === 'GW0501' && f.resource) notFound.set(`${f.resource.kind}\u0000${fullName(f.resource)}`, f);
  const classes = gatewayClasses(ctx.index, { ambientWaypoints: false, ambientMultiNetwork: false });
  const gateways = [...served].map(gatewayRef);
  for (const kind of ROUTE_KINDS) {
    if (kind === 'TCPRoute') continue;
    for (const r of ctx.index.ofKind(kind)) {
      if (out.length >= MAX_ELSEWHERE) return out;
      if ((r.spec.hostnames ?? []).length === 0 || !claimsHost(r, w.host)) continue;
      const parents = [...parentsOf(r).gateways];
      if (parents.some((g) => served.has(g))) continue;
      const missing = notFound.get(`${kind}\u0000${r.namespace}/${r.name}`);
      if (missing) {
        out.push(causeOf(missing));
        continue;
      }
      if (parents.length === 0) continue;
      const parentRefs = parents.map(gatewayRef);
      const foreign = parentRefs.map((p) => ctx.index.get('KubernetesGateway', p.namespace, p.name)).filter((g) => g !== undefined && classes.resolve(g.spec.gatewayClassName) === undefined);
      const [other] = foreign;
      if (other && foreign.length === parentRefs.length) {
        // Another controller's Gateway: what it serves is not Istio's to say, so neither is it gwctl's.
        const className = other.spec.gatewayClassName;
        const controller = ctx.index.get('GatewayClass', '', className)?.spec.controllerName ?? '';
        out.push(
          makeCause('GW0525', { route: refOf(r), host: w.host, gateway: refOf(other), className, controller }, { resource: other, path: ['spec', 'gatewayClassName'] }, (at) =>
            text`set gatewayClassName to \`istio\` on ${ref(other)} (${at}) to have Istio serve it; otherwise the ${controller || `\`${className}\``} controller decides, and gwctl does not model it`,
          ),
        );
        continue;
      }
      out.push(
        makeCause('GW0523', { route: refOf(r), host: w.host, parents: parentRefs, gateways }, { resource: r, path: ['spec', 'parentRefs'] }, (at) =>
          gateways.length > 0 ? text`add a parentRef to Gateway \`${ref(gateways[0] ?? parentRefs[0] ?? refOf(r))}\` in ${kind} ${ref(r)} (${at}), or ask the gateway of ${ref(parentRefs[0] ?? refOf(r))} instead (--gateway gateway/${parentRefs[0]?.name ?? ''}.${parentRefs[0]?.namespace ?? ''})` : text`ask the gateway of ${ref(parentRefs[0] ?? refOf(r))} instead (--gateway gateway/${parentRefs[0]?.name ?? ''}.${parentRefs[0]?.namespace ?? ''})`,
        ),
      );
    }
  }
  return out;
}

export function gatewayApiCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const findings = ctx.conversionFindings;
  if (w.mode === 'gateway' && w.stop !== 'forwarded' && w.stop !== 'tcp-proxy' && !w.userRule) {
    const elsewhere = attachedElsewhere(ctx, w, gatewaysServed(ctx));
    if (elsewhere.length > 0) return [...elsewhere, ...gatewayApiCausesFromFindings(ctx, w, findings).filter((c) => !elsewhere.some((e) => e.finding === c.finding))];
  }
  return gatewayApiCausesFromFindings(ctx, w, findings);
}

/** The conversion's findings on the backends of the Gateway API rule the request matched (GW0507-GW0510). */
export function ruleBackendFindings(ctx: ExplainContext, w: Walk): Finding[] {
  const u = w.userRule;
  if (!u) return [];
  const rulePath = ['spec', 'rules', u.rule];
  return ctx.conversionFindings.filter((f) => {
    if (!BACKEND_CODES.has(f.code) || f.resource?.kind !== u.route.kind || f.resource.namespace !== u.route.namespace || f.resource.name !== u.route.name) return false;
    const path = f.at?.path.slice(u.route.origin.base.length) ?? [];
    return rulePath.every((p, i) => path[i] === p);
  });
}

function gatewayApiCausesFromFindings(ctx: ExplainContext, w: Walk, findings: readonly Finding[]): Cause[] {
  if (findings.length === 0) return [];
  const out: Cause[] = [];
  // The matched rule's own backends (a 500, or a weighted backend that gets it).
  if (w.userRule) return ruleBackendFindings(ctx, w).map(causeOf);
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
