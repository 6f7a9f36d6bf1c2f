// gateway/overlapping-hosts looks each host's broader wildcards up: made from the dots of the host,
// they equal the label-list form (`a.b.c` → `*.b.c`, `*.c`, `*`) on every host of the table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { broader } from '../../src/analysis/analyzers/gateway/overlapping-hosts.js';

/** The reference: labels split, each suffix joined again. */
function reference(dns: string): string[] {
  const labels = dns.split('.');
  const out: string[] = [];
  for (let i = 1; i < labels.length; i++) out.push(`*.${labels.slice(i).join('.')}`);
  if (dns !== '*') out.push('*');
  return out;
}

const HOSTS = ['*', 'a', 'a.b', 'a.b.c', '*.b.c', '*.c', 'a..b', 'a.', '.a', '..', '.', '', 'x.y.z.example.com', '*.'];

test('broader wildcards of a host equal the label-list reference', () => {
  for (const h of HOSTS) assert.deepEqual(broader(h), reference(h), JSON.stringify(h));
  assert.deepEqual(broader('a.b.c'), ['*.b.c', '*.c', '*']);
});
