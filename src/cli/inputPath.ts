// Whether a positional of explain or proxy-config names an input or a workload. Apart from inputs.ts,
// which every command loads, because it needs the proxy targets' parser (and with it src/derive).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseTarget } from '../app/proxy.js';

const WORKLOAD_FORM = /^[A-Za-z]+\/[^/\\]+$/;

/**
 * Whether a positional names an input rather than a workload: `-`, an existing path, or anything that
 * looks like a file (a .yaml/.yml/.json name, or a path separator outside the `deploy/name` form).
 * A missing one is then reported as "cannot read" (exit 2) instead of being taken for a workload.
 */
export function isInputPath(arg: string, cwd: string): boolean {
  if (arg === '-' || existsSync(path.resolve(cwd, arg))) return true;
  if (/\.(ya?ml|json)$/i.test(arg)) return true;
  if (!arg.includes('/') && !arg.includes('\\')) return false;
  if (!WORKLOAD_FORM.test(arg)) return true;
  try {
    parseTarget(arg);
    return false;
  } catch {
    return true;
  }
}
