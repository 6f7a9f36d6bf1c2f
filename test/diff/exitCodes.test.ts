// `gwctl diff` exit codes under each --fail-on, the same for every output format; JSON well-formed
// and markdown tables with one cell per column, for every scenario.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/runCli.js';
import { assertTables } from './markdown.js';

interface Row {
  name: string;
  base: string;
  head: string;
  /** Exit codes for new-errors, new-404, any-change. */
  exits: [number, number, number];
}

const scenario = (name: string, exits: Row['exits']): Row => ({ name, base: `fixtures/diff/${name}/base`, head: `fixtures/diff/${name}/head`, exits });

const ROWS: Row[] = [
  { name: 'httpbin fixed', base: 'fixtures/httpbin', head: 'fixtures/httpbin-fixed', exits: [0, 0, 1] },
  { name: 'httpbin broken again', base: 'fixtures/httpbin-fixed', head: 'fixtures/httpbin', exits: [1, 1, 1] },
  { name: 'no change', base: 'fixtures/bookinfo', head: 'fixtures/bookinfo', exits: [0, 0, 0] },
  scenario('weight-shift', [0, 0, 1]),
  scenario('removed-host', [1, 1, 1]),
  scenario('moved-gateway', [1, 1, 1]),
  scenario('reorder', [0, 0, 1]),
  scenario('mesh-shift', [0, 0, 1]),
  scenario('new-error', [1, 0, 1]),
];

const FAIL_ON = ['new-errors', 'new-404', 'any-change'] as const;

for (const row of ROWS) {
  test(`diff exit codes: ${row.name}`, async () => {
    for (const [i, failOn] of FAIL_ON.entries()) {
      for (const output of ['text', 'json', 'markdown']) {
        const run = await runCli(['diff', '--base', row.base, '--head', row.head, '--fail-on', failOn, '-o', output]);
        assert.equal(run.code, row.exits[i], `--fail-on ${failOn} -o ${output}: ${run.stderr}`);
        if (output === 'json') {
          const parsed: unknown = JSON.parse(run.stdout);
          assert.ok(typeof parsed === 'object' && parsed !== null && 'summary' in parsed && 'workloads' in parsed && 'findings' in parsed);
        }
        if (output === 'markdown') assertTables(run.stdout);
      }
    }
    const plain = await runCli(['diff', '--base', row.base, '--head', row.head]);
    assert.equal(plain.code, row.exits[0], 'the default is --fail-on new-errors');
  });
}
