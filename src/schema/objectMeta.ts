// What the API server's ValidateObjectMeta rejects before any webhook or CRD schema runs: object
// names, namespaces and labels. `kubectl apply` fails for such an object.
import { dictOf } from '../load/dict.js';
import type { Path } from '../load/sourceMap.js';
import type { Metadata } from './common.js';
import { isDns1123Label, short } from './validateNames.js';

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

type NameRule = { test: (s: string) => boolean; says: string };

const SUBDOMAIN: NameRule = {
  test: (s) => s.length <= 253 && DNS1123_SUBDOMAIN.test(s),
  says: 'a DNS subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
};
const LABEL: NameRule = {
  test: isDns1123Label,
  says: 'a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
};
/** Services (ValidateServiceName): a DNS-1035 label, so it must start with a letter. */
const SERVICE: NameRule = {
  test: (s) => s.length <= 63 && DNS1035_LABEL.test(s),
  says: 'a DNS-1035 label: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters',
};

/**
 * Every kind gwctl models is named as a DNS subdomain except these (the strictest rule wins only
 * where Kubernetes applies it; for anything else the subdomain rule never rejects a valid name).
 */
const NAME_RULES: Readonly<Record<string, NameRule>> = Object.freeze(dictOf({ Service: SERVICE, Namespace: LABEL }));

/** apimachinery's IsQualifiedName: an optional DNS-subdomain prefix and "/", then a name of at most 63. */
function qualifiedNameValid(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (!SUBDOMAIN.test(prefix)) return false;
  }
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** Reports what the API server would reject in `metadata` (paths relative to the object root). */
export function objectMetaProblems(kind: string, clusterScoped: boolean, meta: Metadata, report: { metadata(path: Path, detail: string): void }): void {
  const rule = NAME_RULES[kind] ?? SUBDOMAIN;
  if (!rule.test(meta.name)) report.metadata(['metadata', 'name'], `metadata.name "${short(meta.name)}" is not a valid ${kind} name: it must be ${rule.says}`);
  const ns = meta.namespace;
  if (!clusterScoped && ns !== undefined && ns !== '' && !LABEL.test(ns)) {
    report.metadata(['metadata', 'namespace'], `metadata.namespace "${short(ns)}" is not a valid namespace name: it must be ${LABEL.says}`);
  }
  const labels = meta.labels;
  if (labels === undefined) return;
  for (const k of Object.keys(labels)) {
    if (!qualifiedNameValid(k)) {
      report.metadata(['metadata', 'labels', k], `label key "${short(k)}" is not valid: an optional DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`);
    }
    const v = labels[k] ?? '';
    if (!(v.length <= 63 && LABEL_VALUE.test(v))) {
      report.metadata(['metadata', 'labels', k], `label value "${short(v)}" of "${short(k)}" is not valid: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, or empty`);
    }
  }
}
