// Differential: the run's de-duplication (findings grouped by code, resource and site; arguments keyed
// only within a group) keeps exactly the findings the straightforward form it replaced keeps (one key
// of everything, arguments included, for every finding), on every analyzer finding of the input sets
// and on crafted repeats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANALYZERS } from '../../src/analysis/analyzers/index.js';
import { CLI_SETTINGS, createContext } from '../../src/analysis/context.js';
import { withoutDuplicates } from '../../src/analysis/run.js';
import { loadSources } from '../../src/app/load.js';
import { finding, type Finding } from '../../src/diagnostics/finding.js';
import { inputSets } from '../helpers/inputSets.js';

/** The reference: every finding keyed by all of it (long lists by identity, as the run does). */
function reference(findings: readonly Finding[]): Finding[] {
  const ids = new WeakMap<object, number>();
  let next = 0;
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      if (v.length <= 16) return v.map(visit);
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = next++));
      return { list: id, length: v.length };
    }
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  const seen = new Set<string>();
  return findings.filter((f) => {
    const r = f.resource;
    const key = JSON.stringify([f.code, r?.kind, r?.namespace, r?.name, f.at?.file, f.at?.doc, f.at?.path, visit(f.args)]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every analyzer's findings before de-duplication. */
function rawFindings(files: Parameters<typeof loadSources>[0]): Finding[] {
  const ws = loadSources(files);
  const sink: Finding[] = [];
  const memo = new Map<string, unknown>();
  for (const a of ANALYZERS) {
    a.analyze(createContext({ analyzer: a.name, index: ws.inputs, config: ws.config, settings: CLI_SETTINGS, sink, loaded: ws.findings, memo, kindsRead: new Set(), forwarded: new Set() }));
  }
  return sink;
}

const at = (path: (string | number)[]): { at: { file: string; doc: number; path: (string | number)[] }; resource: { kind: string; namespace: string; name: string } } => ({
  at: { file: 'a.yaml', doc: 0, path },
  resource: { kind: 'VirtualService', namespace: 'ns', name: 'vs' },
});

test('de-duplication keeps what keying every finding by all of it keeps', () => {
  const long = Array.from({ length: 20 }, (_, i) => `h${i}`);
  const crafted: Finding[] = [
    finding('IST0101', { kind: 'host', name: 'a' }, at(['spec', 'http', 0])),
    finding('IST0101', { kind: 'host', name: 'a' }, at(['spec', 'http', 0])), // repeat: dropped
    finding('IST0101', { kind: 'host', name: 'b' }, at(['spec', 'http', 0])), // same site, other args: kept
    finding('IST0101', { kind: 'host', name: 'b' }, at(['spec', 'http', 0])), // repeat of the third: dropped
    finding('IST0101', { kind: 'host', name: 'a' }, at(['spec', 'http', 1])), // other site: kept
    finding('IST0132', { hosts: long, virtualService: { kind: 'VirtualService', namespace: 'ns', name: 'vs' }, gateway: { kind: 'Gateway', namespace: 'ns', name: 'g' } }, at(['spec', 'hosts'])),
    finding('IST0132', { hosts: long, virtualService: { kind: 'VirtualService', namespace: 'ns', name: 'vs' }, gateway: { kind: 'Gateway', namespace: 'ns', name: 'g' } }, at(['spec', 'hosts'])), // same long list: dropped
    finding('IST0132', { hosts: [...long], virtualService: { kind: 'VirtualService', namespace: 'ns', name: 'vs' }, gateway: { kind: 'Gateway', namespace: 'ns', name: 'g' } }, at(['spec', 'hosts'])), // an equal copy: kept (by identity)
  ];
  const kept = withoutDuplicates(crafted);
  assert.deepEqual(kept, reference(crafted));
  assert.deepEqual(kept.map((f) => crafted.indexOf(f)), [0, 2, 4, 5, 7]);

  let findings = 0;
  let dropped = 0;
  for (const set of inputSets()) {
    const raw = rawFindings(set.files);
    const want = reference(raw);
    const got = withoutDuplicates(raw);
    assert.equal(got.length, want.length, `${set.name}: as many findings kept`);
    got.forEach((f, i) => assert.equal(f, want[i], `${set.name}: finding ${i} is the same one`));
    findings += raw.length;
    dropped += raw.length - got.length;
  }
  assert.ok(findings > 500, `only ${findings} findings`);
  assert.ok(dropped > 10, `only ${dropped} repeats dropped`);
});
