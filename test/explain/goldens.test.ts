// Goldens for people and scripts: the seed scenario before and after the fix (GWCTL_UPDATE=1 rewrites).
import { test } from 'node:test';
import { assertGolden } from '../helpers/golden.js';

const runs: string[][] = [
  ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin'],
  ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed'],
  ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin', '-o', 'json'],
  ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed', '-o', 'json'],
];

for (const args of runs) test(args.join(' '), async () => assertGolden(args));
