// Label selection as Istio's labels.Instance.SubsetOf: every selector pair must be present.
export type Labels = Readonly<Record<string, string>>;

/** True when every key/value of `selector` is in `labels`; an empty selector selects everything. */
export function selectorMatches(selector: Labels, labels: Labels): boolean {
  // for...in: no key list made per call (it runs for every workload against every selector).
  // Selectors are data (own keys only): hasOwn keeps an inherited enumerable key out all the same.
  for (const k in selector) {
    if (Object.hasOwn(selector, k) && labels[k] !== selector[k]) return false;
  }
  return true;
}

/** A Kubernetes Service selector selects nothing when empty (it has no endpoints), unlike an Istio one. */
export function serviceSelects(selector: Labels | null | undefined, labels: Labels): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return selectorMatches(selector, labels);
}
