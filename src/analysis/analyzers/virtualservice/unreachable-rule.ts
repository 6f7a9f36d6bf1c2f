// Rules and matches of one VirtualService that can never be used: a rule after a match-less rule, a
// match identical to an earlier one, or an HTTP prefix match covered by an earlier prefix match.
// Same rules as Istio's validation (analyzeUnreachable*Rules), reported as IST0130 / IST0131.
import type { StringMatch } from '../../../schema/common.js';
import type { HttpMatchRequest, HttpRoute } from '../../../schema/kinds/virtualService.js';
import type { VirtualService } from '../../../model/resource.js';
import type { Path } from '../../../diagnostics/path.js';
import type { AnalysisContext } from '../../context.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

type Section = 'http' | 'tcp' | 'tls';
/** What the three route sections share: rules with matches. */
interface Rule<M extends object> {
  match?: readonly M[];
}

/** Only HTTP rules and matches have names, and only HTTP prefixes can cover each other. */
interface HttpParts<R, M> {
  ruleName(rule: R): string | undefined;
  matchName(match: M): string | undefined;
  prefixOf(rule: R, match: M, i: number, j: number): PrefixMatch | undefined;
}

/**
 * Canonical JSON of a match without its name: keys sorted, zero values dropped as Go's omitempty
 * does (false, 0, '', null, empty lists and objects), written directly (no intermediate objects:
 * this runs for every match of every VirtualService). Two matches have the same key exactly when
 * their canonical forms are equal.
 */
export function matchKey(m: object): string {
  return objectJson(m, 'name') ?? '{}';
}

function canonicalJson(v: unknown): string | undefined {
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    let out = '[';
    for (let i = 0; i < v.length; i++) out += `${i > 0 ? ',' : ''}${canonicalJson(v[i]) ?? 'null'}`;
    return `${out}]`;
  }
  if (v !== null && typeof v === 'object') return objectJson(v, undefined);
  return v === false || v === 0 || v === '' || v === null || v === undefined ? undefined : JSON.stringify(v);
}

/**
 * The part of matchKey that is cheap to make: the uri's exact, prefix and regex values (matchKey drops
 * empty values and an empty uri too, so `uri: {}` and no uri give the same). Equal match keys have
 * equal rough keys, so only matches with the same rough key need their match keys compared: in most
 * VirtualServices no two matches share one, and no match key is made.
 */
export function roughMatchKey(m: object): string {
  const uri = (m as { uri?: unknown }).uri;
  const u = uri !== null && typeof uri === 'object' ? (uri as Readonly<Record<string, unknown>>) : undefined;
  return `${stringOf(u?.exact)}\u0000${stringOf(u?.prefix)}\u0000${stringOf(u?.regex)}`;
}

const stringOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The first match met with one rough key; the match keys of those that share it, once a second one is met. */
interface RoughGroup {
  rough: string;
  rule: number;
  match: object;
  keys?: Map<string, number>;
}

/** Up to this many rough keys in a section, they are searched as a list (cheaper to make than a map). */
const ROUGH_LIST = 8;

function objectJson(v: object, skip: string | undefined): string | undefined {
  const record = v as Readonly<Record<string, unknown>>;
  let out = '';
  for (const k of Object.keys(v).sort()) {
    if (k === skip) continue;
    const c = canonicalJson(record[k]);
    if (c !== undefined) out += `${out === '' ? '{' : ','}${JSON.stringify(k)}:${c}`;
  }
  return out === '' ? undefined : `${out}}`;
}

/** How a rule or match is named in messages: its name, else `#index`. */
const nameFor = (name: string | undefined, i: number): string => (name ? JSON.stringify(name) : `#${i}`);

const exactOrPrefix = (s: StringMatch | undefined): string => (s?.exact ? `exact:${s.exact}` : s?.prefix ? `prefix:${s.prefix}` : '');
const mapOf = (m: Record<string, StringMatch> | undefined): Map<string, string> =>
  new Map(Object.entries(m ?? {}).map(([k, v]) => [k, exactOrPrefix(v)]));

interface PrefixMatch {
  rule: number;
  match: number;
  route: HttpRoute;
  source: HttpMatchRequest;
  prefix: string;
  /** Built when first compared (most prefixes are never compared with another). */
  maps?: Map<string, string>[];
}

function prefixMatch(route: HttpRoute, m: HttpMatchRequest, rule: number, matchN: number): PrefixMatch | undefined {
  const prefix = m.uri?.prefix;
  if (!prefix) return undefined;
  return { rule, match: matchN, route, source: m, prefix };
}

const routeStr = (p: PrefixMatch): string => nameFor(p.route.name, p.rule);
const matchStr = (p: PrefixMatch): string => nameFor(p.source.name, p.match);
const methodOf = (p: PrefixMatch): string => exactOrPrefix(p.source.method) || 'exact:GET';
const authorityOf = (p: PrefixMatch): string => exactOrPrefix(p.source.authority);
const mapsOf = (p: PrefixMatch): Map<string, string>[] => (p.maps ??= [mapOf(p.source.headers), mapOf(p.source.queryParams), mapOf(p.source.withoutHeaders)]);

/** Istio's coveredValidation: a (earlier) covers b. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || (a.source.port ?? 0) !== (b.source.port ?? 0)) return false;
  const weaker = (x: string, y: string): boolean => x === y || x.startsWith(y);
  if (!weaker(methodOf(a), methodOf(b)) || !weaker(authorityOf(a), authorityOf(b))) return false;
  const bMaps = mapsOf(b);
  return mapsOf(a).every((am, i) => {
    const bm = bMaps[i] ?? new Map<string, string>();
    if (am.size !== bm.size) return false;
    return [...am].every(([k, v]) => bm.has(k) && weaker(v, bm.get(k) ?? ''));
  });
}

/** One section's rules in order: rules after a match-less one, duplicate matches, covered HTTP prefixes. */
function checkSection<M extends object, R extends Rule<M>>(
  ctx: AnalysisContext<'IST0130' | 'IST0131'>,
  vs: VirtualService,
  section: Section,
  rules: readonly R[],
  http?: HttpParts<R, M>,
): void {
  if (rules.length === 0) return;
  // Matches by rough key (a list while short, then a map); their match keys are made only when two
  // share one (linear: a map per group). The list is made with the section's first match.
  let groups: RoughGroup[] | undefined;
  let byRough: Map<string, RoughGroup> | undefined;
  let emptyAt = -1;
  let prefixes: PrefixMatch[] | undefined;
  // Indexed loops: this runs once (cold) over every rule and match of every VirtualService.
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule === undefined) continue;
    const matches = rule.match;
    if (matches === undefined || matches.length === 0) {
      if (emptyAt >= 0) ctx.report('IST0130', { rule: ruleNameOf(http, rule, i), reason: 'only the last rule can have no matches' }, sectionAt(vs, section, i));
      emptyAt = i;
      continue;
    }
    let duplicates = 0;
    for (let j = 0; j < matches.length; j++) {
      const m = matches[j];
      if (m === undefined) continue;
      if (emptyAt >= 0) {
        ctx.report('IST0130', { rule: ruleNameOf(http, rule, i), reason: 'route without matches defined before' }, sectionAt(vs, section, i));
        continue;
      }
      const rough = roughMatchKey(m);
      const group = byRough ? byRough.get(rough) : groups && groupIn(groups, rough);
      let dup: number | undefined;
      if (group) {
        const keys = (group.keys ??= new Map([[matchKey(group.match), group.rule]]));
        const key = matchKey(m);
        dup = keys.get(key);
        if (dup === undefined) keys.set(key, i);
      } else {
        const added: RoughGroup = { rough, rule: i, match: m };
        (groups ??= []).push(added);
        if (byRough) byRough.set(rough, added);
        else if (groups.length > ROUGH_LIST) byRough = new Map(groups.map((g) => [g.rough, g]));
      }
      if (dup !== undefined) {
        ctx.report('IST0131', { rule: ruleNameOf(http, rule, i), match: nameFor(http?.matchName(m), j), duplicateOf: ruleNameOf(http, rules[dup], dup) }, { resource: vs, path: ['spec', section, i, 'match', j] });
        duplicates++;
        continue;
      }
      const p = http?.prefixOf(rule, m, i, j);
      if (p) (prefixes ??= []).push(p);
    }
    if (duplicates === matches.length) ctx.report('IST0130', { rule: ruleNameOf(http, rule, i), reason: 'all matches used by prior rules' }, sectionAt(vs, section, i));
  }
  if (prefixes) reportCoveredPrefixes(ctx, vs, prefixes);
}

// What a finding names, made only for a finding: no closure per section (this runs for every
// section of every VirtualService, and findings are few).
function ruleNameOf<R, M>(http: HttpParts<R, M> | undefined, r: R | undefined, i: number): string {
  return nameFor(r && http?.ruleName(r), i);
}

function sectionAt(vs: VirtualService, section: Section, i: number): { resource: VirtualService; path: Path } {
  return { resource: vs, path: ['spec', section, i] };
}

/** The group of a rough key in a short list of them. */
function groupIn(groups: readonly RoughGroup[], rough: string): RoughGroup | undefined {
  for (let g = 0; g < groups.length; g++) if ((groups[g] as RoughGroup).rough === rough) return groups[g];
  return undefined;
}

/**
 * IST0131 for each prefix match an earlier, shorter prefix match covers, naming the earliest one
 * (and how many more). Istio's validation compares every pair and reports each covering pair: with
 * nested prefixes that is quadratic in time and in findings. Earlier matches are looked up by the
 * prefixes of the match's own prefix (one lookup per distinct prefix length), so the cost is about
 * the number of matches that share a prefix, and there is at most one finding per match.
 */
function reportCoveredPrefixes(ctx: AnalysisContext<'IST0130' | 'IST0131'>, vs: VirtualService, prefixes: readonly PrefixMatch[]): void {
  if (prefixes.length < 2) return;
  const byPrefix = new Map<string, number[]>();
  prefixes.forEach((p, i) => {
    const list = byPrefix.get(p.prefix);
    if (list) list.push(i);
    else byPrefix.set(p.prefix, [i]);
  });
  const lengths = [...new Set(prefixes.map((p) => p.prefix.length))].sort((x, y) => x - y);
  prefixes.forEach((b, k) => {
    let first: PrefixMatch | undefined;
    let firstAt = -1;
    let more = 0;
    for (const length of lengths) {
      // Equal prefixes are duplicates, judged above; only strictly shorter ones can cover.
      if (length >= b.prefix.length) break;
      for (const i of byPrefix.get(b.prefix.slice(0, length)) ?? []) {
        if (i >= k) break;
        const a = prefixes[i];
        if (!a || !covers(a, b)) continue;
        if (first === undefined || i < firstAt) {
          if (first !== undefined) more++;
          first = a;
          firstAt = i;
        } else more++;
      }
    }
    if (first === undefined) return;
    const others = more > 0 ? ` (and ${more} more earlier ${more === 1 ? 'match' : 'matches'})` : '';
    ctx.report(
      'IST0131',
      { rule: routeStr(b), match: `${matchStr(b)} of prefix ${b.prefix}`, duplicateOf: `${matchStr(first)} of prefix ${first.prefix} on ${routeStr(first)}${others}` },
      { resource: vs, path: ['spec', 'http', b.rule, 'match', b.match] },
    );
  });
}

export default defineAnalyzer({
  name: 'virtualservice/unreachable-rule',
  description: 'Checks for VirtualService rules and matches that earlier rules of the same VirtualService make unreachable',
  inputs: ['VirtualService'],
  emits: ['IST0130', 'IST0131'],
  istio: 'schema.ValidationAnalyzer.VirtualService',
  analyze(ctx) {
    const httpParts: HttpParts<HttpRoute, HttpMatchRequest> = { ruleName: (r) => r.name, matchName: (m) => m.name, prefixOf: prefixMatch };
    const all = ctx.index.ofKind('VirtualService');
    for (let v = 0; v < all.length; v++) {
      const vs = all[v] as VirtualService;
      // Absent sections are skipped without an empty list made for each.
      if (vs.spec.http) checkSection(ctx, vs, 'http', vs.spec.http, httpParts);
      if (vs.spec.tcp) checkSection(ctx, vs, 'tcp', vs.spec.tcp);
      if (vs.spec.tls) checkSection(ctx, vs, 'tls', vs.spec.tls);
    }
  },
});
