// Goldens for `gwctl diff` (named by the command line under test/golden/): the seed fixture before ->
// after, a weight shift, a removed host, a VirtualService moved to another gateway, rules reordered
// (one reordering Envoy evaluates the same, one it does not), and the usage errors.
import { test } from 'node:test';
import { assertGolden, selected } from '../helpers/golden.js';

const pair = (name: string): string[] => ['--base', `fixtures/diff/${name}/base`, '--head', `fixtures/diff/${name}/head`];

const RUNS: string[][] = [
  ['diff', '--base', 'fixtures/httpbin', '--head', 'fixtures/httpbin-fixed'],
  ['diff', '--base', 'fixtures/httpbin', '--head', 'fixtures/httpbin-fixed', '-o', 'markdown'],
  ['diff', '--base', 'fixtures/httpbin', '--head', 'fixtures/httpbin-fixed', '-o', 'json'],
  // the same change read backwards: the fix undone is a request that starts failing
  ['diff', '--base', 'fixtures/httpbin-fixed', '--head', 'fixtures/httpbin'],
  ['diff', ...pair('weight-shift')],
  ['diff', ...pair('weight-shift'), '-o', 'markdown'],
  ['diff', ...pair('removed-host')],
  ['diff', ...pair('removed-host'), '-o', 'markdown'],
  ['diff', ...pair('moved-gateway')],
  ['diff', ...pair('moved-gateway'), '-o', 'json'],
  ['diff', ...pair('moved-gateway'), '--gateway', 'ingress-internal.istio-system'],
  ['diff', ...pair('reorder')],
  ['diff', ...pair('mesh-shift')],
  ['diff', ...pair('mesh-shift'), '--from', 'productpage-v1.shop', '-o', 'markdown'],
  ['diff', ...pair('new-error')],
  // nothing changes: no workload, request or finding is listed
  ['diff', '--base', 'fixtures/bookinfo', '--head', 'fixtures/bookinfo'],
  // usage errors: exit 2
  ['diff'],
  ['diff', '--base', 'fixtures/httpbin'],
  ['diff', 'fixtures/httpbin'],
  ['diff', ...pair('weight-shift'), '--git-base', 'HEAD'],
  ['diff', ...pair('weight-shift'), '--fail-on', 'everything'],
  ['diff', ...pair('weight-shift'), '--gateway', 'a', '--from', 'b'],
  ['diff', '--base', 'fixtures/httpbin', '--head', 'fixtures/does-not-exist'],
];

for (const args of RUNS) {
  const name = args.join(' ');
  if (!selected(name)) continue;
  test(`golden: gwctl ${name}`, async () => {
    await assertGolden(args);
  });
}
