// The README's table of finding codes, generated from the catalogue so the two cannot drift
// (test/analysis/readmeCodes.test.ts keeps README.md in step). Descriptions are the message
// templates with their arguments shown as {name}; the last columns name what users migrating from
// istioctl or Kiali know the finding as.
import { catalog, codes, type CatalogEntry, type Render } from './catalog.js';

/** Stands for one message argument: prints as {name} whether used as text or as JSON. */
class Placeholder {
  constructor(private readonly name: string) {}
  toString(): string {
    return `{${this.name}}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

const placeholders = new Proxy({} as Record<string, unknown>, {
  get: (_target, key) => (typeof key === 'string' ? new Placeholder(key) : undefined),
});

/** Every argument, whatever its type, prints as its placeholder. */
const asPlaceholder = (value: unknown): string => String(value);
const render: Render = {
  name: asPlaceholder,
  resource: asPlaceholder,
  names: asPlaceholder,
  workload: asPlaceholder,
  join: asPlaceholder,
  list: asPlaceholder,
  site: asPlaceholder,
  text: asPlaceholder,
};

const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** Codes of another tool: `—` when it has none. */
const others = (list: readonly string[] | undefined): string => (list && list.length > 0 ? list.map((c) => `\`${c}\``).join(', ') : '—');

export function codeTable(): string {
  const rows = codes().map((code) => {
    const e = catalog[code] as CatalogEntry<unknown>;
    const anchor = code.startsWith('GW') ? `<a id="${code.toLowerCase()}"></a>` : '';
    // An IST code is istioctl's own; a GW code names the nearest istioctl code, if there is one.
    const istioctl = code.startsWith('IST') ? 'same' : others(e.peers?.istioctl);
    return `| ${anchor}\`${code}\` | ${e.level} | ${cell(e.title)} | ${cell(e.message(placeholders, render))} | ${istioctl} | ${others(e.peers?.kiali)} |`;
  });
  return ['| Code | Level | Title | Description | istioctl | Kiali |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
