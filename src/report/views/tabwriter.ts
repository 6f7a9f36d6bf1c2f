// Go text/tabwriter with minwidth 0, padchar ' ', flags 0, as istioctl uses it: every cell but the
// last of a line is padded to its column's widest cell plus `padding`; the last cell is not padded.
// Widths count code points, as Go counts runes. Cells hold names and matches from the manifests, so
// each is escaped here, the one place every table passes through.
import { escapeText } from '../escape.js';

const width = (s: string): number => [...s].length;

export function tabwrite(input: readonly (readonly string[])[], padding: number): string {
  const rows = input.map((row) => row.map(escapeText));
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) widths[i] = Math.max(widths[i] ?? 0, width(row[i] ?? ''));
  }
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const cell = row[i] ?? '';
      line += i < row.length - 1 ? cell + ' '.repeat((widths[i] ?? 0) - width(cell) + padding) : cell;
    }
    out += `${line}\n`;
  }
  return out;
}
