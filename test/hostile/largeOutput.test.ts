// Output too large for one string: proxy-config JSON is written in pieces that join to exactly the
// text a single JSON.stringify would give (istioctl's bytes), never holding the whole text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { goJson, goJsonChunks } from '../../src/report/views/goJson.js';
import { runCli } from '../helpers/runCli.js';

test('the pieces join to goJson, for any JSON value (and undefined members)', () => {
  const value = fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined))), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))));
  fc.assert(
    fc.property(value, (v) => {
      assert.equal([...goJsonChunks(v)].join(''), goJson(v));
    }),
    { numRuns: 300, seed: 13 },
  );
  const odd = { a: [], b: {}, c: [[], [{}], [{ '<&>': '\u2028\u202e\u009b' }]], d: { e: { f: [1, { g: 'h' }] } } };
  assert.equal([...goJsonChunks(odd)].join(''), goJson(odd));
});

test('a large dump comes in pieces of about 64 KB', () => {
  const clusters = Array.from({ length: 20_000 }, (_, i) => ({ name: `outbound|80||svc-${i}.ns.svc.cluster.local`, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' } } }));
  const chunks = [...goJsonChunks(clusters)];
  assert.ok(chunks.length > 10);
  assert.ok(chunks.every((c) => c.length < 70_000), `${Math.max(...chunks.map((c) => c.length))} characters`);
  assert.equal(chunks.join(''), goJson(clusters));
});

test('proxy-config -o json prints the same bytes through the streamed writer', async () => {
  for (const type of ['cluster', 'listener', 'route', 'all']) {
    const run = await runCli(['proxy-config', type, '-f', 'fixtures/bookinfo', '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${goJson(JSON.parse(run.stdout))}\n`, type);
  }
});
