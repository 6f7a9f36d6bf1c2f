// 503s (spec §7.4): the route names a cluster the proxy does not have. Why: the host has no Service or
// ServiceEntry, the port is not one of its ports, the subset is in no visible DestinationRule, or the
// service is not exported to the proxy.
import { text } from '../../diagnostics/text.js';
import { missingHostFix, missingPortFix, missingSubsetFix, portRequiredFix, subsetSelectsNoPodFix } from '../../model/fixes.js';
import { destinationRuleIndex } from '../../derive/cluster/destinationRules.js';
import { hostMatches, resolveShortnameToFqdn } from '../../model/hosts.js';
import type { Service, ServiceEntry } from '../../model/resource.js';
import type { ExplainContext } from '../context.js';
import type { Cause } from '../types.js';
import type { Walk } from '../walk.js';
import { makeCause, type CauseSite } from './cause.js';
import { ruleBackendFindings } from './gatewayApi.js';
import { missingClusterStatus } from '../trace.js';

interface ParsedCluster {
  port: number;
  subset: string;
  host: string;
}

function parseCluster(name: string): ParsedCluster | undefined {
  const parts = name.split('|');
  if (parts.length !== 4 || parts[0] !== 'outbound') return undefined;
  return { port: Number(parts[1]), subset: parts[2] ?? '', host: parts[3] ?? '' };
}

function findService(ctx: ExplainContext, host: string): { resource: Service | ServiceEntry; ports: number[]; namespace: string } | undefined {
  const suffix = ctx.index.options.domainSuffix;
  const svcMatch = suffix ? new RegExp(`^([^.]+)\\.([^.]+)\\.svc\\.${suffix.replace(/\./g, '\\.')}$`).exec(host) : /^([^.]+)\.([^.]+)$/.exec(host);
  if (svcMatch) {
    const svc = ctx.index.get('Service', svcMatch[2] ?? '', svcMatch[1] ?? '');
    if (svc) return { resource: svc, ports: (svc.spec.ports ?? []).map((p) => p.port), namespace: svc.namespace };
  }
  for (const se of ctx.index.ofKind('ServiceEntry')) {
    if (!se.spec.hosts.some((h) => hostMatches(h, host))) continue;
    return { resource: se, ports: (se.spec.ports ?? []).map((p) => p.number), namespace: se.namespace };
  }
  return undefined;
}

/** The VS destination that produced the cluster, for file:line; the Gateway API rule when the VirtualService is istiod's. */
function destinationSite(ctx: ExplainContext, w: Walk, c: ParsedCluster): CauseSite {
  const u = w.userRule;
  if (u) return { resource: u.route, path: ['spec', 'rules', u.rule] };
  const o = w.origin;
  if (!o) return {};
  const vs = ctx.index.get('VirtualService', o.virtualService.namespace, o.virtualService.name);
  const rule = vs?.spec.http?.[o.rule];
  if (!vs || !rule) return vs ? { resource: vs } : {};
  const i = (rule.route ?? []).findIndex((d) => (d.destination.subset ?? '') === c.subset && resolveShortnameToFqdn(d.destination.host, vs.namespace, ctx.index.options.domainSuffix) === c.host);
  return i < 0 ? { resource: vs, path: ['spec', 'http', o.rule] } : { resource: vs, path: ['spec', 'http', o.rule, 'route', i, 'destination'] };
}

/** The VS destination as written (host, port number) that produced the cluster, when the origin is known. */
function destinationOf(ctx: ExplainContext, w: Walk, c: ParsedCluster): { host: string; port: number | undefined } | undefined {
  const site = destinationSite(ctx, w, c);
  const p = site.path;
  const vs = site.resource;
  if (!vs || vs.kind !== 'VirtualService' || !p || p.at(-1) !== 'destination') return undefined;
  const rule = vs.spec.http?.[Number(p[2])];
  const d = rule?.route?.[Number(p[4])]?.destination;
  return d ? { host: d.host, port: d.port?.number } : undefined;
}

function clusterCause(ctx: ExplainContext, w: Walk, name: string): Cause | undefined {
  const c = parseCluster(name);
  if (!c) return undefined;
  const site = destinationSite(ctx, w, c);
  const svc = findService(ctx, c.host);
  if (!svc) {
    return makeCause('IST0101', { kind: 'host', name: c.host }, { ...site, path: site.path ? [...site.path, ...(site.path.at(-1) === 'destination' ? ['host'] : [])] : site.path }, (at) =>
      missingHostFix(c.host, at, 'destination'),
    );
  }
  if (!svc.ports.includes(c.port)) {
    // istioctl's words for the same causes: a port the service lacks is IST0101 host:port; no port on
    // a multi-port service (istiod then uses the server port) is IST0112.
    const written = destinationOf(ctx, w, c);
    if (written?.port !== undefined) {
      return makeCause('IST0101', { kind: 'host:port', name: `${written.host}:${written.port}` }, site, (at) =>
        missingPortFix(svc.ports, written.port ?? 0, at, 'destination'),
      );
    }
    if (written && svc.ports.length > 1) {
      return makeCause('IST0112', { host: written.host, ports: svc.ports }, site, (at) =>
        portRequiredFix(svc.ports, at, 'destination', c.port),
      );
    }
    return makeCause('IST0101', { kind: 'host:port', name: `${c.host}:${c.port}` }, site, (at) =>
      text`set destination.port.number to ${svc.ports.length === 1 ? String(svc.ports[0]) : `one of ${svc.ports.join(', ')}`}${at ? text` (${at})` : ''}${svc.ports.length > 1 ? ': the service has several ports, so istiod uses the Gateway server port when none is given' : ''}`,
    );
  }
  if (c.subset !== '') {
    const dr = destinationRuleIndex(ctx.index).lookup(ctx.config.proxy, { hostname: c.host, namespace: svc.namespace });
    if (!dr || !dr.subsets.includes(c.subset)) {
      const drSite: CauseSite = dr ? { resource: dr.dr, path: ['spec', 'subsets'] } : site;
      return makeCause('IST0101', { kind: 'host+subset in destinationrule', name: `${c.host}+${c.subset}` }, drSite, (at) =>
        missingSubsetFix(c.subset, c.host, at, dr ? { dr: dr.dr, subsets: dr.subsets } : undefined, ctx.config.proxy.namespace),
      );
    }
  }
  return makeCause('GW0461', { host: c.host, namespace: ctx.config.proxy.namespace }, { resource: svc.resource }, (at) => text`export ${c.host} to namespace ${ctx.config.proxy.namespace} (${at})`);
}

/** Why an existing cluster has no endpoint: the subset's labels (IST0173) or the Service's selector select no workload. */
function noEndpointCause(ctx: ExplainContext, w: Walk, name: string): Cause | undefined {
  const c = parseCluster(name);
  const e = ctx.endpoints(name);
  if (!c || e?.state !== 'known') return undefined;
  const selector = Object.entries(e.selector).map(([k, v]) => `${k}=${v}`).join(',');
  const svc = findService(ctx, c.host);
  const namespace = svc?.namespace ?? '';
  if (c.subset !== '') {
    const dr = destinationRuleIndex(ctx.index).lookup(ctx.config.proxy, { hostname: c.host, namespace });
    const drResource = dr?.from.find((d) => (d.spec.subsets ?? []).some((s) => s.name === c.subset)) ?? dr?.dr;
    const i = (drResource?.spec.subsets ?? []).findIndex((s) => s.name === c.subset);
    const site: CauseSite = drResource ? { resource: drResource, path: i >= 0 ? ['spec', 'subsets', i, 'labels'] : ['spec', 'subsets'] } : {};
    return makeCause('IST0173', { subset: c.subset }, site, (at) => subsetSelectsNoPodFix(c.subset, e.selector, at, namespace || undefined));
  }
  return makeCause('GW0472', { cluster: name, service: c.host, selector, namespace }, svc ? { resource: svc.resource, path: ['spec', 'selector'] } : {}, (at) => text`make spec.selector of ${c.host}${at ? text` (${at})` : ''} match the workload's pod labels, or deploy the workload`);
}

export function destinationCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const out: Cause[] = [];
  const all = w.outcome?.kind === 'forward' ? w.outcome.clusters : [];
  const allSum = all.reduce((a, c) => a + c.weight, 0);
  for (const name of w.noEndpoints) {
    const c = noEndpointCause(ctx, w, name);
    if (c) out.push(c);
    if (w.stop === 'forwarded' && allSum > 0) {
      const weight = all.find((t) => t.name === name)?.weight ?? 0;
      out.push(makeCause('GW0473', { cluster: name, percent: Math.round((weight / allSum) * 100) }, destinationSite(ctx, w, parseCluster(name) ?? { port: 0, subset: '', host: '' }), (at) => text`deploy that destination's workloads or remove it${at ? text` (${at})` : ''}`));
    }
  }
  const total = w.outcome?.kind === 'forward' ? w.outcome.clusters : [];
  const sum = total.reduce((a, c) => a + c.weight, 0);
  // A Gateway API rule's missing backends are named by the conversion's own findings (GW0507-GW0510,
  // gatewayApiCauses), on the HTTPRoute: istioctl's words on istiod's internal VirtualService would add nothing.
  const backendsNamed = ruleBackendFindings(ctx, w).length > 0;
  for (const name of w.missingClusters) {
    const c = backendsNamed ? undefined : clusterCause(ctx, w, name);
    if (c) out.push(c);
    if (w.stop === 'forwarded' && sum > 0) {
      const weight = total.find((t) => t.name === name)?.weight ?? 0;
      out.push(makeCause('GW0462', { missing: name, percent: Math.round((weight / sum) * 100), status: missingClusterStatus(w) }, destinationSite(ctx, w, parseCluster(name) ?? { port: 0, subset: '', host: '' }), (at) => text`fix or remove that destination${at ? text` (${at})` : ''}`));
    }
  }
  return out;
}
