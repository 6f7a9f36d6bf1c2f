// Goldens for people and scripts: the seed scenario before and after the fix (GWCTL_UPDATE=1 rewrites).
import { test } from 'node:test';
import { assertGolden } from '../helpers/golden.js';

const runs: string[][] = [
  ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin'],
  ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed'],
  ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin', '-o', 'json'],
  ['explain', 'http://httpbin.local/ip', '-f', 'fixtures/httpbin-fixed', '-o', 'json'],
  // bookinfo: an exact-path match, its trailing-slash near miss, and a request from a sidecar
  ['explain', 'http://bookinfo.example.com/productpage', '-f', 'fixtures/bookinfo'],
  ['explain', 'http://productcatalog:3550/x', '-f', 'fixtures/explain/canary-no-pods', '--from', 'frontend.shop'],
  ['explain', 'http://shop.example.com/', '-f', 'fixtures/explain/shop/gateway.yaml', '-f', 'fixtures/explain/shop/service.yaml', '-f', 'fixtures/explain/partly-missing-subset.yaml'],
  ['explain', 'http://bookinfo.example.com/productpage/', '-f', 'fixtures/bookinfo'],
  ['explain', 'http://reviews:9080/reviews/0', '-f', 'fixtures/bookinfo', '--from', 'productpage-v1.default'],
  ['explain', 'http://reviews:9080/reviews/0', '-f', 'fixtures/bookinfo', '--from', 'productpage-v1.default', '-o', 'json'],
];

for (const args of runs) test(args.join(' '), async () => assertGolden(args));
