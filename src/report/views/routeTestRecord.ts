// `gwctl test`: the run as data, the contract of `-o json` (docs/route-tests.md). src/app builds it
// (app.test), the views here print it as text, JUnit XML and GitHub annotations.
import type { StageName, TraceStep } from '../../explain/types.js';
import type { ResourceRef } from '../../diagnostics/ref.js';
import type { ExplainRecord } from './explainRecord.js';

/** A place in a test file. */
export interface TestSite {
  file: string;
  line: number;
  column: number;
}

/** What is wrong with a test file (or a proxy it names): reported with its place, exit code 2. */
export interface TestFileProblem extends TestSite {
  message: string;
}

export type TestFormat = 'RouteTests' | 'istio-config-validator';

/** One expected field that explain's answer does not satisfy. */
export interface FieldFailure {
  /** The expectation's name: `cluster`, `status`... (istio-config-validator: `route`, `rewrite`...). */
  field: string;
  /** As the test wrote it (istio-config-validator: hosts resolved to the cluster names they mean). */
  expected: unknown;
  /** What explain reports for it (docs/explain-json.md); null when explain reports nothing. */
  actual: unknown;
  /** istio-config-validator's `wantMatch: false`: the field had to differ, and it did not. */
  mustDiffer: boolean;
  /** The explain stage the field belongs to (where the trace and the expectation part). */
  stage: StageName;
  /** Why the comparison could not be made, when it could not ("unknown, because ..."). */
  note: string | null;
  /** Where the expectation is written. */
  line: number;
  column: number;
}

export interface CaseRecord extends TestSite {
  /** The test's name, with the request when the test expands to several cases. */
  name: string;
  /** The test's own name (`name:`, or istio-config-validator's `description`). */
  test: string;
  /** `metadata.name` of the RouteTests document, when it has one. */
  suite: string | null;
  request: { method: string; url: string; headers: Record<string, string> };
  passed: boolean;
  failures: FieldFailure[];
  /** The trace step where expectation and walk part: the stage of the earliest failing field, or the step the walk ended on before reaching it. */
  partsAt: TraceStep | null;
  /** `gwctl explain -o json` for the same request and proxy. */
  explain: ExplainRecord;
}

export interface FileRecord {
  file: string;
  format: TestFormat;
  tests: number;
  passed: number;
  failed: number;
  cases: CaseRecord[];
}

/** A route of a proxy's config that a VirtualService (or HTTPRoute) rule produced. */
export interface CoverageRoute {
  virtualHost: string;
  /** The Envoy route's match, as explain's trace describes it. */
  match: string;
  virtualService: string;
  rule: { http: number; match: number | null };
  delegate: { virtualService: string; rule: { http: number; match: number | null } } | null;
  /** The object the rule was written in (a VirtualService, or the HTTPRoute/Ingress it was converted from). */
  source: ResourceRef;
  file: string | null;
  line: number | null;
  column: number | null;
}

export interface RouteConfigCoverage {
  routeConfig: string;
  routes: number;
  reached: number;
  percent: number;
  missed: CoverageRoute[];
}

export interface ProxyCoverage {
  proxy: string;
  mode: 'gateway' | 'sidecar';
  routes: number;
  reached: number;
  percent: number;
  routeConfigs: RouteConfigCoverage[];
}

/** A rule analyze finds unreachable (IST0130/IST0131, GW0302...): no request can reach it, so no test can. */
export interface UnreachableRule {
  code: string;
  message: string;
  resource: ResourceRef | null;
  file: string | null;
  line: number | null;
  column: number | null;
}

export interface CoverageRecord {
  routes: number;
  reached: number;
  /** reached / routes in percent, one decimal; 100 when there are no routes. */
  percent: number;
  /** `--fail-under`, when given. */
  failUnder: number | null;
  /** percent < failUnder. */
  belowThreshold: boolean;
  proxies: ProxyCoverage[];
  unreachable: UnreachableRule[];
}

export interface RouteTestRun {
  tests: number;
  passed: number;
  failed: number;
  files: FileRecord[];
  coverage: CoverageRecord | null;
}
