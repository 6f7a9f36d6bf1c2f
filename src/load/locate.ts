// Positions are the loader's: the one place a finding's JSON path becomes file:line:column.
import type { At } from '../diagnostics/path.js';
import { chunkPosition } from './chunkPositions.js';
import type { ParsedFile } from './parseDocuments.js';

export interface Location {
  file: string;
  line: number;
  column: number;
}

export type Locator = (at: At) => Location;

export function createLocator(files: ReadonlyMap<string, ParsedFile>): Locator {
  return (at) => {
    if (at.position) return { file: at.file, ...at.position };
    const parsed = files.get(at.file);
    if (!parsed || at.doc < 0) return { file: at.file, line: 1, column: 1 };
    const p = chunkPosition(parsed.chunks, at.doc, at.path);
    return { file: at.file, line: p?.line ?? 1, column: p?.column ?? 1 };
  };
}
