// Conditions as istiod sets them (gatewaycommon SetListenerConditions): each condition is its success
// state unless an error replaces reason and message and inverts the status; conditions of other types
// already in the object's status are kept.
import type { Path } from '../../load/sourceMap.js';
import type { Condition, ConfigError } from './types.js';

export interface CondSpec {
  reason: string;
  message: string;
  /** The success status (default True). */
  status?: 'True' | 'False';
  error?: ConfigError | undefined;
}

export type CondMap = Map<string, CondSpec>;

export const cond = (reason: string, message: string, status?: 'True' | 'False'): CondSpec => (status ? { reason, message, status } : { reason, message });

/** Existing conditions updated in place by type, new types appended in sorted type order. */
export function setConditions(existing: readonly Condition[], conds: CondMap): Condition[] {
  const out = existing.map((c) => ({ ...c }));
  for (const type of [...conds.keys()].sort()) {
    const c = conds.get(type);
    if (!c) continue;
    const next: Condition = c.error
      ? { type, status: c.status === 'False' ? 'True' : 'False', reason: c.error.reason, message: c.error.message }
      : { type, status: c.status ?? 'True', reason: c.reason, message: c.message };
    if (c.error?.path) next.path = c.error.path;
    const at = out.findIndex((e) => e.type === type);
    if (at >= 0) out[at] = next;
    else out.push(next);
  }
  return out;
}

export const configError = (reason: string, message: string, path?: Path): ConfigError => (path ? { reason, message, path } : { reason, message });

/** Istio's joinErrors: the first error's reason, both messages. */
export function joinErrors(a: ConfigError | undefined, b: ConfigError | undefined): ConfigError | undefined {
  if (!b) return a;
  if (!a) return b;
  return { ...a, message: `${a.message}; ${b.message}` };
}
