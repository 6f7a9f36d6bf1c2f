// Prose that names resources and places (a fix, a reason a server was dropped, the rule a request
// missed): the names and places inside stay data until src/report renders the text, so one
// function prints every resource and every file:line.
import type { At } from './path.js';
import type { NamedRef } from './ref.js';

export type TextPart = string | { readonly ref: NamedRef } | { readonly site: At };

export interface Text {
  readonly parts: readonly TextPart[];
}

type TextValue = string | number | Text | { readonly ref: NamedRef } | { readonly site: At };

const isText = (v: TextValue): v is Text => typeof v === 'object' && 'parts' in v;

/** A tagged template: text`add ${host} to VirtualService ${ref(vs)} (${site(at)})`. */
export function text(strings: TemplateStringsArray, ...values: readonly TextValue[]): Text {
  const parts: TextPart[] = [];
  const add = (p: TextPart): void => {
    if (p === '') return;
    const last = parts[parts.length - 1];
    if (typeof p === 'string' && typeof last === 'string') parts[parts.length - 1] = last + p;
    else parts.push(p);
  };
  strings.forEach((s, i) => {
    add(s);
    if (i >= values.length) return;
    const v = values[i] as TextValue;
    if (typeof v === 'string' || typeof v === 'number') add(String(v));
    else if (isText(v)) for (const p of v.parts) add(p);
    else add(v);
  });
  return { parts };
}

/** A resource inside a text, printed `namespace/name`. */
export const ref = (r: NamedRef): { ref: NamedRef } => ({ ref: { namespace: r.namespace, name: r.name } });

/** A place inside a text, printed `file:line`. */
export const site = (at: At): { site: At } => ({ site: at });

/** Plain text. */
export const plain = (s: string): Text => ({ parts: s === '' ? [] : [s] });

/** Texts joined by a separator. */
export function joinText(texts: readonly Text[], sep: string): Text {
  const parts: TextPart[] = [];
  texts.forEach((t, i) => {
    if (i > 0) parts.push(sep);
    parts.push(...t.parts);
  });
  return text`${{ parts }}`;
}

export const isEmptyText = (t: Text): boolean => t.parts.length === 0;
