// When gwctl colours its output: no-color.org (NO_COLOR non-empty turns it off; empty does not),
// force-color.org (FORCE_COLOR non-empty turns it on, 0/false off as chalk reads them), TERM=dumb.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorOn } from '../../src/cli/color.js';
import { runCli } from '../helpers/runCli.js';

const CASES: readonly { env: Record<string, string>; isTTY: boolean; on: boolean }[] = [
  { env: {}, isTTY: true, on: true },
  { env: {}, isTTY: false, on: false },
  { env: { NO_COLOR: '1' }, isTTY: true, on: false },
  { env: { NO_COLOR: 'false' }, isTTY: true, on: false },
  { env: { NO_COLOR: '' }, isTTY: true, on: true },
  { env: { TERM: 'dumb' }, isTTY: true, on: false },
  { env: { FORCE_COLOR: '1' }, isTTY: false, on: true },
  { env: { FORCE_COLOR: '' }, isTTY: false, on: false },
  { env: { FORCE_COLOR: '0' }, isTTY: true, on: false },
  { env: { FORCE_COLOR: 'false' }, isTTY: true, on: false },
  { env: { FORCE_COLOR: '1', NO_COLOR: '1' }, isTTY: true, on: true },
];

for (const c of CASES) {
  test(`colour ${c.on ? 'on' : 'off'} with ${JSON.stringify(c.env)} ${c.isTTY ? 'on a terminal' : 'in a pipe'}`, () => {
    assert.equal(colorOn({ env: c.env, isTTY: c.isTTY }), c.on);
  });
}

test('NO_COLOR= (empty) keeps colour on a terminal, through the CLI', async () => {
  const run = await runCli(['validate', 'test/fixtures/validate/mixed.yaml'], { isTTY: true, env: { NO_COLOR: '' } });
  assert.match(run.stdout, /\u001b\[/);
});
