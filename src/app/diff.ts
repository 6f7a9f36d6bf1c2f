// `diff`: what changes between two workspaces (a pull request's base and head) for real traffic.
// For each workload: the derived config of both sides compared piece by piece, and one request per
// route of either side walked through both with explain; then the findings of `analyze` on both
// sides, matched by code and resource. The comparisons are src/diff's; this is the thin caller.
import path from 'node:path';
import type { ProxyNote, ProxyWorkload } from '../derive/proxyConfig.js';
import { UsageError } from '../diagnostics/usageError.js';
import { byImportance, compareOutcomes, NO_WORKLOAD, outcomeView } from '../diff/behaviour.js';
import { diffConfigs, routeChanges, sideConfig, type SideConfig } from '../diff/config.js';
import { diffFindings, relativeTo } from '../diff/findings.js';
import { representativeRequests } from '../diff/requests.js';
import { sourceLookup, type SourceLookup } from '../diff/sources.js';
import type { ConfigChange, DiffResult, DiffSummary, OutcomeView, RepresentativeRequest, Side, WorkloadDiff } from '../diff/types.js';
import { gatewayWorkloads, sidecarGroups, sidecarsMayChange, workloadKey } from '../diff/workloads.js';
import type { ExplainResult } from '../explain/types.js';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { prepareExplain, type Explainer } from './explain.js';
import { resolveProxy, type NamedProxy } from './proxy.js';
import type { Workspace } from './workspace.js';

export { diffFails, FAIL_ON, type DiffResult, type DiffSummary, type FailOn } from '../diff/types.js';

export interface DiffOptions {
  /**
   * One workload (`{ target, as: 'gateway' }` for `--gateway`, `{ target, as: 'sidecar' }` for
   * `--from`). Default: every gateway workload of either side, plus the sidecars whose routes change.
   */
  proxy?: NamedProxy;
  /** How each side is analysed for the findings diff (suppressions, analyzers, settings). */
  analyze?: Omit<AnalyzeOptions, 'outputThreshold'>;
}

export interface DiffNote extends ProxyNote {
  side: Side;
  workload: string;
}

export interface DiffRun extends DiffResult {
  /** What the user should know about how the proxies were chosen or derived, once per kind and side. */
  notes: DiffNote[];
}

interface Candidate {
  /** The workload as the head has it (the base's when the head lacks it). */
  workload: ProxyWorkload;
  base?: ProxyWorkload;
  head?: ProxyWorkload;
  alike: string[];
}

interface Derived {
  explainer: Explainer;
  side: SideConfig;
}

function derive(ws: Workspace, side: Side, proxy: ProxyWorkload | undefined, lookup: SourceLookup): Derived | undefined {
  if (!proxy) return undefined;
  const explainer = prepareExplain(ws, { workload: proxy });
  return { explainer, side: sideConfig(explainer.config, lookup) };
}

/** The workload `--gateway`/`--from` names, on each side that has it. */
function namedCandidate(base: Workspace, head: Workspace, proxy: NamedProxy): Candidate {
  const resolve = (ws: Workspace): ProxyWorkload | UsageError => {
    try {
      return resolveProxy(ws, proxy).proxy;
    } catch (e) {
      if (e instanceof UsageError) return e;
      throw e;
    }
  };
  const b = resolve(base);
  const h = resolve(head);
  if (h instanceof UsageError) {
    if (b instanceof UsageError) throw h;
    return { workload: b, base: b, alike: [] };
  }
  if (b instanceof UsageError) return { workload: h, head: h, alike: [] };
  return { workload: h, base: b, head: h, alike: [] };
}

function gatewayCandidates(base: Workspace, head: Workspace): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const [side, ws] of [['base', base], ['head', head]] as const) {
    for (const w of gatewayWorkloads(ws.config)) {
      const key = workloadKey(w);
      const c = byKey.get(key) ?? { workload: w, alike: [] };
      if (!c[side]) c[side] = w;
      if (side === 'head') c.workload = c.head ?? w;
      byKey.set(key, c);
    }
  }
  return [...byKey.values()];
}

function resultSource(lookup: SourceLookup, r: ExplainResult): OutcomeView['source'] {
  if (r.virtualService === null || r.rule === null) return null;
  const slash = r.virtualService.indexOf('/');
  const virtualService = { namespace: r.virtualService.slice(0, slash), name: r.virtualService.slice(slash + 1) };
  return lookup.route({ virtualService, rule: r.rule.http, ...(r.rule.match !== null ? { match: r.rule.match } : {}) })[0] ?? null;
}

function diffWorkload(c: Candidate, base: Derived | undefined, head: Derived | undefined, lookups: Record<Side, SourceLookup>, config: ConfigChange[] = diffConfigs(base?.side, head?.side)): WorkloadDiff {
  const w = c.workload;
  const requests = new Map<string, RepresentativeRequest>();
  const unsampled: WorkloadDiff['unsampled'] = [];
  if (base) representativeRequests('base', base.explainer.config, lookups.base, requests, unsampled);
  if (head) representativeRequests('head', head.explainer.config, lookups.head, requests, unsampled);
  const view = (d: Derived | undefined, lookup: SourceLookup, req: RepresentativeRequest): OutcomeView => {
    if (!d) return NO_WORKLOAD;
    const r = d.explainer.explain(req.request);
    return outcomeView(r, resultSource(lookup, r), d.explainer.config, req.request);
  };
  const behaviour = [];
  for (const req of requests.values()) {
    const change = compareOutcomes(req, view(base, lookups.base, req), view(head, lookups.head, req));
    if (change) behaviour.push(change);
  }
  behaviour.sort(byImportance);
  const presence: Side[] = [...(c.base ? ['base' as const] : []), ...(c.head ? ['head' as const] : [])];
  const assumed: Side[] = [...(c.base?.assumed ? ['base' as const] : []), ...(c.head?.assumed ? ['head' as const] : [])];
  return { workload: workloadKey(w), mode: w.mode, assumed, presence, alike: c.alike, config, behaviour, requests: requests.size, unsampled };
}

function summarize(workloads: readonly WorkloadDiff[], findings: DiffResult['findings']): DiffSummary {
  const all = workloads.flatMap((w) => w.behaviour);
  return {
    workloads: workloads.filter((w) => w.config.length > 0 || w.behaviour.length > 0).length,
    configChanges: workloads.reduce((n, w) => n + w.config.length, 0),
    behaviourChanges: all.length,
    startsFailing: all.filter((b) => b.kind === 'starts-failing').length,
    new404: all.filter((b) => b.newStatus === 404).length,
    new5xx: all.filter((b) => b.newStatus !== null && b.newStatus >= 500).length,
    stopsFailing: all.filter((b) => b.kind === 'stops-failing').length,
    findingsIntroduced: findings.introduced.length,
    errorsIntroduced: findings.introduced.filter((f) => f.level === 'error').length,
    findingsFixed: findings.fixed.length,
    findingsUnchanged: findings.unchanged.length,
  };
}

export function diff(base: Workspace, head: Workspace, opts: DiffOptions = {}): DiffRun {
  const lookups: Record<Side, SourceLookup> = { base: sourceLookup('base', base.config), head: sourceLookup('head', head.config) };
  const notes: DiffNote[] = [];
  const noteSeen = new Set<string>();
  const derived = (ws: Workspace, side: Side, w: ProxyWorkload | undefined): Derived | undefined => {
    const d = derive(ws, side, w, lookups[side]);
    for (const n of d?.explainer.notes ?? []) {
      const k = `${side}\u0000${n.code}`;
      if (noteSeen.has(k) || !w) continue;
      noteSeen.add(k);
      notes.push({ ...n, side, workload: workloadKey(w) });
    }
    return d;
  };

  const workloads: WorkloadDiff[] = [];
  if (opts.proxy) {
    const c = namedCandidate(base, head, opts.proxy);
    workloads.push(diffWorkload(c, derived(base, 'base', c.base), derived(head, 'head', c.head), lookups));
  } else {
    const gateways = gatewayCandidates(base, head);
    for (const c of gateways) workloads.push(diffWorkload(c, derived(base, 'base', c.base), derived(head, 'head', c.head), lookups));
    const gatewayKeys = new Set(gateways.map((g) => workloadKey(g.workload)));
    if (sidecarsMayChange(base.config, head.config, gatewayKeys)) {
      for (const g of sidecarGroups(base.config, head.config, gatewayKeys)) {
        const b = derived(base, 'base', g.base);
        const h = derived(head, 'head', g.head);
        // Only sidecars whose routes change are shown; their requests are walked only then.
        const config = diffConfigs(b?.side, h?.side);
        if (routeChanges(config).length === 0) continue;
        workloads.push(diffWorkload({ workload: g.head, base: g.base, head: g.head, alike: g.alike }, b, h, lookups, config));
      }
    }
  }

  const analyzeOptions = opts.analyze ?? {};
  const findings = diffFindings(analyze(base, analyzeOptions).findings, analyze(head, analyzeOptions).findings, {
    base: relativeTo(base.paths, path.sep),
    head: relativeTo(head.paths, path.sep),
  });
  return { workloads, findings, summary: summarize(workloads, findings), notes };
}
