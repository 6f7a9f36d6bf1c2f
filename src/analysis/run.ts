// Runs the selected analyzers over an index: skip those whose inputs are absent, collect findings
// tagged with the analyzer, drop exact duplicates (two analyzers may report the same IST0101).
import type { ConfigStore } from '../convert/index.js';
import type { Finding } from '../diagnostics/finding.js';
import type { ConfigIndex } from '../model/configIndex.js';
import { isKind } from '../model/resource.js';
import { ANALYZERS } from './analyzers/index.js';
import { createContext, type AnalysisSettings } from './context.js';
import type { Analyzer } from './defineAnalyzer.js';

export interface RunOptions {
  /** Names (`virtualservice/gateway-not-found`), kinds (`virtualservice`) or istioctl names; all when empty. */
  select?: readonly string[];
  settings: AnalysisSettings;
  /** Loader findings, for analyzers that re-report them. */
  loaded?: readonly Finding[];
}

export interface RunResult {
  findings: Finding[];
  ran: string[];
  /** Inputs each analyzer read (for the inputs meta-test). */
  kindsRead: Map<string, Set<string>>;
  /** Loader findings an analyzer re-reported under its name. */
  forwarded: ReadonlySet<Finding>;
}

export function selectAnalyzers(select: readonly string[] | undefined): { analyzers: Analyzer[]; unknown: string[] } {
  if (!select || select.length === 0) return { analyzers: [...ANALYZERS], unknown: [] };
  const unknown = select.filter((s) => !ANALYZERS.some((a) => selects(a, s)));
  return { analyzers: ANALYZERS.filter((a) => select.some((s) => selects(a, s))), unknown };
}

function selects(a: Analyzer, s: string): boolean {
  return a.name === s || a.name.startsWith(`${s.replace(/\/$/, '')}/`) || a.istio === s;
}

function hasInputs(a: Analyzer, index: ConfigIndex): boolean {
  // Only modelled kinds count: raw extras such as MeshConfig are always there.
  const modelled = (a.requires ?? a.inputs).filter(isKind);
  return modelled.length === 0 || modelled.some((k) => index.ofKind(k).length > 0);
}

/** What the analyzers read: the user's resources, and the config store built from them (src/convert). */
export interface AnalysisInputs {
  inputs: ConfigIndex;
  config: ConfigStore;
}

export function runAnalyzers({ inputs: index, config }: AnalysisInputs, opts: RunOptions): RunResult {
  const memo = new Map<string, unknown>();
  const sink: Finding[] = [];
  const ran: string[] = [];
  const kindsRead = new Map<string, Set<string>>();
  const forwarded = new Set<Finding>();
  for (const a of selectAnalyzers(opts.select).analyzers) {
    if (!hasInputs(a, index)) continue;
    const read = new Set<string>();
    kindsRead.set(a.name, read);
    a.analyze(createContext({ analyzer: a.name, index, config, settings: opts.settings, sink, loaded: opts.loaded ?? [], memo, kindsRead: read, forwarded }));
    ran.push(a.name);
  }
  return { findings: withoutDuplicates(sink), ran, kindsRead, forwarded };
}

/**
 * The findings without exact repeats (same code, resource, site and arguments), the first of each
 * kept, in order. Findings are grouped by code, resource and site first (a cheap key); only a
 * finding whose group already holds one has its arguments keyed, so most never are.
 */
export function withoutDuplicates(findings: readonly Finding[]): Finding[] {
  const argsKey = boundedKey();
  // The full key of each kept finding of a group, computed when a second finding joins the group.
  const groups = new Map<string, { first: Finding; keys?: Set<string> }>();
  const fullKey = (f: Finding): string => JSON.stringify(argsKey(f.args));
  return findings.filter((f) => {
    const r = f.resource;
    const site = JSON.stringify([f.code, r?.kind, r?.namespace, r?.name, f.at?.file, f.at?.doc, f.at?.path]);
    const group = groups.get(site);
    if (!group) {
      groups.set(site, { first: f });
      return true;
    }
    // Equal arguments make equal messages: the arguments are data (refs, sites, lists), never text.
    const keys = (group.keys ??= new Set([fullKey(group.first)]));
    const key = fullKey(f);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}

/**
 * Everything an analysis reports: loader and schema findings always, whatever analyzers ran (a
 * document that never became a resource has no analyzer to report it), then the analyzers'. A loader
 * finding an analyzer re-reported (schema/validation) is kept once, as the analyzer's.
 */
export function analysisFindings(loaded: readonly Finding[], result: RunResult): Finding[] {
  return [...loaded.filter((f) => !result.forwarded.has(f)), ...result.findings];
}

/**
 * Arguments as a dedupe key of bounded size: a long list (the 10,000 VirtualServices sharing one
 * host, named in each of their findings) stands for itself by identity, not by its content, so
 * keys stay short and the dedupe linear. Findings that repeat one another (two analyzers reporting
 * the same IST0101) carry short arguments, compared by value.
 */
function boundedKey(): (args: unknown) => unknown {
  const ids = new WeakMap<object, number>();
  let next = 0;
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      if (v.length <= LONG_LIST) return v.map(visit);
      let id = ids.get(v);
      if (id === undefined) {
        id = next++;
        ids.set(v, id);
      }
      return { list: id, length: v.length };
    }
    if (typeof v === 'object' && v !== null) {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, x] of Object.entries(v)) out[k] = visit(x);
      return out;
    }
    return v;
  };
  return visit;
}

/** Lists longer than this are keyed by identity in the dedupe. */
const LONG_LIST = 16;
