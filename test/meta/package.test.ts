// What a fresh install shows: a LICENSE that is the license package.json names, and repository,
// homepage and bugs URLs that agree with the links gwctl prints (GW code documentation, SARIF's
// informationUri).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { docsUrl } from '../../src/diagnostics/catalog.js';
import { repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/runCli.js';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  license: string;
  repository?: { type: string; url: string };
  homepage?: string;
  bugs?: { url: string };
};

test('LICENSE holds the license package.json names', () => {
  const text = readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8');
  assert.equal(pkg.license, 'Apache-2.0');
  assert.match(text, /^\s*Apache License\s+Version 2\.0, January 2004/);
  assert.match(text, /END OF TERMS AND CONDITIONS/);
});

test('repository, homepage and bugs agree with the documentation links gwctl prints', async () => {
  const repo = pkg.repository?.url.replace(/^git\+/, '').replace(/\.git$/, '');
  assert.ok(repo, 'package.json declares its repository');
  assert.equal(pkg.homepage, `${repo}#readme`);
  assert.equal(pkg.bugs?.url, `${repo}/issues`);
  assert.ok(docsUrl('GW0203').startsWith(`${repo}/blob/main/README.md#`), docsUrl('GW0203'));
  const sarif = JSON.parse((await runCli(['analyze', 'fixtures/httpbin', '-o', 'sarif'])).stdout) as { runs: { tool: { driver: { informationUri: string } } }[] };
  assert.equal(sarif.runs[0]?.tool.driver.informationUri, repo);
});
