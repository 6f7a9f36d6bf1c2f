// PEM blocks found the way `/-----BEGIN (T*)-----\r?\n([\s\S]*?)-----END \1-----/g` finds them, in
// linear time: that regex retries every BEGIN against the rest of the text, so a Secret made of BEGIN
// lines cost seconds per few hundred kilobytes. Ends are indexed once by type instead.

export interface PemMatch {
  /** The type named on the BEGIN line. */
  type: string;
  /** The text between BEGIN and END, as the regex's `([\s\S]*?)` captures it. */
  body: string;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';

/**
 * The blocks in order. A type holds no `-` and no line feed; with `crInType: false` no carriage return
 * either (`[^\r\n-]*` rather than `[^\n-]*`).
 */
export function* pemMatches(text: string, crInType: boolean): Generator<PemMatch> {
  const ends = endsByType(text);
  const cursor = new Map<string, number>();
  let from = 0;
  for (;;) {
    const s = text.indexOf(BEGIN, from);
    if (s < 0) return;
    from = s + 1;
    // The type is the longest run of allowed characters (it holds no `-`, so no shorter one can be
    // followed by `-----`).
    let t = s + BEGIN.length;
    while (t < text.length) {
      const c = text.charCodeAt(t);
      if (c === 0x2d || c === 0x0a || (!crInType && c === 0x0d)) break;
      t++;
    }
    if (!text.startsWith(DASHES, t)) continue;
    let b = t + DASHES.length;
    if (text.charCodeAt(b) === 0x0d) b++;
    if (text.charCodeAt(b) !== 0x0a) continue;
    b++;
    const type = text.slice(s + BEGIN.length, t);
    const positions = ends.get(type);
    if (positions === undefined) continue;
    // BEGINs are tried left to right, so the first END at or after the body only moves right.
    let i = cursor.get(type) ?? 0;
    while (i < positions.length && (positions[i] ?? 0) < b) i++;
    cursor.set(type, i);
    const e = positions[i];
    if (e === undefined) continue;
    yield { type, body: text.slice(b, e) };
    from = e + END.length + type.length + DASHES.length;
  }
}

/** Where each `-----END <type>-----` starts, by type (a type runs to the next `-`). */
function endsByType(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let e = text.indexOf(END);
  while (e >= 0) {
    const t = text.indexOf('-', e + END.length);
    if (t < 0) break;
    if (text.startsWith(DASHES, t)) {
      const type = text.slice(e + END.length, t);
      if (!type.includes('\n')) {
        const list = out.get(type);
        if (list) list.push(e);
        else out.set(type, [e]);
      }
    }
    e = text.indexOf(END, e + 1);
  }
  return out;
}

/** The DER bytes of a block's body: RFC 1421 headers ("Proc-Type: ...") skipped; undefined when not base64. */
export function pemDer(body: string): Buffer | undefined {
  const base64 = body.split(/\r?\n/).filter((l) => !l.includes(':')).join('');
  return /^[A-Za-z0-9+/=\s]*$/.test(base64) ? Buffer.from(base64, 'base64') : undefined;
}
