// Kubernetes label selectors as Istio's analyzers use them (klabels.SelectorFromSet): every pair must
// be present; an empty selector matches everything. `selectorString` is klabels' String() form.
import { DEFAULT_GATEWAYS, type DefaultGateway } from '../derive/gateway/defaultGateway.js';
import { NO_LABELS } from '../model/empty.js';

export type Labels = Readonly<Record<string, string>>;

// Own enumerable keys, as Object.entries/keys list them, without building the list: these run once
// or more per resource in several analyzers.
const hasOwn = Object.prototype.hasOwnProperty;

export function selectorMatches(selector: Labels | null | undefined, labels: Labels | null | undefined): boolean {
  if (selector === null || selector === undefined) return true;
  const have = labels ?? NO_LABELS;
  for (const k in selector) if (hasOwn.call(selector, k) && have[k] !== selector[k]) return false;
  return true;
}

export function selectorString(selector: Labels | null | undefined): string {
  return Object.keys(selector ?? {})
    .sort()
    .map((k) => `${k}=${(selector ?? {})[k]}`)
    .join(',');
}

export function isEmptySelector(selector: Labels | null | undefined): boolean {
  if (selector === null || selector === undefined) return true;
  for (const k in selector) if (hasOwn.call(selector, k)) return false;
  return true;
}

/** Labels of Istio's default ingress gateway pods, which gwctl assumes when a selector matches nothing. */
export const DEFAULT_GATEWAY_LABELS: Labels = { istio: 'ingressgateway', app: 'istio-ingressgateway' };

/** Whether a selector would match Istio's default ingress gateway. */
export function selectsDefaultGateway(selector: Labels | null | undefined): boolean {
  return !isEmptySelector(selector) && selectorMatches(selector, DEFAULT_GATEWAY_LABELS);
}

/** Path of the first selector label (sorted), as Istio points its selector findings. */
export function selectorPath(base: readonly (string | number)[], selector: Labels | null | undefined): (string | number)[] {
  const first = Object.keys(selector ?? {}).sort()[0];
  return first === undefined ? [...base] : [...base, first];
}

/** The default gateway (ingress or egress) a selector that matches nothing in the inputs would select. */
export function assumedDefaultGateway(selector: Labels | null | undefined): DefaultGateway | undefined {
  if (isEmptySelector(selector)) return undefined;
  return DEFAULT_GATEWAYS.find((g) => selectorMatches(selector, g.workload.labels));
}
