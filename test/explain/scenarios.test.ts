// Table-driven: each row of fixtures/explain/scenarios.yaml (manifests + request) -> the JSON contract
// fields that matter for that scenario and the causes it must report, through app.explain as the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain, parseRequest } from '../../src/app/explain.js';
import { loadSources } from '../../src/app/load.js';
import { explainRecord, type ExplainRecord } from '../../src/report/views/explainRecord.js';
import { readScenarios, scenarioFiles, type Scenario } from './scenarioTable.js';

function explainScenario(row: Scenario): ExplainRecord {
  const loaded = loadSources(scenarioFiles(row), { ...(row.strict !== undefined ? { strict: row.strict } : {}), ...(row.assumeHosts ? { assumeHosts: row.assumeHosts } : {}) });
  // As `gwctl explain` asks: --from is a sidecar, otherwise --gateway (or the default gateway).
  const proxy = row.from !== undefined ? { target: row.from, as: 'sidecar' as const } : { ...(row.gateway !== undefined ? { target: row.gateway } : {}), as: 'gateway' as const };
  return explainRecord(explain(loaded, parseRequest(row.request), proxy).result, loaded.locate);
}

for (const row of readScenarios()) {
  test(row.name, () => {
    const r = explainScenario(row);
    const trace = r.trace.map((s) => s.detail).join(' | ');
    for (const [k, v] of Object.entries(row.expect)) {
      const got = k === 'assumptions' ? r.assumptions.map((a) => `${a.subject} ${a.name}`) : r[k as keyof ExplainRecord];
      assert.deepEqual(got, v, `${k} (trace: ${trace})`);
    }
    if (row.firstCause !== undefined) assert.equal(r.causes[0]?.code, row.firstCause, `first cause (got ${r.causes.map((c) => c.code).join(', ')})`);
    if (row.causes) {
      if (row.causes.length === 0) assert.deepEqual(r.causes, []);
      for (const want of row.causes) {
        const got = r.causes.find((c) => c.code === want.code && (want.fix === undefined || new RegExp(want.fix).test(c.fix)) && (want.message === undefined || new RegExp(want.message).test(c.message)));
        assert.ok(got, `expected cause ${want.code}; got ${JSON.stringify(r.causes.map((c) => [c.code, c.message, c.fix]), null, 1)} (trace: ${trace})`);
        assert.ok(got.file === null || got.line !== null);
      }
    }
  });
}
