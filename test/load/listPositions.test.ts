// Positions inside a big `kind: List` come from re-reading only the item that holds the field
// (chunkPositions.ts itemPosition); they must equal what re-reading the whole document gives. The
// fast reader (load/fastYaml.ts) records positions in its one pass instead: every case is checked
// both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { chunkPosition } from '../../src/load/chunkPositions.js';
import { parseFile } from '../../src/load/parseDocuments.js';
import { useFastYaml } from '../../src/load/parseChunk.js';
import { buildSourceMap, type Path } from '../../src/load/sourceMap.js';

const enc = new TextEncoder();

/** Every path into a value (keys and indexes), the value's own path first. */
function pathsOf(v: unknown, base: Path = [], out: Path[] = []): Path[] {
  out.push(base);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...base, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...base, k], out);
  return out;
}

/**
 * Checks every path of the given items; returns the items that were not located from their own
 * lines (none when the fast reader read the document: its positions come from its one pass).
 */
function compare(text: string, itemIndexes: readonly number[], doc = 0, fast = false): number[] {
  const was = useFastYaml(fast);
  let parsed;
  try {
    parsed = parseFile({ name: 'list.yaml', bytes: enc.encode(text) });
  } finally {
    useFastYaml(was);
  }
  const chunk = parsed.chunks[doc];
  assert.ok(chunk, 'the List chunk');
  const value = yaml.load(chunk.text) as { items: unknown[] };
  const whole = buildSourceMap(chunk.text, false);
  for (const i of itemIndexes) {
    for (const p of pathsOf(value.items[i], ['items', i])) {
      const got = chunkPosition(parsed.chunks, doc, p);
      const q = whole.positionOf(0, p);
      assert.deepEqual(got, { line: q.line + chunk.lineOffset, column: q.column }, `item ${i}, path ${JSON.stringify(p)}`);
    }
  }
  if (fast && chunk.positions) return [];
  assert.ok(chunk.items, 'the items were indexed in the one parse');
  return [...chunk.items.maps].filter(([, m]) => m === null).map(([i]) => i);
}

const configMap = (i: number): string => `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: cm-${i}
    labels: {app: a-${i}, tier: "web"}
  data:
    key: value-${i}
`;
const padding = (from: number, n: number): string => Array.from({ length: n }, (_, i) => configMap(from + i)).join('');

test('a big List: positions from the item alone equal those from the whole document', () => {
  const special = [
    // 0: an ordinary item
    configMap(0),
    // 1: comments at column 0 and blank lines around it
    `# a comment between items\n\n- apiVersion: v1   # trailing\n  kind: Service\n  metadata:\n    name: s\n  spec:\n    ports:\n    - {port: 80, name: http}\n    -   port: 81\n        name: x\n\n# another\n`,
    // 2: a block scalar with a line that looks like an item
    `- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: scalar}\n  data:\n    script: |\n      - not an item\n      items:\n    after: yes\n`,
    // 3: an ordinary item, but followed by a dash alone on its line (read with the whole document)
    configMap(3),
    // 4: the item starts on the line after its dash (read with the whole document)
    `-\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: next-line\n`,
    // 5: a flow item
    `- {apiVersion: v1, kind: ConfigMap, metadata: {name: flow}, data: {a: "1"}}\n`,
    // 6: an anchor, used by 7 (an alias to another item cannot be read alone)
    `- &shared\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: anchored}\n`,
    `- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: alias\n  data: *shared\n`,
    // 8: a nested List
    `- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: inner}\n`,
    // 9: quoted keys, multi-line quoted value
    `- "apiVersion": v1\n  'kind': ConfigMap\n  metadata:\n    name: "multi\n      line"\n`,
  ];
  const text = `apiVersion: v1\nkind: List\nitems:\n${special.join('')}${padding(100, 700)}metadata:\n  resourceVersion: ""\n`;
  assert.ok(text.length > 1 << 16);
  const slow = compare(text, [...special.keys(), 10, 500, 709]);
  assert.deepEqual(slow, [3, 4, 7]);
  // An alias: the fast reader hands the document to js-yaml, which indexes the items as above.
  assert.deepEqual(compare(text, [...special.keys(), 10, 500, 709], 0, true), [3, 4, 7]);
  const plain = text.replace('- &shared\n', '-\n').replace('data: *shared', 'data: {}');
  assert.deepEqual(compare(plain, [...special.keys(), 10, 500, 709], 0, true), []);
});

test('a big List as a later document, with its items indented under `items:`', () => {
  const indented = padding(0, 600).replace(/^/gm, '  ').replace(/ +$/, '');
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n---\n# the dump\napiVersion: v1\nkind: List\nitems:\n${indented}`;
  assert.deepEqual(compare(text, [0, 1, 299, 599], 1), []);
  assert.deepEqual(compare(text, [0, 1, 299, 599], 1, true), []);
});

test('generated Lists: every path of every item is where the whole document puts it', () => {
  const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));
  const item = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), scalar, { maxKeys: 3 })), { minKeys: 1, maxKeys: 5 });
  fc.assert(
    fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), fc.integer({ min: -1, max: 3 }), fc.boolean(), (items, flowLevel, comments) => {
      let body = yaml.dump({ items }, { flowLevel, lineWidth: -1, noArrayIndent: true }).replace(/^items:.*\n?/, '');
      if (comments) body = body.replace(/^- /gm, '# between\n- ');
      if (!body.startsWith('-') && !body.startsWith('#') && !body.startsWith(' ')) return; // a flow `items: [...]`
      const text = `apiVersion: v1\nkind: List\nitems:\n${body}${body.endsWith('\n') ? '' : '\n'}${padding(0, 700)}`;
      assert.deepEqual(compare(text, items.map((_, i) => i), 0, true), []);
      const slow = compare(text, items.map((_, i) => i));
      // Only an item followed by a dash alone on its line (an empty item's key) is read with the whole document.
      assert.ok(slow.length === 0 || /^-$/m.test(body), JSON.stringify(body));
    }),
    { numRuns: 60, seed: 16 },
  );
});
