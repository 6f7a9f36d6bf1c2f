// Checks of -o markdown shared by the diff tests.
import assert from 'node:assert/strict';

/** Every row of every markdown table has as many cells as its header (`\|` inside cells does not split). */
export function assertTables(md: string): void {
  const lines = md.split('\n');
  let columns = 0;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      columns = 0;
      continue;
    }
    const cells = line.replace(/\\\|/g, '').split('|').length - 2;
    if (columns === 0) columns = cells;
    else assert.equal(cells, columns, `table row with ${cells} cells instead of ${columns}: ${line}`);
  }
}
