// Label selector matching without comparing every selector with every object (Kubernetes
// SelectorFromSet semantics: every pair of the selector must be among the labels). Results keep
// input order, so analyzers report in the same order as a linear scan would.
import { KeyTable } from './keyTable.js';

export type Labels = Readonly<Record<string, string>>;

/**
 * Lists filed by namespace, label name and label value (label names and values are the loader's
 * strings, hashed once).
 */
class PairIndex<V> {
  readonly #table = new KeyTable<V[]>();
  add(namespace: string, k: string, v: string, item: V): void {
    const list = this.#table.get(namespace, k, v);
    if (list) list.push(item);
    else this.#table.set(namespace, k, v, [item]);
  }
  get(namespace: string, k: string, v: string): V[] | undefined {
    return this.#table.get(namespace, k, v);
  }
}

/** The namespace key of the all-namespaces lists (no namespace name holds a NUL). */
const ALL_NAMESPACES = '\u0000*';

function matches(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

function isEmpty(selector: Labels): boolean {
  for (const _ in selector) return false;
  return true;
}

/** Objects by label: `select(selector)` finds the objects whose labels a selector matches. */
export interface ObjectsByLabel<T> {
  /** Non-empty selector: matching objects (in `namespace` only, when given). Empty: all of them. */
  select(selector: Labels | null | undefined, namespace?: string): T[];
  /** Whether `select` would return anything, stopping at the first match. */
  any(selector: Labels | null | undefined, namespace?: string): boolean;
  /** The first object `select` would return (in input order), without building the list. */
  first(selector: Labels | null | undefined, namespace?: string): T | undefined;
}

export function indexByLabels<T>(items: readonly T[], labelsOf: (t: T) => Labels | null | undefined, namespaceOf: (t: T) => string): ObjectsByLabel<T> {
  const byPair = new PairIndex<T>();
  const byNamespace = new Map<string, T[]>();
  for (let i = 0; i < items.length; i++) {
    const t = items[i] as T;
    const ns = namespaceOf(t);
    const inNamespace = byNamespace.get(ns);
    if (inNamespace) inNamespace.push(t);
    else byNamespace.set(ns, [t]);
    const labels = labelsOf(t) ?? {};
    for (const k in labels) {
      const v = labels[k] as string;
      byPair.add(ns, k, v, t);
      byPair.add(ALL_NAMESPACES, k, v, t);
    }
  }
  /** The rarest pair's objects: the fewest candidates to check. */
  const candidates = (sel: Labels, namespace: string | undefined): T[] => {
    let best: T[] | undefined;
    for (const k in sel) {
      const list = byPair.get(namespace ?? ALL_NAMESPACES, k, sel[k] as string);
      if (!list) return [];
      if (!best || list.length < best.length) best = list;
    }
    return best ?? [];
  };
  return {
    select(selector, namespace) {
      const sel = selector ?? {};
      if (isEmpty(sel)) return namespace === undefined ? [...items] : [...(byNamespace.get(namespace) ?? [])];
      return candidates(sel, namespace).filter((t) => matches(sel, labelsOf(t) ?? {}));
    },
    any(selector, namespace) {
      const sel = selector ?? {};
      if (isEmpty(sel)) return namespace === undefined ? items.length > 0 : byNamespace.has(namespace);
      return candidates(sel, namespace).some((t) => matches(sel, labelsOf(t) ?? {}));
    },
    first(selector, namespace) {
      const sel = selector ?? {};
      if (isEmpty(sel)) return namespace === undefined ? items[0] : byNamespace.get(namespace)?.[0];
      return candidates(sel, namespace).find((t) => matches(sel, labelsOf(t) ?? {}));
    },
  };
}

/** Selectors by label: `matching(labels)` finds the objects whose (non-empty) selector matches the labels. */
export interface SelectorsByLabel<T> {
  matching(labels: Labels | null | undefined, namespace: string): T[];
}

/** Objects with an empty selector are left out: what an empty selector means differs by kind. */
export function indexSelectors<T>(items: readonly T[], selectorOf: (t: T) => Labels | null | undefined, namespaceOf: (t: T) => string): SelectorsByLabel<T> {
  // Each selector is filed under one of its pairs; any labels it matches must contain that pair.
  const byPair = new PairIndex<number>();
  for (let i = 0; i < items.length; i++) {
    const t = items[i] as T;
    const sel = selectorOf(t) ?? {};
    for (const k in sel) {
      byPair.add(namespaceOf(t), k, sel[k] as string, i);
      break;
    }
  }
  return {
    matching(labels, namespace) {
      const have = labels ?? {};
      const hits: number[] = [];
      for (const k in have) {
        const filed = byPair.get(namespace, k, have[k] as string);
        if (filed === undefined) continue;
        for (let j = 0; j < filed.length; j++) {
          const i = filed[j] as number;
          if (matches(selectorOf(items[i] as T) ?? {}, have)) hits.push(i);
        }
      }
      // Most labels match no selector or one: no sort, no callbacks then.
      if (hits.length === 0) return [];
      if (hits.length === 1) return [items[hits[0] as number] as T];
      return hits.sort((a, b) => a - b).map((i) => items[i] as T);
    },
  };
}
