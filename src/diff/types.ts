// What `gwctl diff` finds between two sets of manifests (docs/diff-json.md is the contract of its
// JSON form): per workload the config changes and the requests whose outcome changes, and the
// findings introduced, fixed and unchanged. Places are `At`s until src/report locates them.
import type { At } from '../diagnostics/path.js';
import type { Finding, ResourceRef } from '../diagnostics/finding.js';
import type { ClusterWeight, ExplainRequest, ExplainResult } from '../explain/types.js';
import type { FieldChange, JsonValue } from './json.js';

export type Side = 'base' | 'head';

/** The object a user wrote that is behind a piece of config, on the side that has it. */
export interface Source {
  side: Side;
  resource: ResourceRef;
  /** The part of it: `http[0]`, `http[0].match[1]`, `servers[0]`, `rules[1].matches[0]`, `subsets[2]`. */
  part: string | null;
  at: At | null;
}

export type ConfigObject = 'listener' | 'filter-chain' | 'route-config' | 'virtual-host' | 'route' | 'cluster';

export interface ConfigChange {
  change: 'added' | 'removed' | 'changed' | 'moved';
  object: ConfigObject;
  /** Where it is: the listener, route config and virtual host it belongs to (each null when not applicable). */
  listener: string | null;
  routeConfig: string | null;
  virtualHost: string | null;
  /** The object itself: listener or cluster name, filter chain match, route match, virtual host name. */
  name: string;
  /** One line about what it is or does (domains, the route's action, the chain's route config). */
  summary: string;
  /** For `changed` and `moved`: what differs. */
  fields: FieldChange[];
  sources: Source[];
}

/** A request made up from one route's match, walked on both sides. */
export interface RepresentativeRequest {
  request: ExplainRequest;
  /** `GET http://httpbin.local/ip` plus the headers the match needs. */
  label: string;
  /** The route it was made from. */
  from: { side: Side; routeConfig: string; virtualHost: string; route: string; sources: Source[] };
  /** The request does not reach that route on its own side (an earlier route matches it first). */
  shadowed: boolean;
}

/** What happened to the request on one side. */
export interface OutcomeView {
  /** explain's outcome, or `no-workload` when the side has no such workload. */
  outcome: ExplainResult['outcome'] | 'no-workload';
  status: number | null;
  stop: ExplainResult['stop'] | null;
  answered: boolean;
  clusters: ClusterWeight[];
  location: string | null;
  virtualHost: string | null;
  /** The rule that matched. */
  source: Source | null;
  /** explain's description of what the route does, when it gives one (compared field by field). */
  action: JsonValue;
}

export type BehaviourKind = 'starts-failing' | 'stops-failing' | 'changes';

export interface BehaviourChange {
  request: RepresentativeRequest;
  kind: BehaviourKind;
  /** The head answers 404, 500 or 503 where the base did not: listed first. */
  newStatus: number | null;
  /** What differs: `status`, `outcome`, `backends`, `weights`, `location`, `action.timeout`... */
  aspects: string[];
  fields: FieldChange[];
  base: OutcomeView;
  head: OutcomeView;
}

export interface WorkloadDiff {
  /** `deployment/name.namespace`. */
  workload: string;
  mode: 'gateway' | 'sidecar';
  /** Istio's default ingress gateway, assumed on the sides listed (the inputs hold no such workload). */
  assumed: Side[];
  /** Sides that have the workload. */
  presence: Side[];
  /** Other sidecars whose config is the same as this one's (same namespace and relevant labels). */
  alike: string[];
  config: ConfigChange[];
  behaviour: BehaviourChange[];
  /** Representative requests walked on both sides. */
  requests: number;
  /** Routes no request could be made for (a regex nothing simple matches, runtime-only matchers). */
  unsampled: { side: Side; routeConfig: string; virtualHost: string; route: string; why: string }[];
}

export interface FindingsDiff {
  introduced: Finding[];
  fixed: Finding[];
  /** Head copies, paired with the base's. */
  unchanged: { head: Finding; base: Finding }[];
}

export interface DiffSummary {
  workloads: number;
  configChanges: number;
  behaviourChanges: number;
  /** Requests answered on the base that fail on the head. */
  startsFailing: number;
  /** Requests the head answers with 404 where the base did not. */
  new404: number;
  /** Requests the head answers with 500 or 503 where the base did not. */
  new5xx: number;
  stopsFailing: number;
  findingsIntroduced: number;
  /** Introduced findings of level error. */
  errorsIntroduced: number;
  findingsFixed: number;
  findingsUnchanged: number;
}

export interface DiffResult {
  workloads: WorkloadDiff[];
  findings: FindingsDiff;
  summary: DiffSummary;
}

export type FailOn = 'new-errors' | 'new-404' | 'any-change';
export const FAIL_ON: readonly FailOn[] = ['new-errors', 'new-404', 'any-change'];

/** Whether the diff fails under `--fail-on` (the CLI's exit code 1). */
export function diffFails(s: DiffSummary, failOn: FailOn): boolean {
  switch (failOn) {
    case 'new-errors':
      return s.errorsIntroduced > 0 || s.startsFailing > 0;
    case 'new-404':
      return s.new404 > 0;
    case 'any-change':
      return s.configChanges + s.behaviourChanges + s.findingsIntroduced + s.findingsFixed > 0;
  }
}
