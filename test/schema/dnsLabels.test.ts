// schema/istioChecks.ts's dnsLabelsValid, the one-scan answer to "does dnsLabelsProblem find
// nothing?", held equal to the split-and-regex rule it stands for (Istio's labels and last label):
// on a table of edge cases and on seeded random texts of the characters that matter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsLabelsValid } from '../../src/schema/istioChecks.js';
import { mulberry32 } from '../../bench/prng.js';

/** The rule as dnsLabelsProblem states it: split at dots, the last label not all digits, each label a DNS label. */
function reference(rest: string): boolean {
  const parts = rest.split('.');
  const tld = parts[parts.length - 1] ?? '';
  if (/^[+-]?\d+$/.test(tld)) return false;
  for (let i = 0; i < parts.length; i++) {
    const label = parts[i] ?? '';
    if (i === parts.length - 1 && label === '') return true;
    if (label === '') return false;
    if (!(label.length <= 63 && /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(label))) return false;
  }
  return true;
}

const TABLE: readonly [string, boolean][] = [
  ['example.com', true],
  ['svc-0.checkout-201.example.com', true],
  ['', true],
  ['com.', true],
  ['a..b', false],
  ['.a', false],
  ['a.', true],
  ['a.b..', false],
  ['a.123', false],
  ['a.123.', true],
  ['123.a', true],
  ['a.+12', false],
  ['a.-12', false],
  ['-a.b', false],
  ['a-.b', false],
  ['a.b-', false],
  ['a_b.c', false],
  ['a*.b', false],
  ['A-Z.Example', true],
  [`${'a'.repeat(63)}.b`, true],
  [`${'a'.repeat(64)}.b`, false],
  [`b.${'a'.repeat(64)}`, false],
  ['x.y\n', false],
  ['é.com', false],
  ['1', false],
  ['a.1b', true],
];

test('dnsLabelsValid: the table', () => {
  for (const [text, valid] of TABLE) {
    assert.equal(reference(text), valid, `reference on ${JSON.stringify(text)}`);
    assert.equal(dnsLabelsValid(text), valid, JSON.stringify(text));
  }
});

test('dnsLabelsValid equals the split-and-regex rule on random texts', () => {
  const r = mulberry32(16);
  const alphabet = ['a', 'Z', '0', '9', '-', '.', '.', '_', '+', '*', ' '];
  for (let k = 0; k < 20_000; k++) {
    const long = r() < 0.05;
    const n = Math.floor(r() * (long ? 140 : 12));
    let text = '';
    for (let i = 0; i < n; i++) text += long && r() < 0.9 ? 'a' : (alphabet[Math.floor(r() * alphabet.length)] as string);
    assert.equal(dnsLabelsValid(text), reference(text), JSON.stringify(text));
  }
});
