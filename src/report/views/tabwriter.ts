// Go text/tabwriter with minwidth 0, padchar ' ', flags 0, as istioctl uses it: every cell but the
// last of a line is padded to its column's widest cell plus `padding`; the last cell is not padded.
// Widths count code points, as Go counts runes. Cells hold names and matches from the manifests, so
// each is escaped here, the one place every table passes through.
import { escapeText } from '../escape.js';

const SURROGATE = /[\ud800-\udfff]/;
/** Code points; without surrogates (almost every cell) that is the length, without an array of characters. */
export const cellWidth = (s: string): number => (SURROGATE.test(s) ? [...s].length : s.length);

/** Lines are joined into writes of about this many characters. */
export const WRITE_SIZE = 1 << 16;

/** A table's rows (header first) and the padding after every column but the last. */
export interface TextTable {
  rows: readonly (readonly string[])[];
  padding: number;
}

export function tabwrite(input: readonly (readonly string[])[], padding: number): string {
  return [...tabwriteChunks({ rows: input, padding })].join('');
}

/** The table's text in pieces of about 64 KB (a route table of a big mesh is tens of MB). */
export function* tabwriteChunks(table: TextTable): Generator<string> {
  const rows = table.rows.map((row) => row.map(escapeText));
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) widths[i] = Math.max(widths[i] ?? 0, cellWidth(row[i] ?? ''));
  }
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const cell = row[i] ?? '';
      line += i < row.length - 1 ? cell + ' '.repeat((widths[i] ?? 0) - cellWidth(cell) + table.padding) : cell;
    }
    out += `${line}\n`;
    if (out.length >= WRITE_SIZE) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}
