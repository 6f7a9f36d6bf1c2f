// Regex cost: each distinct pattern is compiled once per run and run once per subject, however many
// rules repeat it; a program larger than Envoy accepts is a finding and is never run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENVOY_MAX_PROGRAM_SIZE, compileRegex, regexFullMatch, regexWork } from '../../src/schema/regex.js';
import { runCli } from '../helpers/runCli.js';

const HEAVY = '.{0,1000}.{0,1000}.{0,1000}.{0,1000}z';

function rules(n: number, regex: (i: number) => string): string {
  const http = Array.from({ length: n }, (_, i) => `  - match: [{uri: {regex: ${JSON.stringify(regex(i))}}}]\n    route: [{destination: {host: shop}}]\n`).join('');
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: heavy, namespace: default}\nspec:\n  hosts: [shop.example.com]\n  gateways: [gw]\n  http:\n${http}---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: default}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.com]}]\n`;
}

test('1,000 rules with one 37-character pattern: compiled once, run once per path, in every command', { timeout: 300_000 }, async () => {
  const mesh = rules(1000, () => HEAVY);
  for (const args of [['validate', '-'], ['analyze', '-'], ['explain', 'http://shop.example.com/nothing/here', '-f', '-'], ['explain', 'http://shop.example.com/az', '-f', '-', '-o', 'json']]) {
    const before = { ...regexWork };
    const run = await runCli(args, { stdin: mesh });
    assert.ok(run.code === 0 || run.code === 1, `${args.join(' ')}: ${run.stderr}`);
    assert.ok(regexWork.compiled - before.compiled <= 1, `${args.join(' ')} compiled ${regexWork.compiled - before.compiled} times`);
    assert.ok(regexWork.matched - before.matched <= 2000, `${args.join(' ')} matched ${regexWork.matched - before.matched} times`);
  }
});

test('distinct patterns are each compiled once', async () => {
  const before = regexWork.compiled;
  const run = await runCli(['analyze', '-', '-o', 'json'], { stdin: rules(50, (i) => `/r${i}/[a-z]+`) });
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  assert.ok(regexWork.compiled - before <= 50, `${regexWork.compiled - before} compilations for 50 patterns`);
});

test("a program larger than Envoy's limit (Istio sets 32768): GW0390 at the regex, never matched", async () => {
  const big = '(?:abcdefghij){100}'.repeat(33);
  const c = compileRegex(big);
  assert.ok(!c.ok && 'tooLarge' in c && c.programSize > ENVOY_MAX_PROGRAM_SIZE);
  assert.equal(regexFullMatch(big, 'abcdefghij'.repeat(3300)), false, 'Envoy never runs it');
  const mesh = rules(2, (i) => (i === 0 ? big : '/ok/.*'));
  const records = JSON.parse((await runCli(['analyze', '-', '-o', 'json'], { stdin: mesh })).stdout) as { code: string; line: number; message: string }[];
  const hit = records.find((r) => r.code === 'GW0390');
  assert.ok(hit, JSON.stringify(records.map((r) => r.code)));
  assert.equal(hit.line, 8);
  assert.match(hit.message, /about 33,002 instructions; Envoy, as Istio configures it, refuses programs over 32,768/);
  const explain = await runCli(['explain', 'http://shop.example.com/ok/x', '-f', '-'], { stdin: mesh });
  assert.doesNotMatch(explain.stderr, /internal error/);
  assert.match(explain.stdout, /http\[1\]/, 'the request falls through to the rule after the rejected regex');
});
