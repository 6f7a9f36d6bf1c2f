// XML text for JUnit reports: control characters shown as escapes (XML 1.0 cannot carry most of
// them), then the five entities.
import { escapeText } from './escape.js';

export function xmlText(s: string): string {
  return escapeText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** ` k="v"` for each entry, strings escaped. */
export function xmlAttrs(a: Readonly<Record<string, string | number>>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? v : xmlText(v)}"`)
    .join('');
}
