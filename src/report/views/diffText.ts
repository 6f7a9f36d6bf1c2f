// `gwctl diff` for people: a summary line, then the requests whose outcome changes (new failures
// first), the config changes per workload (+ added, - removed, ~ changed or moved, each with the
// rule and file:line behind it on the side that has it), and the findings introduced and fixed.
// Every string from the input goes through escapeText; colour only through the chalk passed in.
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import type { JsonValue } from '../../diff/json.js';
import { fullName } from '../../diagnostics/ref.js';
import { escapeText as e } from '../escape.js';
import type { FindingRecord } from '../record.js';
import type { BehaviourRecord, ConfigChangeRecord, DiffRecord, OutcomeRecord, SourceRecord, WorkloadRecord } from './diffRecord.js';

const plural = (n: number, word: string): string => `${n} ${n === 1 ? word : `${word}s`}`;

/** One summary line, the same in text and markdown. */
export function summaryLine(r: DiffRecord): string {
  const s = r.summary;
  const failing = [
    s.startsFailing > 0 ? `${plural(s.startsFailing, 'request')} start${s.startsFailing === 1 ? 's' : ''} failing` : '',
    s.new404 > 0 ? `${s.new404} new 404` : '',
    s.new5xx > 0 ? `${s.new5xx} new 5xx` : '',
    s.stopsFailing > 0 ? `${s.stopsFailing} stop${s.stopsFailing === 1 ? 's' : ''} failing` : '',
  ].filter(Boolean);
  return [
    `${plural(s.behaviourChanges, 'behaviour change')}${failing.length > 0 ? ` (${failing.join(', ')})` : ''}`,
    `${plural(s.configChanges, 'config change')} in ${plural(s.workloads, 'workload')}`,
    `findings: ${s.findingsIntroduced} introduced, ${s.findingsFixed} fixed, ${s.findingsUnchanged} unchanged`,
  ].join('; ');
}

/** A value of a changed field, short: lists joined, objects as compact JSON, absent as `(none)`. */
export function formatValue(v: JsonValue): string {
  if (v === null) return '(none)';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '(none)';
    if (v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && 'cluster' in x && 'weight' in x)) {
      return v.map((x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? `${formatValue(x['cluster'] ?? null)} ${formatValue(x['weight'] ?? null)}%` : '')).join(', ');
    }
    return v.map((x) => (x !== null && typeof x === 'object' ? JSON.stringify(x) : formatValue(x))).join(', ');
  }
  return JSON.stringify(v);
}

export function describeSource(s: SourceRecord): string {
  const where = s.file === null ? '' : ` (${s.file}:${s.line ?? 1})`;
  return `${s.kind} ${fullName(s)}${s.part ? ` ${s.part}` : ''}${where}`;
}

export function describeSources(sources: readonly SourceRecord[]): string {
  const bySide = (side: 'base' | 'head'): string[] => sources.filter((s) => s.side === side).map(describeSource);
  return (['base', 'head'] as const)
    .map((side) => (bySide(side).length > 0 ? `${side}: ${bySide(side).join(', ')}` : ''))
    .filter(Boolean)
    .join('; ');
}

const STOP_TEXT: Readonly<Record<string, string>> = {
  'no-listener': 'nothing listens',
  'no-filter-chain': 'no filter chain',
  'ambiguous-filter-chain': 'ambiguous filter chain',
  'tls-required': 'TLS required',
  'tls-unexpected': 'not a TLS port',
  'no-route-config': 'no route config',
  'no-virtual-host': 'no virtual host',
  'require-tls': 'HTTPS redirect',
  'no-route': 'no route',
  'cluster-missing': 'cluster missing',
};

/** What happened to a request on one side, in a few words. */
export function describeOutcome(o: OutcomeRecord): string {
  switch (o.outcome) {
    case 'no-workload':
      return 'no such workload';
    case 'forwarded':
      return o.clusters.length === 1 ? `→ ${o.clusters[0]?.name ?? ''}` : `→ ${o.clusters.map((c) => `${c.name} ${c.weight}%`).join(', ')}`;
    case 'connection-refused':
      return 'connection refused';
    case 'tls-failure':
      return 'TLS failure';
    default: {
      const why = o.stop !== null ? STOP_TEXT[o.stop] : undefined;
      const status = o.status === null ? o.outcome : String(o.status);
      return `${status}${o.location ? ` → ${o.location}` : ''}${why ? ` (${why})` : ''}`;
    }
  }
}

function workloadTitle(w: WorkloadRecord): string {
  const notes = [w.mode, ...(w.assumed.length > 0 ? [`assumed${w.assumed.length === 1 ? ` on ${w.assumed[0]}` : ''}`] : []), ...(w.presence.length === 1 ? [`only on ${w.presence[0]}`] : [])];
  const alike = w.alike.length > 0 ? `, also ${w.alike.slice(0, 3).join(', ')}${w.alike.length > 3 ? ` and ${w.alike.length - 3} more` : ''}` : '';
  return `${e(w.workload)} (${notes.join(', ')}${e(alike)})`;
}

const OBJECT_WORD: Record<ConfigChangeRecord['object'], string> = {
  listener: 'listener',
  'filter-chain': 'filter chain',
  'route-config': 'route config',
  'virtual-host': 'virtual host',
  route: 'route',
  cluster: 'cluster',
};

const DEPTH: Record<ConfigChangeRecord['object'], number> = { listener: 0, 'filter-chain': 1, 'route-config': 0, 'virtual-host': 1, route: 2, cluster: 0 };

/** Config changes of one workload, with the enclosing listener / route config / virtual host named once. */
export function configLines(w: WorkloadRecord, c: ChalkInstance): string[] {
  const lines: string[] = [];
  const mark = (ch: ConfigChangeRecord['change']): string => (ch === 'added' ? c.green('+') : ch === 'removed' ? c.red('-') : c.yellow('~'));
  // The listener, route config and virtual host last printed, so that their changes' lines are not repeated.
  let listener: string | null = null;
  let routeConfig: string | null = null;
  let virtualHost: string | null = null;
  const header = (text: string, depth: number): void => void lines.push(`  ${'  '.repeat(depth)}  ${c.dim(e(text))}`);
  for (const ch of w.config) {
    if (ch.object === 'filter-chain' && ch.listener !== listener) {
      header(`listener ${ch.listener ?? ''}`, 0);
      listener = ch.listener;
    }
    if ((ch.object === 'virtual-host' || ch.object === 'route') && ch.routeConfig !== routeConfig) {
      header(`route config ${ch.routeConfig ?? ''}`, 0);
      routeConfig = ch.routeConfig;
      virtualHost = null;
    }
    if (ch.object === 'route' && ch.virtualHost !== virtualHost) {
      header(`virtual host ${ch.virtualHost ?? ''}`, 1);
      virtualHost = ch.virtualHost;
    }
    if (ch.object === 'listener') listener = ch.name;
    if (ch.object === 'route-config') [routeConfig, virtualHost] = [ch.name, null];
    if (ch.object === 'virtual-host') virtualHost = ch.name;
    const pad = '  '.repeat(DEPTH[ch.object]);
    const moved = ch.change === 'moved' ? ' (moved)' : '';
    lines.push(`${mark(ch.change)} ${pad}  ${OBJECT_WORD[ch.object]} ${e(ch.name)}${moved}  ${c.dim(e(ch.summary))}`);
    for (const f of ch.fields) {
      if (f.base === null && f.head === null) lines.push(`  ${pad}      ${e(f.field)}`);
      else if (f.field === 'first match') lines.push(`  ${pad}      ${e(`first match: ${formatValue(f.head)}`)}`);
      else lines.push(`  ${pad}      ${e(f.field)}: ${c.red(e(formatValue(f.base)))} → ${c.green(e(formatValue(f.head)))}`);
    }
    const src = describeSources(ch.sources);
    if (src) lines.push(`  ${pad}      ${c.dim(e(src))}`);
  }
  return lines;
}

function behaviourLines(b: BehaviourRecord, c: ChalkInstance): string[] {
  const mark = b.kind === 'starts-failing' ? c.red('✗') : b.kind === 'stops-failing' ? c.green('✓') : c.yellow('~');
  const head = b.kind === 'starts-failing' ? c.red(e(describeOutcome(b.head))) : b.kind === 'stops-failing' ? c.green(e(describeOutcome(b.head))) : c.yellow(e(describeOutcome(b.head)));
  const lines = [`${mark} ${e(b.request.label)}`, `    ${e(describeOutcome(b.base))}  ⇒  ${head}`];
  for (const f of b.fields) lines.push(`    ${e(f.field)}: ${c.red(e(formatValue(f.base)))} → ${c.green(e(formatValue(f.head)))}`);
  const rule = (o: OutcomeRecord): string => (o.source ? describeSource(o.source) : '');
  const rules = [b.base.source ? `base: ${rule(b.base)}` : '', b.head.source ? `head: ${rule(b.head)}` : ''].filter(Boolean);
  if (rules.length === 0 && b.request.from.sources.length > 0) rules.push(`made from ${describeSources(b.request.from.sources)}`);
  if (rules.length > 0) lines.push(`    ${c.dim(e(rules.join('; ')))}`);
  if (b.request.shadowed) lines.push(`    ${c.dim(e(`(an earlier route catches this request on the ${b.request.from.side} before ${b.request.from.route})`))}`);
  return lines;
}

function findingLine(kind: string, r: FindingRecord, c: ChalkInstance, paint: (s: string) => string): string[] {
  const res = r.resource ? ` ${e(`${r.resource.kind} ${fullName(r.resource)}`)}` : '';
  const where = r.file !== null ? c.dim(` (${e(r.file)}:${r.line ?? 1})`) : '';
  return [`${paint(kind)} ${r.level} ${c.bold(r.code)}${res}${where}`, `    ${e(r.message)}`];
}

export function diffText(r: DiffRecord, c: ChalkInstance): string {
  const out: string[] = [];
  out.push(c.bold(`gwctl diff: ${e(r.base.label)} → ${e(r.head.label)}`));
  out.push(summaryLine(r));
  const withBehaviour = r.workloads.filter((w) => w.behaviour.length > 0);
  if (withBehaviour.length > 0) {
    out.push('', c.bold('Requests whose outcome changes'));
    for (const w of withBehaviour) {
      out.push(`  ${workloadTitle(w)}`);
      for (const b of w.behaviour) out.push(...behaviourLines(b, c).map((l) => `  ${l}`));
    }
  }
  const withConfig = r.workloads.filter((w) => w.config.length > 0);
  if (withConfig.length > 0) {
    out.push('', c.bold('Config changes'));
    for (const w of withConfig) {
      out.push(`  ${workloadTitle(w)}`);
      out.push(...configLines(w, c).map((l) => `  ${l}`));
    }
  }
  const unsampled = r.workloads.flatMap((w) => w.unsampled.map((u) => ({ w, u })));
  if (unsampled.length > 0) {
    out.push('', c.bold('Routes without a representative request'));
    for (const { w, u } of unsampled) out.push(`  ${e(w.workload)} ${u.side} ${e(u.routeConfig)} ${e(u.virtualHost)} ${e(u.route)}: ${e(u.why)}`);
  }
  const f = r.findings;
  if (f.introduced.length + f.fixed.length + f.unchanged.length > 0) {
    out.push('', c.bold('Findings'));
    for (const x of f.introduced) out.push(...findingLine('introduced', x, c, c.red).map((l) => `  ${l}`));
    for (const x of f.fixed) out.push(...findingLine('fixed', x, c, c.green).map((l) => `  ${l}`));
    if (f.unchanged.length > 0) {
      const codes = new Map<string, number>();
      for (const x of f.unchanged) codes.set(x.code, (codes.get(x.code) ?? 0) + 1);
      out.push(`  ${c.dim(`unchanged ${f.unchanged.length}: ${[...codes].map(([code, n]) => (n > 1 ? `${code} ×${n}` : code)).join(', ')}`)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Plain text (no colour) of the config changes of one workload: the markdown view's folded details. */
export function plainConfigLines(w: WorkloadRecord): string[] {
  return configLines(w, new Chalk({ level: 0 }));
}

export function plainDiffText(r: DiffRecord): string {
  return diffText(r, new Chalk({ level: 0 }));
}
