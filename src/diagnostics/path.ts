// Where in a document a finding points: a JSON path, and the position it has in the file. The
// types live here, at the bottom floor, so findings can carry them; src/load/locate.ts fills them in.

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface Position {
  /** 1-based line */
  line: number;
  /** 1-based column */
  column: number;
}

/** `spec.http[0].route[1].destination.host`: the form users see in kubectl and istioctl. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** Where a finding (or a place named in one) points: a field of a document, or a whole file. */
export interface At {
  file: string;
  /** Index of the document in the file; -1 for the file as a whole. */
  doc: number;
  path: Path;
  /** Exact position when it is known without the source map (e.g. a parse error). */
  position?: Position;
}
