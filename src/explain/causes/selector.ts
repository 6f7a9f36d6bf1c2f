// C1: a Gateway whose selector misses the gateway pod, with the istio/gateway chart label trap
// (release `istio-ingress` labels pods `istio: ingress`, not `istio: ingressgateway`; spec §2 item 6).
import type { Gateway } from '../../model/resource.js';
import type { ExplainModel } from '../model.js';
import type { Cause } from '../types.js';
import { label, makeCause } from './cause.js';

const fmt = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '(everything)';

export function selectorMisses(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): string | undefined {
  for (const [k, v] of Object.entries(selector)) {
    const have = labels[k];
    if (have === v) continue;
    if (have === undefined) return `the pod has no label ${k}`;
    const trap =
      k === 'istio' && ((v === 'ingressgateway' && have === 'ingress') || (v === 'ingress' && have === 'ingressgateway'))
        ? ` (the istio/gateway Helm chart labels pods istio=<release name without "istio-">: release istio-ingress gives istio=ingress, not istio=ingressgateway)`
        : '';
    return `the pod has ${k}=${have}, not ${k}=${v}${trap}`;
  }
  return undefined;
}

export function selectorCause(model: ExplainModel, gw: Gateway): Cause | undefined {
  const selector = gw.spec.selector;
  if (!selector) return undefined;
  const proxy = model.config.proxy;
  const why = selectorMisses(selector, proxy.labels);
  if (why === undefined) return undefined;
  const workload = `${proxy.kind} ${proxy.namespace}/${proxy.name}${proxy.assumed ? ' (assumed: no gateway workload in the inputs)' : ''}`;
  const wanted = Object.fromEntries(Object.keys(selector).map((k) => [k, proxy.labels[k]]).filter((e): e is [string, string] => e[1] !== undefined));
  return makeCause(model, 'GW0260', { gateway: label(gw), selector: fmt(selector), workload, why }, { resource: gw, path: ['spec', 'selector'] }, (at) =>
    Object.keys(wanted).length > 0
      ? `set spec.selector of Gateway ${label(gw)} (${at}) to ${fmt(wanted)}, the labels of the gateway pods`
      : `set spec.selector of Gateway ${label(gw)} (${at}) to labels the gateway pods carry (${fmt(proxy.labels)})`,
  );
}

/** Gateways in the inputs that do not apply to this proxy and that have a server for the host or port. */
export function unselectedGatewayCauses(model: ExplainModel, host: string | undefined, ports: readonly number[]): Cause[] {
  const applied = new Set(model.config.gateways.map((g) => `${g.namespace}/${g.name}`));
  const out: Cause[] = [];
  for (const gw of model.index.ofKind('Gateway')) {
    if (applied.has(label(gw))) continue;
    const relevant = (gw.spec.servers ?? []).some(
      (s) =>
        (s.port !== undefined && ports.includes(s.port.number)) ||
        (host !== undefined && (s.hosts ?? []).some((h) => {
          const bare = (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h).toLowerCase();
          return bare === '*' || bare === host || (bare.startsWith('*') && host.endsWith(bare.slice(1)));
        })),
    );
    if (!relevant) continue;
    const c = selectorCause(model, gw);
    if (c) out.push(c);
  }
  return out;
}
