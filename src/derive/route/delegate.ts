// Delegate VirtualServices (mergeVirtualServices, MergeHTTPRoutes, mergeHTTPMatchRequests, hasConflict,
// stringMatchConflict in pilot/pkg/model). One level only; a root rule's `delegate` is replaced by the
// delegate's rules merged with the root rule; missing/invisible delegates and conflicting delegate rules
// are dropped and reported.
import { meshOf } from '../../model/mesh.js';
import { fullName } from '../../diagnostics/ref.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import type { VirtualService } from '../../model/resource.js';
import { sharedExportTo } from '../../model/exportTo.js';
import type { NormalizedVirtualService } from '../../model/virtualServices.js';
import type { StringMatch } from '../../schema/common.js';
import type { HttpMatchRequest, HttpRoute } from '../../schema/kinds/virtualService.js';
import type { FilteredRule, ResourceKey } from '../proxyConfig.js';
import { resolveHttpRules } from './resolve.js';
import { stringMatchKind } from './stringMatch.js';

/** Where one merged match came from: indexes into the root rule's and the delegate rule's `match`. */
export interface MatchOrigin {
  root?: number;
  delegate?: number;
}

/** An HTTP rule as route translation sees it, after short-name resolution and delegate merging. */
export interface EffectiveRule {
  rule: HttpRoute;
  /** Index into the root VS's spec.http. */
  ruleIndex: number;
  delegate?: ResourceKey & { rule: number };
  /** One entry per `rule.match` element (none when expanded by expandHttpRulesOnce, whose reader records no origin). */
  matchOrigins: MatchOrigin[];
}

const value = (m: StringMatch | undefined, kind: 'exact' | 'prefix' | 'regex'): string =>
  m !== undefined && stringMatchKind(m) === kind ? (m[kind] ?? '') : '';

/** stringMatchConflict: the leaf must narrow the root (prefix extends prefix, exact under prefix…). */
export function stringMatchConflict(root: StringMatch | undefined, leaf: StringMatch | undefined): boolean {
  if (root === undefined || leaf === undefined) return false;
  const [rRegex, rPrefix, rExact] = [value(root, 'regex'), value(root, 'prefix'), value(root, 'exact')];
  const [lRegex, lPrefix, lExact] = [value(leaf, 'regex'), value(leaf, 'prefix'), value(leaf, 'exact')];
  if (rRegex !== '' && (lRegex !== '' || lPrefix !== '' || lExact !== '')) return true;
  if (lRegex !== '' && (rRegex !== '' || rPrefix !== '' || rExact !== '')) return true;
  if (rExact !== '') return lPrefix !== '' || lExact !== rExact;
  if (rPrefix !== '') {
    if (lPrefix !== '') return !lPrefix.startsWith(rPrefix);
    if (lExact !== '') return !lExact.startsWith(rPrefix);
  }
  return true;
}

function mapConflict(root: Record<string, StringMatch> | undefined, leaf: Record<string, StringMatch> | undefined): boolean {
  return Object.entries(leaf ?? {}).some(([k, v]) => stringMatchConflict(root?.[k], v));
}

export function matchConflict(root: HttpMatchRequest, leaf: HttpMatchRequest): boolean {
  const pairs: [StringMatch | undefined, StringMatch | undefined][] = [
    [root.uri, leaf.uri],
    [root.scheme, leaf.scheme],
    [root.method, leaf.method],
    [root.authority, leaf.authority],
  ];
  if (pairs.some(([r, l]) => stringMatchConflict(r, l))) return true;
  if (mapConflict(root.headers, leaf.headers) || mapConflict(root.withoutHeaders, leaf.withoutHeaders)) return true;
  if (mapConflict(root.queryParams, leaf.queryParams)) return true;
  if ((root.ignoreUriCase ?? false) !== (leaf.ignoreUriCase ?? false)) return true;
  if ((root.port ?? 0) > 0 && (leaf.port ?? 0) > 0 && root.port !== leaf.port) return true;
  if ((root.sourceNamespace ?? '') !== '' && (leaf.sourceNamespace ?? '') !== root.sourceNamespace) return true;
  for (const [k, v] of Object.entries(leaf.sourceLabels ?? {})) {
    const rv = root.sourceLabels?.[k];
    if (rv !== undefined && rv !== v) return true;
  }
  const rg = root.gateways ?? [];
  const lg = leaf.gateways ?? [];
  if (rg.length > 0 && lg.length > 0 && (rg.length < lg.length || lg.some((g) => !rg.includes(g)))) return true;
  return false;
}

const joinNames = (root: string | undefined, leaf: string | undefined): string | undefined =>
  !leaf ? root : root ? `${root}-${leaf}` : leaf;

function mergeMaps<V>(root: Record<string, V> | undefined, leaf: Record<string, V> | undefined): Record<string, V> | undefined {
  if (root === undefined && leaf === undefined) return undefined;
  return { ...root, ...leaf };
}

function mergeMatch(root: HttpMatchRequest, leaf: HttpMatchRequest): HttpMatchRequest {
  const out: HttpMatchRequest = { ...leaf };
  const set = <K extends keyof HttpMatchRequest>(k: K, v: HttpMatchRequest[K]): void => {
    if (v === undefined) delete out[k];
    else out[k] = v;
  };
  set('name', joinNames(root.name, leaf.name));
  set('uri', leaf.uri ?? root.uri);
  set('scheme', leaf.scheme ?? root.scheme);
  set('method', leaf.method ?? root.method);
  set('authority', leaf.authority ?? root.authority);
  set('headers', mergeMaps(root.headers, leaf.headers));
  set('withoutHeaders', mergeMaps(root.withoutHeaders, leaf.withoutHeaders));
  set('queryParams', mergeMaps(root.queryParams, leaf.queryParams));
  set('port', leaf.port ? leaf.port : root.port);
  set('sourceLabels', mergeMaps(root.sourceLabels, leaf.sourceLabels));
  set('sourceNamespace', leaf.sourceNamespace ? leaf.sourceNamespace : root.sourceNamespace);
  set('gateways', (leaf.gateways?.length ?? 0) > 0 ? leaf.gateways : root.gateways);
  set('statPrefix', leaf.statPrefix ? leaf.statPrefix : root.statPrefix);
  return out;
}

type MergeResult = { matches: HttpMatchRequest[]; origins: MatchOrigin[] } | { conflict: number };

/** Every delegate match must be compatible with at least one root match; compatible pairs are merged. */
function mergeMatches(root: HttpMatchRequest[] | undefined, leaf: HttpMatchRequest[] | undefined): MergeResult {
  const r = root ?? [];
  const l = leaf ?? [];
  if (r.length === 0) return { matches: l, origins: l.map((_, i) => ({ delegate: i })) };
  if (l.length === 0) return { matches: r, origins: r.map((_, i) => ({ root: i })) };
  const matches: HttpMatchRequest[] = [];
  const origins: MatchOrigin[] = [];
  for (const [j, sub] of l.entries()) {
    let found = false;
    for (const [i, rm] of r.entries()) {
      if (matchConflict(rm, sub)) continue;
      matches.push(mergeMatch(rm, sub));
      origins.push({ root: i, delegate: j });
      found = true;
    }
    if (!found) return { conflict: j };
  }
  return { matches, origins };
}

const INHERITED = ['rewrite', 'directResponse', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercent', 'mirrorPercentage', 'corsPolicy', 'mirrors', 'headers'] as const;

/** mergeHTTPRoute: delegate fields win, unset ones are inherited from the root rule. */
function mergeRule(root: HttpRoute, leaf: HttpRoute, matches: HttpMatchRequest[]): HttpRoute {
  const out: HttpRoute = { ...leaf };
  if (matches.length > 0) out.match = matches;
  else delete out.match;
  const name = joinNames(root.name, leaf.name);
  if (name === undefined) delete out.name;
  else out.name = name;
  for (const k of INHERITED) {
    const own = out[k];
    const unset = own === undefined || (Array.isArray(own) && own.length === 0);
    if (unset && root[k] !== undefined) Object.assign(out, { [k]: root[k] });
  }
  return out;
}

const ROUTE_SEMANTICS = 'internal.istio.io/route-semantics';

interface ExpandedRules {
  rules: EffectiveRule[];
  filtered: FilteredRule[];
}

/** Per index and VirtualService: the expansion depends on neither proxy nor port, and gateways repeat it. */
const expanded = new WeakMap<ConfigIndex, WeakMap<object, { domainSuffix: string; result: ExpandedRules }>>();

/** The expansion `expandHttpRules` kept for this VirtualService, if any (for this domain suffix). */
function keptExpansion(root: NormalizedVirtualService, index: ConfigIndex, domainSuffix: string): ExpandedRules | undefined {
  const hit = expanded.get(index)?.get(root.vs);
  return hit !== undefined && hit.domainSuffix === domainSuffix ? hit.result : undefined;
}

/** A kept expansion as a caller gets it: the rules shared, `filtered` its own. */
const callersOwn = (kept: ExpandedRules): ExpandedRules => ({ rules: kept.rules, filtered: [...kept.filtered] });

/**
 * The root VS's HTTP rules with delegates expanded; `filtered` records each dropped rule with why.
 * The rules are shared between calls (read them only); `filtered` is the caller's own array.
 */
export function expandHttpRules(root: NormalizedVirtualService, index: ConfigIndex, domainSuffix: string): ExpandedRules {
  let kept = keptExpansion(root, index, domainSuffix);
  if (kept === undefined) {
    let perIndex = expanded.get(index);
    if (!perIndex) expanded.set(index, (perIndex = new WeakMap()));
    perIndex.set(root.vs, { domainSuffix, result: (kept = expandUncached(root, index, domainSuffix)) });
  }
  return callersOwn(kept);
}

/**
 * `expandHttpRules` without keeping the result for the next call (a VirtualService translated once,
 * by a writer that drops its routes): the same rules, and `filtered` the caller's own.
 */
export function expandHttpRulesOnce(root: NormalizedVirtualService, index: ConfigIndex, domainSuffix: string): ExpandedRules {
  const kept = keptExpansion(root, index, domainSuffix);
  return kept !== undefined ? callersOwn(kept) : expandUncached(root, index, domainSuffix, false);
}

/** The match origins of a rule of the root VS (one per match), or none when no reader asks (expandHttpRulesOnce). */
const NO_ORIGINS: MatchOrigin[] = [];

/** Whether `expandHttpRules` kept the expansion of this VirtualService (tests: the streamed writer must not). */
export function expansionKept(vs: VirtualService, index: ConfigIndex): boolean {
  return expanded.get(index)?.has(vs) ?? false;
}

function expandUncached(root: NormalizedVirtualService, index: ConfigIndex, domainSuffix: string, origins = true): ExpandedRules {
  const vs = root.vs;
  const rootRules = resolveHttpRules(vs.spec.http, vs.namespace, domainSuffix);
  const rules: EffectiveRule[] = [];
  const filtered: FilteredRule[] = [];
  // Ingress/Gateway-API generated VSes are never merged.
  const merging = vs.metadata.annotations?.[ROUTE_SEMANTICS] === undefined;
  for (let ruleIndex = 0; ruleIndex < rootRules.length; ruleIndex++) {
    const rule = rootRules[ruleIndex] as HttpRoute;
    const ref = rule.delegate;
    if (!merging || ref === undefined) {
      rules.push({ rule, ruleIndex, matchOrigins: origins ? (rule.match ?? []).map((_, i) => ({ root: i })) : NO_ORIGINS });
      continue;
    }
    const key = { namespace: ref.namespace || vs.namespace, name: ref.name ?? '' };
    const target = index.get('VirtualService', key.namespace, key.name);
    // Only host-less VSes are delegates; one the webhook rejects never reaches istiod.
    if (target === undefined || target.rejected || (target.spec.hosts ?? []).length > 0) {
      filtered.push({ rule: ruleIndex, why: 'delegate-missing', detail: `${fullName(key)} not found` });
      continue;
    }
    const exportTo = sharedExportTo(target.spec.exportTo, target.namespace, meshOf(index.options).defaultVirtualServiceExportTo);
    if (!exportTo.has('*') && !exportTo.has(vs.namespace)) {
      filtered.push({ rule: ruleIndex, why: 'delegate-missing', detail: `${fullName(key)} is not exported to ${vs.namespace}` });
      continue;
    }
    const delegateRules = resolveHttpRules(target.spec.http, target.namespace, domainSuffix);
    for (const [j, leaf] of delegateRules.entries()) {
      const merged = mergeMatches(rule.match, leaf.match);
      if ('conflict' in merged) {
        filtered.push({
          rule: ruleIndex,
          why: 'delegate-conflict',
          detail: `delegate match ${merged.conflict} is not within any match of the root rule`,
          delegate: { ...key, rule: j, match: merged.conflict },
        });
        continue;
      }
      rules.push({ rule: mergeRule(rule, leaf, merged.matches), ruleIndex, delegate: { ...key, rule: j }, matchOrigins: merged.origins });
    }
  }
  return { rules, filtered };
}
