// The one catalogue of finding codes. IST codes mean exactly what istioctl analyze means by them,
// so suppressions and runbooks carry over; GW codes are gwctl's own and are never reused.
// Ranges: GW00xx tool and input, GW01xx references, GW02xx binding, GW03xx routing,
// GW04xx destinations, GW05xx Sidecar and ServiceEntry.

export type Level = 'error' | 'warning' | 'info';

export interface CatalogEntry<A> {
  level: Level;
  /** Istio's message name for IST codes, a short title for GW codes. */
  title: string;
  message: (args: A) => string;
  /** What to do about it, in one sentence. */
  remedy: string;
}

const entry = <A>(e: CatalogEntry<A>): CatalogEntry<A> => e;

export const catalog = {
  GW0001: entry<{ reason: string }>({
    level: 'error',
    title: 'YAML syntax error',
    message: (a) => `YAML syntax error: ${a.reason}`,
    remedy: 'Fix the syntax at the line shown; the other documents were still analysed.',
  }),
  GW0002: entry<{ detail: string }>({
    level: 'error',
    title: 'Not a text file',
    message: (a) => `file is not UTF-8 text (${a.detail}); it was skipped`,
    remedy: 'Pass only YAML or JSON manifests, saved as UTF-8.',
  }),
  GW0003: entry<{ nodes: number; limit: number }>({
    level: 'error',
    title: 'Alias expansion too large',
    message: (a) =>
      `document expands YAML aliases to more than ${a.limit} values (a "billion laughs" pattern); it was skipped`,
    remedy: 'Write the repeated values out, or use fewer nested aliases.',
  }),
  GW0004: entry<Record<string, never>>({
    level: 'error',
    title: 'Unrendered template',
    message: () => 'document looks like an unrendered Helm or Go template ({{ ... }}); it was skipped',
    remedy: 'Render it first (`helm template ...`) and pass the output to gwctl.',
  }),
  GW0005: entry<{ missing: string }>({
    level: 'warning',
    title: 'Not a Kubernetes object',
    message: (a) => `document has no ${a.missing}, so it is not a Kubernetes object; it was ignored`,
    remedy: 'Add apiVersion and kind, or remove the document if it is not a manifest.',
  }),
  GW0006: entry<{ field: string; kind: string; suggestion: string }>({
    level: 'warning',
    title: 'Unknown field',
    message: (a) =>
      `unknown field "${a.field}" in ${a.kind}${a.suggestion ? `; did you mean "${a.suggestion}"?` : ''} (Istio ignores or rejects it)`,
    remedy: 'Fix the spelling or remove the field.',
  }),
  GW0007: entry<{ kind: string; detail: string }>({
    level: 'error',
    title: 'Invalid Kubernetes object',
    message: (a) => `invalid ${a.kind}: ${a.detail}`,
    remedy: 'Fix the value at the line shown.',
  }),
  GW0008: entry<{ kind: string; name: string; otherFile: string; otherLine: number }>({
    level: 'warning',
    title: 'Resource defined twice',
    message: (a) =>
      `${a.kind} ${a.name} is also defined at ${a.otherFile}:${a.otherLine}; the cluster keeps only one (the one applied last, here the one at ${a.otherFile}:${a.otherLine}), so gwctl uses that`,
    remedy: 'Remove one of the definitions or give them different names.',
  }),
  GW0009: entry<{ kind: string; apiVersion: string; expected: string }>({
    level: 'error',
    title: 'Unknown apiVersion',
    message: (a) => `${a.kind} with apiVersion "${a.apiVersion}" is not served; use ${a.expected}`,
    remedy: 'Use one of the apiVersions listed.',
  }),
  GW0010: entry<{ path: string }>({
    level: 'info',
    title: 'No manifests',
    message: (a) => `no YAML or JSON documents found in ${a.path}`,
    remedy: 'Check the path, or pass the folder that holds the manifests.',
  }),
  GW0011: entry<{ path: string; reason: string }>({
    level: 'warning',
    title: 'Entry skipped',
    message: (a) => `skipped ${a.path}: ${a.reason}`,
    remedy: 'Fix the file or folder permissions, or remove the link.',
  }),
  IST0106: entry<{ detail: string }>({
    level: 'error',
    title: 'SchemaValidationError',
    message: (a) => `Schema validation error: ${a.detail}`,
    remedy: 'Fix the value at the line shown; the API server webhook would reject this resource.',
  }),
  IST0133: entry<{ detail: string }>({
    level: 'warning',
    title: 'SchemaWarning',
    message: (a) => `Schema validation warning: ${a.detail}`,
    remedy: 'Review the value at the line shown.',
  }),
} as const;

export type Code = keyof typeof catalog;
export type ArgsOf<C extends Code> = (typeof catalog)[C] extends CatalogEntry<infer A> ? A : never;

export const codes = (): Code[] => Object.keys(catalog) as Code[];

export function isCode(value: string): value is Code {
  return Object.prototype.hasOwnProperty.call(catalog, value);
}

/** The documentation link for a code (Istio's pages for IST codes). */
export function docsUrl(code: Code): string {
  return code.startsWith('IST')
    ? `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`
    : `https://github.com/gwctl/gwctl/blob/main/README.md#${code.toLowerCase()}`;
}
