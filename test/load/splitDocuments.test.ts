// splitDocuments finds `---` and `...` lines with indexOf when the text has only LF line breaks: the
// chunks must be those the multiline regex (`^` after LF, CR, U+2028, U+2029) gives, on any text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { splitDocuments } from '../../src/load/documentChunks.js';

/** The split as it was written with the regex alone (the reference). */
function reference(text: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  let start = 0;
  let startLine = 0;
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length - 1;
  for (const m of text.matchAll(/^(---|\.\.\.)(?=[ \t\r\n]|$)/gm)) {
    const at = m.index;
    out.push([start, at, startLine]);
    startLine = lineOf(at);
    if (m[1] === '...') {
      const eol = text.indexOf('\n', at);
      start = eol === -1 ? text.length : eol + 1;
      startLine += 1;
    } else start = at;
  }
  out.push([start, text.length, startLine]);
  return out;
}

const split = (text: string): [number, number, number][] => splitDocuments(text).map((c) => [c.start, c.end, c.lineOffset]);

const CASES = ['', '---', '---\n', '...', '...\n', 'a: 1\n---\nb: 2\n', '---\na: 1\n...\n---\nb: 2', '----\n---x\n--- \n---\t\n', 'a\n...x\n... \n...', 'x\r---\r\n...\r', 'a\u2028---\u2029...', ' ---\n--- # c\n---', '\n\n---\n\n...\n\n'];

test('splitDocuments: the chunks of the regex split, on written cases', () => {
  for (const text of CASES) assert.deepEqual(split(text), reference(text), JSON.stringify(text));
});

test('splitDocuments: the chunks of the regex split, on generated texts', () => {
  const piece = fc.constantFrom('---', '...', '\n', '\r', '\r\n', '\u2028', ' ', '\t', '-', '.', 'a: 1', '#', 'x');
  fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
    const text = parts.join('');
    assert.deepEqual(split(text), reference(text), JSON.stringify(text));
  }), { numRuns: 5000 });
});
