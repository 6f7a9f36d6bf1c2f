// README.md's finding-code table (between <!-- codes:start --> and <!-- codes:end -->) must be the
// table generated from the catalogue; GWCTL_UPDATE=1 rewrites it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { codeTable } from '../../src/diagnostics/codeTable.js';
import { codes } from '../../src/diagnostics/catalog.js';
import { repoRoot } from '../helpers/paths.js';

const START = '<!-- codes:start -->';
const END = '<!-- codes:end -->';

test('README finding-code table matches the catalogue', () => {
  const file = path.join(repoRoot, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  assert.ok(start >= 0 && end > start, `README.md has ${START} ... ${END}`);
  const current = text.slice(start + START.length, end);
  const wanted = `\n${codeTable()}\n`;
  if (process.env['GWCTL_UPDATE'] === '1') {
    writeFileSync(file, text.slice(0, start + START.length) + wanted + text.slice(end));
    return;
  }
  assert.equal(current, wanted, 'README.md finding codes differ from src/diagnostics/catalog.ts (GWCTL_UPDATE=1 rewrites them)');
});

test('the generated table has one row per code, with filled-in descriptions', () => {
  const rows = codeTable().split('\n').slice(2);
  assert.equal(rows.length, codes().length);
  for (const [i, code] of codes().entries()) {
    const row = rows[i] ?? '';
    assert.ok(row.includes(`\`${code}\``), row);
    assert.equal(row.split(/(?<!\\)\|/).length, 8, `${code}: six cells`);
    assert.ok(!/\[object |NaN|{undefined}/.test(row), `${code}: ${row}`);
  }
  assert.match(codeTable(), /\| `IST0101` \| error \| ReferencedResourceNotFound \| Referenced \{kind\} not found: "\{name\}" \| same \| `KIA0004`, /);
});
