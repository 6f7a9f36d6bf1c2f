// Warnings about what the matched route does to this request (spec §5.7, §8.2 N14): a fault that
// fires on part of the requests, a fault that never fires (no percentage: Envoy applies 0%), a
// rewrite that sends a double slash upstream.
import { ref, text, type Text } from '../../diagnostics/text.js';
import { faultOf, percentOf } from '../stages/action.js';
import { prefixRewritten } from '../stages/rewrite.js';
import type { ExplainContext } from '../context.js';
import type { Cause } from '../types.js';
import type { Walk } from '../walk.js';
import { makeCause, type CauseSite } from './cause.js';

function ruleOf(ctx: ExplainContext, w: Walk): { label: Text; site: (tail: (string | number)[]) => CauseSite } {
  const o = w.origin;
  const vs = o ? ctx.index.get('VirtualService', o.virtualService.namespace, o.virtualService.name) : undefined;
  if (!o || !vs) return { label: text`the route${w.route?.name ? ` ${w.route.name}` : ''}`, site: () => ({}) };
  return { label: text`VirtualService ${ref(vs)} http[${o.rule}]`, site: (tail) => ({ resource: vs, path: ['spec', 'http', o.rule, ...tail] }) };
}

export function actionCauses(ctx: ExplainContext, w: Walk): Cause[] {
  const route = w.route;
  if (!route) return [];
  const out: Cause[] = [];
  const { label, site } = ruleOf(ctx, w);
  const fault = faultOf(route);
  const abort = fault?.abort;
  if (abort && (abort.httpStatus !== undefined || abort.grpcStatus !== undefined)) {
    const p = percentOf(abort.percentage);
    if (abort.percentage === undefined) {
      out.push(makeCause('GW0381', { what: 'abort', rule: label }, site(['fault', 'abort']), (at) => text`add percentage: {value: 100} to fault.abort${at ? text` (${at})` : ''} if every request should be aborted`));
    } else if (p > 0 && p < 100) {
      const status = abort.httpStatus !== undefined ? `HTTP ${abort.httpStatus}` : `grpc-status ${abort.grpcStatus ?? 0} (HTTP 200)`;
      out.push(makeCause('GW0380', { status, percent: p, rule: label }, site(['fault', 'abort', 'percentage']), (at) => text`expect ${status} on ${p}% of requests, or change fault.abort.percentage${at ? text` (${at})` : ''}`));
    }
  }
  if (fault?.delay && fault.delay.percentage !== undefined && percentOf(fault.delay.percentage) === 0) {
    out.push(makeCause('GW0381', { what: 'delay', rule: label }, site(['fault', 'delay']), (at) => text`add percentage: {value: 100} to fault.delay${at ? text` (${at})` : ''} if every request should be delayed`));
  }
  const a = route.route;
  const prefix = route.match.prefix;
  const rewrite = a?.prefixRewrite;
  if (rewrite !== undefined && prefix !== undefined && w.outcome?.kind === 'forward') {
    const upstream = prefixRewritten(route.match, w.req.path, rewrite);
    if (upstream.startsWith('//') && !w.req.path.startsWith('//')) {
      out.push(makeCause('GW0382', { path: w.req.path, upstream, prefix, rewrite }, site(['rewrite', 'uri']), (at) =>
        text`match uri.prefix \`${prefix.endsWith('/') ? prefix : `${prefix}/`}\` for the rewrite to \`${rewrite}\`${at ? text` (${at})` : ''}, with a second match for ${prefix} itself`,
      ));
    }
  }
  return out;
}
