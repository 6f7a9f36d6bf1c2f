// `gwctl diff -o json` (docs/diff-json.md): the diff with every place located on its own side
// (file:line:column) and every finding rendered by the one finding renderer. The text and markdown
// views print this record too, so all three formats say the same.
import type { Finding } from '../../diagnostics/finding.js';
import type { BehaviourChange, ConfigChange, DiffResult, DiffSummary, OutcomeView, RepresentativeRequest, Side, Source, WorkloadDiff } from '../../diff/types.js';
import type { Locator } from '../../load/locate.js';
import { sortRecords, toRecords, type FindingRecord } from '../record.js';

export interface SourceRecord {
  side: Side;
  kind: string;
  namespace: string;
  name: string;
  /** `http[0]`, `servers[1]`, `rules[0].matches[1]`... or null for the whole object. */
  part: string | null;
  file: string | null;
  line: number | null;
  column: number | null;
}

export type ConfigChangeRecord = Omit<ConfigChange, 'sources'> & { sources: SourceRecord[] };

export interface RequestRecord {
  /** `GET http://host/path [name: value]`: the request as one line. */
  label: string;
  method: string;
  url: string;
  /** The headers the route's match asked for (Host only when it differs from the URL's). */
  headers: Record<string, string>;
  from: Omit<RepresentativeRequest['from'], 'sources'> & { sources: SourceRecord[] };
  shadowed: boolean;
}

export type OutcomeRecord = Omit<OutcomeView, 'source'> & { source: SourceRecord | null };

export type BehaviourRecord = Omit<BehaviourChange, 'request' | 'base' | 'head'> & { request: RequestRecord; base: OutcomeRecord; head: OutcomeRecord };

export type WorkloadRecord = Omit<WorkloadDiff, 'config' | 'behaviour'> & { config: ConfigChangeRecord[]; behaviour: BehaviourRecord[] };

export type UnchangedRecord = FindingRecord & { base: { file: string | null; line: number | null; column: number | null } };

export interface DiffSideInfo {
  /** What was read: the paths, or `<ref>:` and the paths for a git revision. */
  label: string;
  /** The commit a git revision resolved to; null for files. */
  commit: string | null;
}

export interface DiffRecord {
  base: DiffSideInfo;
  head: DiffSideInfo;
  summary: DiffSummary;
  workloads: WorkloadRecord[];
  findings: { introduced: FindingRecord[]; fixed: FindingRecord[]; unchanged: UnchangedRecord[] };
  notes: { side: Side; workload: string; code: string; message: string }[];
}

export interface SideLocator {
  locate: Locator;
  fileOrder: readonly string[];
}

export function diffRecord(r: DiffResult & { notes: DiffRecord['notes'] }, sides: Record<Side, SideLocator & DiffSideInfo>): DiffRecord {
  const source = (s: Source): SourceRecord => {
    const loc = s.at ? sides[s.side].locate(s.at) : undefined;
    return { side: s.side, kind: s.resource.kind, namespace: s.resource.namespace, name: s.resource.name, part: s.part, file: loc?.file ?? null, line: loc?.line ?? null, column: loc?.column ?? null };
  };
  const outcome = (o: OutcomeView): OutcomeRecord => ({ ...o, source: o.source ? source(o.source) : null });
  const request = (q: RepresentativeRequest): RequestRecord => {
    const headers: Record<string, string> = Object.create(null) as Record<string, string>;
    const urlAuthority = q.request.url.replace(/^[a-z]+:\/\//, '').replace(/[/?].*$/, '');
    for (const k of Object.keys(q.request.headers).sort()) {
      const v = q.request.headers[k];
      if (v !== undefined && !(k === 'host' && v === urlAuthority)) headers[k] = v;
    }
    return { label: q.label, method: q.request.method, url: q.request.url, headers, from: { ...q.from, sources: q.from.sources.map(source) }, shadowed: q.shadowed };
  };
  const workload = (w: WorkloadDiff): WorkloadRecord => ({
    ...w,
    config: w.config.map((c) => ({ ...c, sources: c.sources.map(source) })),
    behaviour: w.behaviour.map((b) => ({ ...b, request: request(b.request), base: outcome(b.base), head: outcome(b.head) })),
  });
  const records = (side: Side, fs: readonly Finding[]): FindingRecord[] => sortRecords(toRecords(fs, sides[side].locate), sides[side].fileOrder);
  return {
    base: { label: sides.base.label, commit: sides.base.commit },
    head: { label: sides.head.label, commit: sides.head.commit },
    summary: r.summary,
    workloads: r.workloads.map(workload),
    findings: {
      introduced: records('head', r.findings.introduced),
      fixed: records('base', r.findings.fixed),
      unchanged: unchangedRecords(r.findings.unchanged, sides),
    },
    notes: r.notes.map((n) => ({ side: n.side, workload: n.workload, code: n.code, message: n.message })),
  };
}

/** Head records in the head's order, each with where the base had it. */
function unchangedRecords(pairs: DiffResult['findings']['unchanged'], sides: Record<Side, SideLocator>): UnchangedRecord[] {
  const heads = toRecords(
    pairs.map((p) => p.head),
    sides.head.locate,
  );
  const bases = toRecords(
    pairs.map((p) => p.base),
    sides.base.locate,
  );
  const baseOf = new Map(heads.map((h, i) => [h, bases[i]]));
  return sortRecords(heads, sides.head.fileOrder).map((h) => {
    const b = baseOf.get(h);
    return { ...h, base: { file: b?.file ?? null, line: b?.line ?? null, column: b?.column ?? null } };
  });
}
