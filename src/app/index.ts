// gwctl's programmatic API (docs/api.md): the functions the CLI commands call, returning data.
// Load once into a Workspace, then ask it questions; nothing here prints, reads the environment or
// exits. Only `load` and `loadRevision` read files (through src/load); everything else is pure.
export { load, loadSources, type LoadOptions, type ReadOptions, type SourceFile } from './load.js';
export { narrowWorkspace, type Workspace, type WorkspaceStats } from './workspace.js';
export { validateInputs, type Validation } from './validateInputs.js';
export { analyze, checkAnalyzeOptions, listAnalyzers, type AnalyzeOptions, type AnalyzeResult, type AnalyzerInfo } from './analyze.js';
export { explain, parseRequest, prepareExplain, RequestError, type Explainer, type RequestInput } from './explain.js';
export { CONFIG_TYPES, proxyConfig, type ConfigFilter, type ConfigType, type ProxyConfigResult } from './proxyConfig.js';
export { deriveProxy, parseTarget, resolveProxy, type DerivedProxy, type GivenProxy, type NamedProxy, type ProxyChoice } from './proxy.js';
export { diffRecordOf, explainRecordOf, findingRecords } from './records.js';
export { diff, diffFails, FAIL_ON, type DiffNote, type DiffOptions, type DiffResult, type DiffRun, type DiffSummary, type FailOn } from './diff.js';
export { DEFAULT_MAX_NODES, graph, GRAPH_OUTPUTS, type GraphData, type GraphEdge, type GraphNode, type GraphOptions, type Mark, type NodeKind } from './graph.js';
export { loadRevision, type Revision, type RevisionOptions } from './revision.js';
export { loadRouteTests, parseRouteTests, test, type CaseRecord, type CoverageRecord, type FieldFailure, type RouteTestCase, type RouteTestRun, type RouteTests, type TestFileProblem, type TestOptions, type TestResult } from './test.js';

export { UsageError } from '../diagnostics/usageError.js';
export type { Level } from '../diagnostics/catalog.js';
export type { Finding, ResourceRef } from '../diagnostics/finding.js';
export type { ConfigStore } from '../convert/index.js';
export type { ConfigIndex } from '../model/configIndex.js';
export type { Kind, Resource } from '../model/resource.js';
export type { ProxyConfig, ProxyNote, ProxyWorkload } from '../derive/proxyConfig.js';
export type { Cluster, Listener, RouteConfiguration } from '../derive/envoy.js';
export type { ExplainRequest, ExplainResult } from '../explain/types.js';
export type { FindingRecord } from '../report/record.js';
export type { ExplainRecord } from '../report/views/explainRecord.js';
export type { DiffRecord, DiffSideInfo } from '../report/views/diffRecord.js';
export { VERSION } from '../version.js';
