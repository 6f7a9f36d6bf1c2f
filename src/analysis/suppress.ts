// Suppression, as istioctl offers it plus gwctl's own annotation:
//   -S 'CODE=Kind ns/name' (or istioctl's 'CODE=Kind name.ns'), `*` globs in code and resource;
//   annotation galley.istio.io/analyze-suppress: "IST0101,IST0132" (or "*") on the resource;
//   annotation gwctl.io/ignore: the same list ("" or "*" = every code).
import { codes } from '../diagnostics/catalog.js';
import type { Finding } from '../diagnostics/finding.js';
import type { ConfigIndex } from '../model/configIndex.js';
import { displayKind, MODELLED_KINDS, type Resource } from '../model/resource.js';
import { dottedName, fullName } from '../diagnostics/ref.js';

export const ISTIO_SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';
export const GWCTL_IGNORE_ANNOTATION = 'gwctl.io/ignore';

export interface Suppression {
  code: RegExp;
  resource: RegExp;
  raw: string;
}

const glob = (s: string): RegExp => new RegExp(`^${s.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Parses `-S` values; returns problems (malformed values are errors, unknown codes warnings). */
export function parseSuppressions(values: readonly string[]): { rules: Suppression[]; errors: string[]; warnings: string[] } {
  const rules: Suppression[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq <= 0 || eq === raw.length - 1) {
      errors.push(`--suppress "${raw}": expected CODE=Kind ns/name (globs with * allowed)`);
      continue;
    }
    const code = raw.slice(0, eq).trim();
    const resource = raw.slice(eq + 1).trim();
    if (!code.includes('*') && !codes().includes(code as never)) warnings.push(`--suppress "${raw}": unknown code ${code}`);
    rules.push({ code: glob(code), resource: glob(resource), raw });
  }
  return { rules, errors, warnings };
}

/** Codes listed in an annotation value; undefined means every code. */
function listed(value: string | undefined): string[] | undefined | null {
  if (value === undefined) return null;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  return list.length === 0 || list.includes('*') ? undefined : list;
}

/**
 * The resource a finding is about. A printed kind may stand for several modelled kinds (`Gateway` is
 * Istio's or Gateway API's): the one defined where the finding points wins.
 */
function resourceOf(index: ConfigIndex, f: Finding): Resource | undefined {
  const r = f.resource;
  if (!r) return undefined;
  const found = MODELLED_KINDS.filter((k) => displayKind(k) === r.kind).flatMap((k) => index.get(k, r.namespace, r.name) ?? []);
  return found.find((x) => x.origin.file === f.at?.file && x.origin.doc === f.at?.doc) ?? found[0];
}

export interface SuppressResult {
  kept: Finding[];
  suppressed: number;
  warnings: string[];
  /** `-S` rules that matched no finding, named (a stale rule, or one with a typo, hides nothing). */
  notes: string[];
}

export function applySuppressions(findings: readonly Finding[], rules: readonly Suppression[], index: ConfigIndex): SuppressResult {
  const warnings = new Set<string>();
  let suppressed = 0;
  const known = new Set<string>(codes());
  const used = new Set<Suppression>();
  /** Whether any rule suppresses the finding; every rule that does counts as used. */
  const byRules = (code: string, forms: readonly string[]): boolean => {
    let hit = false;
    for (const s of rules) {
      if (s.code.test(code) && forms.some((x) => s.resource.test(x))) {
        used.add(s);
        hit = true;
      }
    }
    return hit;
  };
  const kept = findings.filter((f) => {
    const r = f.resource;
    if (r) {
      if (byRules(f.code, [`${r.kind} ${fullName(r)}`, `${r.kind} ${dottedName(r)}`])) {
        suppressed++;
        return false;
      }
      const res = index.all.length > 0 ? resourceOf(index, f) : undefined;
      const annotations = res?.metadata.annotations ?? {};
      for (const name of [ISTIO_SUPPRESS_ANNOTATION, GWCTL_IGNORE_ANNOTATION]) {
        const list = listed(annotations[name]);
        if (list === null) continue;
        for (const c of list ?? []) if (!known.has(c)) warnings.add(`${r.kind} ${fullName(r)}: annotation ${name} names unknown code ${c}`);
        if (list === undefined || list.includes(f.code)) {
          suppressed++;
          return false;
        }
      }
    } else if (byRules(f.code, [''])) {
      suppressed++;
      return false;
    }
    return true;
  });
  const notes = rules.filter((s) => !used.has(s)).map((s) => `--suppress "${s.raw}" matched no finding`);
  return { kept, suppressed, warnings: [...warnings], notes };
}
