// C1: a Gateway whose selector misses the gateway pod, with the istio/gateway chart label trap
// (release `istio-ingress` labels pods `istio: ingress`, not `istio: ingressgateway`; spec §2 item 6).
import { fullName } from '../../diagnostics/ref.js';
import { ref, text } from '../../diagnostics/text.js';
import { refOf, type Gateway } from '../../model/resource.js';
import type { ExplainContext } from '../context.js';
import type { Cause } from '../types.js';
import { makeCause } from './cause.js';
import { own } from '../../load/dict.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { indexByLabels, type ObjectsByLabel } from '../../model/labelIndex.js';
import { allWorkloads, type FoundWorkload } from '../../derive/gateway/workloads.js';

const workloadIndexes = new WeakMap<ConfigIndex, ObjectsByLabel<FoundWorkload>>();

/** Workloads of the inputs by label, built once per config store. */
function workloadsByLabel(index: ConfigIndex): ObjectsByLabel<FoundWorkload> {
  let i = workloadIndexes.get(index);
  if (!i) workloadIndexes.set(index, (i = indexByLabels(allWorkloads(index), (w) => w.labels, (w) => w.resource.namespace)));
  return i;
}

const fmt = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '(everything)';

export function selectorMisses(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): string | undefined {
  for (const [k, v] of Object.entries(selector)) {
    const have = own(labels, k);
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

export function selectorCause(ctx: ExplainContext, gw: Gateway): Cause | undefined {
  const selector = gw.spec.selector;
  if (!selector) return undefined;
  const proxy = ctx.config.proxy;
  const why = selectorMisses(selector, proxy.labels);
  if (why === undefined) return undefined;
  const wanted = Object.fromEntries(Object.keys(selector).map((k) => [k, own(proxy.labels, k)]).filter((e): e is [string, string] => e[1] !== undefined));
  const workload = { kind: proxy.kind, namespace: proxy.namespace, name: proxy.name };
  // A selector no workload in the inputs carries is istioctl's IST0101 (ReferencedResourceNotFound),
  // unless gwctl assumed the default gateway (then the inputs hold no gateway workload at all).
  if (!proxy.assumed && Object.keys(selector).length > 0 && !workloadsByLabel(ctx.index).any(selector)) {
    return makeCause('IST0101', { kind: 'selector', name: Object.keys(selector).sort().map((k) => `${k}=${selector[k] ?? ''}`).join(',') }, { resource: gw, path: ['spec', 'selector'] }, (at) =>
      text`no workload in the inputs carries ${fmt(selector)} (${why}): set spec.selector of Gateway ${ref(gw)} (${at}) to ${Object.keys(wanted).length > 0 ? fmt(wanted) : `labels of the gateway pods (${fmt(proxy.labels)})`}, the labels of ${proxy.kind} ${proxy.namespace}/${proxy.name}`,
    );
  }
  return makeCause('GW0260', { gateway: refOf(gw), selector: fmt(selector), workload, assumed: proxy.assumed, why }, { resource: gw, path: ['spec', 'selector'] }, (at) =>
    Object.keys(wanted).length > 0
      ? text`set spec.selector of Gateway ${ref(gw)} (${at}) to ${fmt(wanted)}, the labels of the gateway pods`
      : text`set spec.selector of Gateway ${ref(gw)} (${at}) to labels the gateway pods carry (${fmt(proxy.labels)})`,
  );
}

/**
 * The Gateways that do not apply to this proxy, filed by server port and by server host (a
 * wildcard host under the suffix it matches), so that a failed request looks at the few Gateways
 * that could be relevant instead of every Gateway in the inputs.
 */
export interface UnselectedGateways {
  /** A superset of the Gateways with a server for the host or one of the ports, in input order. */
  candidates(host: string | undefined, ports: readonly number[]): Gateway[];
  /** selectorCause, computed once per Gateway (it depends on the Gateway and the proxy only). */
  selectorCause(gw: Gateway): Cause | undefined;
}

const bareHost = (h: string): string => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h).toLowerCase();

function indexUnselectedGateways(ctx: ExplainContext): UnselectedGateways {
  const causes = new Map<Gateway, Cause | undefined>();
  const applied = new Set(ctx.config.gateways.map(fullName));
  const all = ctx.index.ofKind('Gateway');
  const byPort = new Map<number, number[]>();
  const byHost = new Map<string, number[]>();
  /** `*` and `*.example.com` filed under what the host must end with ('' and '.example.com'). */
  const bySuffix = new Map<string, number[]>();
  const file = <K>(m: Map<K, number[]>, k: K, i: number): void => {
    const list = m.get(k);
    if (!list) m.set(k, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  all.forEach((gw, i) => {
    if (applied.has(fullName(gw))) return;
    for (const s of gw.spec.servers ?? []) {
      if (s.port !== undefined) file(byPort, s.port.number, i);
      for (const h of s.hosts ?? []) {
        const bare = bareHost(h);
        if (bare.startsWith('*')) file(bySuffix, bare.slice(1), i);
        else file(byHost, bare, i);
      }
    }
  });
  return {
    candidates(host, ports) {
      const hits = new Set<number>();
      const add = (list: number[] | undefined): void => {
        for (const i of list ?? []) hits.add(i);
      };
      for (const p of ports) add(byPort.get(p));
      if (host !== undefined) {
        add(byHost.get(host));
        for (let i = 0; i <= host.length; i++) add(bySuffix.get(host.slice(i)));
      }
      return [...hits].sort((a, b) => a - b).map((i) => all[i] as Gateway);
    },
    selectorCause(gw) {
      if (!causes.has(gw)) causes.set(gw, selectorCause(ctx, gw));
      return causes.get(gw);
    },
  };
}

const unselectedIndexes = new WeakMap<ExplainContext, UnselectedGateways>();

/** The Gateways that do not apply to this proxy, by port and host: built on first use, once per context. */
function unselectedGateways(ctx: ExplainContext): UnselectedGateways {
  let idx = unselectedIndexes.get(ctx);
  if (!idx) unselectedIndexes.set(ctx, (idx = indexUnselectedGateways(ctx)));
  return idx;
}

/** Gateways in the inputs that do not apply to this proxy and that have a server for the host or port. */
export function unselectedGatewayCauses(ctx: ExplainContext, host: string | undefined, ports: readonly number[]): Cause[] {
  const out: Cause[] = [];
  const unselected = unselectedGateways(ctx);
  for (const gw of unselected.candidates(host, ports)) {
    const relevant = (gw.spec.servers ?? []).some(
      (s) =>
        (s.port !== undefined && ports.includes(s.port.number)) ||
        (host !== undefined && (s.hosts ?? []).some((h) => {
          const bare = bareHost(h);
          return bare === '*' || bare === host || (bare.startsWith('*') && host.endsWith(bare.slice(1)));
        })),
    );
    if (!relevant) continue;
    const c = unselected.selectorCause(gw);
    if (c) out.push(c);
  }
  return out;
}
