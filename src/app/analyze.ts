// `analyze`: the analyzers over a workspace, with the loader's findings, suppressions and the output
// threshold applied. Returns findings as data; the reporters in src/report make them text.
import { ANALYZERS } from '../analysis/analyzers/index.js';
import { CLI_SETTINGS, type AnalysisSettings } from '../analysis/context.js';
import { analysisFindings, runAnalyzers, selectAnalyzers } from '../analysis/run.js';
import { applySuppressions, parseSuppressions, type Suppression } from '../analysis/suppress.js';
import { catalog, type CatalogEntry, type Level } from '../diagnostics/catalog.js';
import { atLeast, type Finding } from '../diagnostics/finding.js';
import { UsageError } from '../diagnostics/usageError.js';
import { meshOf } from '../model/mesh.js';
import { narrowWorkspace, type Workspace } from './workspace.js';

export interface AnalyzeOptions {
  /** Analyzer names, groups (`virtualservice`) or istioctl names; every analyzer when absent or empty. */
  analyzers?: readonly string[];
  /** `CODE=Kind ns/name` rules (`*` globs, istioctl's `name.ns` too). */
  suppress?: readonly string[];
  /** Findings below this level are counted in `hidden`, not returned in `shown`; default info. */
  outputThreshold?: Level;
  /** Default: the CLI's (pod templates count as pods, Istio's default ingress gateway assumed...). */
  settings?: AnalysisSettings;
  /** Do not report Gateway host overlaps with a bare `*` (GW0303), like Kiali's skip_wildcard_gateway_hosts. */
  skipWildcardGatewayHosts?: boolean;
}

export interface AnalyzeResult {
  /** Every finding after suppressions (loader and schema ones included): the exit code is decided on these. */
  findings: Finding[];
  /** `findings` at or above the output threshold. */
  shown: Finding[];
  /** Analyzers that ran (those whose input kinds are absent are skipped). */
  ran: string[];
  suppressed: number;
  /** Problems with the suppression rules that did not stop the run (an unknown code, an annotation naming one...). */
  warnings: string[];
  /** What the user may want to know: `-S` rules that matched no finding. */
  notes: string[];
}

export interface AnalyzerInfo {
  name: string;
  description: string;
  /** The istioctl analyzer it matches, if any. */
  istio?: string;
  /** The codes it may report. */
  codes: string[];
  /** For an analyzer istioctl lacks: the nearest istioctl codes of its findings. */
  istioctlCodes?: string[];
  /** The Kiali validations (KIAnnnn) it covers. */
  kiali?: string[];
}

export function listAnalyzers(): AnalyzerInfo[] {
  return ANALYZERS.map((a) => {
    const nearest = a.istio ? [] : [...new Set(a.emits.flatMap((c) => (catalog[c] as CatalogEntry<unknown>).peers?.istioctl ?? []))].sort();
    return {
      name: a.name,
      description: a.description,
      ...(a.istio ? { istio: a.istio } : {}),
      codes: [...a.emits],
      ...(nearest.length > 0 ? { istioctlCodes: nearest } : {}),
      ...(a.kiali && a.kiali.length > 0 ? { kiali: [...a.kiali] } : {}),
    };
  });
}

/** The options, checked: unknown analyzers and malformed rules are usage errors. Cheap; call it before loading. */
export function checkAnalyzeOptions(opts: AnalyzeOptions): { rules: Suppression[]; warnings: string[] } {
  const selection = selectAnalyzers(opts.analyzers);
  if (selection.unknown.length > 0) throw new UsageError(`unknown analyzer ${selection.unknown.join(', ')} (see --list-analyzers)`);
  const suppressions = parseSuppressions(opts.suppress ?? []);
  if (suppressions.errors.length > 0) throw new UsageError(suppressions.errors.join('; '));
  return { rules: suppressions.rules, warnings: suppressions.warnings };
}

/**
 * Namespaces whose objects istioctl analyze drops when it reads files (inject.IgnoredNamespaces, the
 * namespace filter of istiod_analyze.go): Kubernetes' own and kind's local-path-storage.
 */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Whether istioctl analyze keeps an object (a Namespace object by its name, others by their namespace). */
export const keptByIstioctl = (r: { kind: string; name: string; namespace: string }): boolean => !IGNORED_NAMESPACES.has(r.kind === 'Namespace' ? r.name : r.namespace);

/** The workspace without the objects istioctl analyze ignores, and how many were dropped. */
function withoutIgnoredNamespaces(ws: Workspace): { ws: Workspace; dropped: number } {
  const dropped = ws.inputs.all.filter((r) => !keptByIstioctl(r)).length;
  return dropped === 0 ? { ws, dropped } : { ws: narrowWorkspace(ws, keptByIstioctl), dropped };
}

export function analyze(input: Workspace, opts: AnalyzeOptions = {}): AnalyzeResult {
  const { rules, warnings } = checkAnalyzeOptions(opts);
  const { ws, dropped } = withoutIgnoredNamespaces(input);
  const ignored = dropped > 0 ? [`${dropped} object${dropped === 1 ? '' : 's'} in ${[...IGNORED_NAMESPACES].join(', ')} ignored, as istioctl analyze ignores those namespaces`] : [];
  // The mesh config the workspace was loaded with (--mesh-config) is the one the analyzers read.
  const base = opts.settings ?? { ...CLI_SETTINGS, mesh: { proxyMetadata: meshOf(ws.inputs.options).proxyMetadata } };
  const settings = opts.skipWildcardGatewayHosts === true ? { ...base, skipWildcardGatewayHosts: true } : base;
  const result = runAnalyzers(ws, { ...(opts.analyzers ? { select: opts.analyzers } : {}), settings, loaded: [...ws.findings, ...ws.conversionFindings] });
  const all = analysisFindings(ws.findings, result);
  const { kept, suppressed, warnings: applied, notes } = applySuppressions(all, rules, ws.inputs);
  const threshold = opts.outputThreshold ?? 'info';
  return { findings: kept, shown: kept.filter((f) => atLeast(f.level, threshold)), ran: result.ran, suppressed, warnings: [...ignored, ...warnings, ...applied], notes };
}
