// A file's text -> its documents' chunks: where each YAML document's text sits (split at `---` and
// `...` lines) or the whole text of a JSON file, and the compact form a file's chunks are kept in
// after loading. Pure: no parsing here (parseChunk.ts reads a chunk; chunkPositions.ts locates in one).
import type { FileSourceMap } from './sourceMap.js';
import type { PositionTable } from './fastYaml.js';

/**
 * One YAML document of a file: where its text sits in the file's text, kept so that positions can
 * be computed when a finding needs them. The file's text is kept once for all its documents (the
 * values read from it share it too), and a document's text is sliced from it on demand.
 */
export class Chunk {
  /** Whether the document starts with a `---` marker, blanked in `text` so that lines and columns stay true. */
  readonly marker: boolean;
  map: FileSourceMap | undefined = undefined;
  /** A big `kind: List`: where each item starts, recorded in the one parse (see ListItems). */
  items: ListItems | undefined = undefined;
  /**
   * Where every node starts, when fastYaml.ts read the document (positions without a re-parse): the
   * table of all such documents of the file, this one's nodes from node `positionsAt` on (-1: none).
   */
  positions: PositionTable | undefined = undefined;
  positionsAt = -1;

  constructor(
    readonly source: string,
    readonly start: number,
    readonly end: number,
    readonly lineOffset: number,
    readonly json: boolean,
  ) {
    this.marker = !json && source.startsWith('---', start);
  }

  /** `text` of a document with a marker: a copy, made once (a big List's items are located in it one by one). */
  private blanked: string | undefined = undefined;

  /** The document's text, its `---` marker blanked. */
  get text(): string {
    if (!this.marker) return this.body;
    this.blanked ??= '   ' + this.source.slice(this.start + 3, this.end);
    return this.blanked;
  }

  /** The document's text as it is in the file, marker included (no copy: a slice of the file's text). */
  get body(): string {
    return this.source.slice(this.start, this.end);
  }

  get length(): number {
    return this.end - this.start;
  }
}

/**
 * A file's chunks as kept after loading, for the positions of findings: four numbers per document in
 * one array (50,000 Chunk objects weighed 5 MB), made Chunks again on first use.
 */
export function keptChunks(chunks: readonly Chunk[]): () => Chunk[] {
  const first = chunks[0];
  if (!first) return () => [];
  const numbers: number[] = [];
  let positions: PositionTable | undefined;
  let extras: Map<number, Chunk> | undefined;
  chunks.forEach((c, i) => {
    numbers.push(c.start, c.end, c.lineOffset, c.positionsAt);
    positions ??= c.positions;
    // A big List's item index (or a map already built): this chunk is kept as it is.
    if (c.items || c.map) (extras ??= new Map()).set(i, c);
  });
  const count = chunks.length;
  const { source, json } = first;
  let made: Chunk[] | undefined;
  return () => {
    made ??= Array.from({ length: count }, (_, i) => {
      const kept = extras?.get(i);
      if (kept) return kept;
      const c = new Chunk(source, numbers[i * 4] ?? 0, numbers[i * 4 + 1] ?? 0, numbers[i * 4 + 2] ?? 0, json);
      c.positionsAt = numbers[i * 4 + 3] ?? -1;
      if (c.positionsAt >= 0) c.positions = positions;
      return c;
    });
    return made;
  };
}

/**
 * Where each item of a big `kind: List` sits in its chunk's text (offset, start of its line, line
 * number), and where the list ends. A finding's position is then found by re-reading only its item,
 * not the whole document: in a 60 MB kubectl dump with thousands of findings, re-reading the
 * document cost as much as reading it.
 */
export interface ListItems {
  starts: number[];
  lineStarts: number[];
  lines: number[];
  end: number;
  maps: Map<number, FileSourceMap | null>;
}

/** The chunks of a file's text: a JSON file whole, YAML split into its documents. */
export function chunksOf(name: string, text: string): Chunk[] {
  const json = /\.json$/i.test(name) || /^\s*[[{]/.test(text.slice(0, 64)) && looksLikeJson(text);
  return json ? [new Chunk(text, 0, text.length, 0, true)] : splitDocuments(text);
}

function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{"') || t.startsWith('[') || t.startsWith('{\n') || t.startsWith('{\r');
}

/** Splits at `---` lines; the marker is blanked (in the chunk's `text`) so that lines and columns stay true. */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const lineAt = lineCounter(text);
  let start = 0;
  let startLine = 0;
  for (const marker of markers(text)) {
    // Even: a `---` at marker / 2; odd: a `...`.
    const at = Math.floor(marker / 2);
    chunks.push(new Chunk(text, start, at, startLine, false));
    startLine = lineAt(at);
    if (marker % 2 === 1) {
      const eol = text.indexOf('\n', at);
      start = eol === -1 ? text.length : eol + 1;
      startLine += 1;
    } else {
      start = at;
    }
  }
  chunks.push(new Chunk(text, start, text.length, startLine, false));
  return chunks;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * Where the `---` and `...` lines start, MARKER's matches, as 2 × offset (+ 1 for `...`). Text with only
 * LF line breaks (no CR, U+2028 or U+2029, which also start a line for the regex's `^`) is searched
 * with indexOf, without a match object per document.
 */
function markers(text: string): number[] {
  const out: number[] = [];
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) {
    for (const m of text.matchAll(MARKER)) out.push(m.index * 2 + (m[1] === '...' ? 1 : 0));
    return out;
  }
  const isMarker = (at: number): boolean => {
    const c = text.charCodeAt(at + 3);
    return at + 3 >= text.length || c === 0x20 || c === 0x09 || c === 0x0a;
  };
  // A marker at the very start, then after each line break.
  let dash = text.startsWith('---') ? 0 : nextAfterBreak(text, '\n---', 0);
  let dots = text.startsWith('...') ? 0 : nextAfterBreak(text, '\n...', 0);
  while (dash !== -1 || dots !== -1) {
    const isDots = dash === -1 || (dots !== -1 && dots < dash);
    const at = isDots ? dots : dash;
    if (isMarker(at)) out.push(at * 2 + (isDots ? 1 : 0));
    if (isDots) dots = nextAfterBreak(text, '\n...', at + 1);
    else dash = nextAfterBreak(text, '\n---', at + 1);
  }
  return out;
}

/** Where the text after the line break of the next `needle` (a line break and three characters) from `from` starts; -1 if none. */
function nextAfterBreak(text: string, needle: string, from: number): number {
  const i = text.indexOf(needle, from - 1 < 0 ? 0 : from - 1);
  return i === -1 ? -1 : i + 1;
}

function lineCounter(text: string): (offset: number) => number {
  let line = 0;
  let pos = 0;
  return (offset) => {
    for (let nl = text.indexOf('\n', pos); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) line++;
    pos = Math.max(pos, offset);
    return line;
  };
}
