// An analyzer: one small module with declared metadata and a pure `analyze(ctx)`.
// `name` equals its path under analyzers/ (checked by test/analysis/registry.test.ts).
import type { Code } from '../diagnostics/catalog.js';
import type { Kind } from '../model/resource.js';
import type { AnalysisContext } from './context.js';

/** Inputs that are not modelled kinds: the mesh config (its proxyMetadata, in the run settings). */
export const EXTRA_INPUTS = ['MeshConfig'] as const;

/** What an analyzer may read: any modelled kind (src/schema/kinds/index.ts) or an extra input. */
export type InputKind = Kind | (typeof EXTRA_INPUTS)[number];

export interface Analyzer<C extends Code = Code> {
  /** `<kind>/<name>`, equal to the file path below src/analysis/analyzers. */
  name: string;
  /** One line, shown by `gwctl analyze --list-analyzers`. */
  description: string;
  /** Kinds read; the analyzer is skipped when none of them is present (unless `requires` says otherwise). */
  inputs: readonly InputKind[];
  /**
   * Kinds of which one must be present for the analyzer to run, when that is narrower than its inputs:
   * an analyzer about Gateway API objects that also reads VirtualServices has nothing to say, and so
   * does not run, on inputs without Gateway API objects. Each must be one of `inputs`.
   */
  requires?: readonly InputKind[];
  /** Codes it may report. */
  emits: readonly C[];
  /** The istioctl analyzer (Metadata name) whose semantics it reproduces, if any. */
  istio?: string;
  /** The Kiali validations (KIAnnnn) it covers; each is among the catalogue peers of a code it emits. */
  kiali?: readonly string[];
  analyze(ctx: AnalysisContext<C>): void;
}

export function defineAnalyzer<const C extends Code>(a: Analyzer<C>): Analyzer<C> {
  return a;
}
