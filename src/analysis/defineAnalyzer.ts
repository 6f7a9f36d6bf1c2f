// An analyzer: one small module with declared metadata and a pure `analyze(ctx)`.
// `name` equals its path under analyzers/ (checked by test/analysis/registry.test.ts).
import type { Code } from '../diagnostics/catalog.js';
import type { AnalysisContext } from './context.js';

/** Kinds an analyzer may read: the modelled kinds plus raw extras (see extras.ts). */
export type InputKind =
  | 'Gateway'
  | 'VirtualService'
  | 'DestinationRule'
  | 'ServiceEntry'
  | 'Sidecar'
  | 'Service'
  | 'Pod'
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Namespace'
  | 'Secret'
  | 'Node'
  | 'CustomResourceDefinition'
  | 'WorkloadEntry'
  | 'AuthorizationPolicy'
  | 'RequestAuthentication'
  | 'Telemetry'
  | 'WasmPlugin'
  | 'KubernetesGateway'
  | 'GatewayClass'
  | 'HTTPRoute'
  | 'GRPCRoute'
  | 'TCPRoute'
  | 'TLSRoute'
  | 'ListenerSet'
  | 'ReferenceGrant'
  | 'ConfigMap'
  | 'Ingress'
  | 'IngressClass'
  | 'MeshConfig'
  | 'ProxyConfig';

export interface Analyzer<C extends Code = Code> {
  /** `<kind>/<name>`, equal to the file path below src/analysis/analyzers. */
  name: string;
  /** One line, shown by `gwctl analyze --list-analyzers`. */
  description: string;
  /** Kinds read; the analyzer is skipped when none of them is present. */
  inputs: readonly InputKind[];
  /** Codes it may report. */
  emits: readonly C[];
  /** The istioctl analyzer (Metadata name) whose semantics it reproduces, if any. */
  istio?: string;
  analyze(ctx: AnalysisContext<C>): void;
}

export function defineAnalyzer<const C extends Code>(a: Analyzer<C>): Analyzer<C> {
  return a;
}
