// YAML read as the Kubernetes API server and kubectl read it: sigs.k8s.io/yaml converts YAML to JSON
// with go-yaml v2, whose plain scalars follow YAML 1.1 (goyaml.v2/resolve.go), not js-yaml's YAML 1.2:
//
//   `010` is 8 (octal), `0b101` is 5, `1_000` is 1000, `0x_1F` is 31;
//   y/Y/yes/Yes/YES/on/On/ON are true, n/N/no/No/NO/off/Off/OFF are false (so `hosts: [on]` is a
//   type error for the API server, and a key `on:` is the key "true");
//   date-like values stay strings (go-yaml v2 decodes timestamps into interface{} as their text,
//   where js-yaml's default schema makes a Date and dropped the Deployment with a false error).
//
// Only the resolution of plain (unquoted) scalars differs; js-yaml's parser is kept and given a
// schema (js-yaml Types) that resolves them as go-yaml v2 does. A value a YAML 1.2 tool (yq, a
// JavaScript or Python 1.2 parser, an editor) would read differently is reported: `misreads`.
import yaml from 'js-yaml';

/** What a plain scalar becomes. */
export type Scalar = null | boolean | number | string;

const BOOLS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s): [string, boolean] => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s): [string, boolean] => [s, false]),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s): [string, number] => [s, Number.NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s): [string, number] => [s, Number.POSITIVE_INFINITY]),
  ...['-.inf', '-.Inf', '-.INF'].map((s): [string, number] => [s, Number.NEGATIVE_INFINITY]),
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's strconv.ParseInt(s, 0, 64) syntax (then ParseUint, then big.Int: all JSON numbers). */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

/** Resolution of a plain scalar by go-yaml v2 into JSON (sigs.k8s.io/yaml YAMLToJSON). */
export function kubernetesScalar(s: string): Scalar {
  const c = s.charCodeAt(0);
  // Most scalars are names: a first letter that starts no bool or null ends it here.
  if (c >= 0x61 && c <= 0x7a && c !== 0x79 && c !== 0x6e && c !== 0x74 && c !== 0x66 && c !== 0x6f) return s;
  if (NULLS.has(s)) return null;
  // go-yaml's hint table: only these first characters can start anything but a string.
  if (c === 0x2e /* . */) {
    const special = SPECIAL_FLOATS.get(s);
    if (special !== undefined) return special;
    return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? Number(s) : s;
  }
  const digitOrSign = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d;
  if (!digitOrSign) {
    const bool = BOOLS.get(s);
    return bool ?? s;
  }
  const special = SPECIAL_FLOATS.get(s);
  if (special !== undefined) return special;
  // A timestamp stays its text; no timestamp is also a number, so it needs no test of its own.
  const plain = s.includes('_') ? s.replace(/_/g, '') : s;
  const int = GO_INT.exec(plain);
  if (int) return goInteger(int[1] ?? '', int[2] ?? '0');
  if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
  return s;
}

function goInteger(sign: string, digits: string): number {
  // BigInt reads 0x/0o/0b prefixes; a leading 0 alone is Go's (and YAML 1.1's) octal.
  const n = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
  return Number(sign === '-' ? -n : n);
}

/** Resolution of a plain scalar by the YAML 1.2 core schema (what other tools read). */
export function yaml12Scalar(s: string): Scalar {
  if (NULLS.has(s)) return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o[0-7]+$/.test(s)) return Number(BigInt(`0o${s.slice(2)}`));
  if (/^0x[0-9a-fA-F]+$/.test(s)) return Number(BigInt(s));
  if (YAML_STYLE_FLOAT.test(s)) return Number(s);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^\.(nan|NaN|NAN)$/.test(s)) return Number.NaN;
  return s;
}

const same = (a: Scalar, b: Scalar): boolean => a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

/**
 * What a YAML 1.2 tool reads a plain scalar as, when that differs from `kubernetes` (its value here,
 * which is not a string: a scalar that stays a string is never reported); undefined when they agree.
 * The one rule for both readers (js-yaml's resolvers below and load/fastYaml.ts).
 */
export function yaml12Differs(text: string, kubernetes: Scalar): { yaml12: Scalar } | undefined {
  const other = yaml12Scalar(text);
  return same(kubernetes, other) ? undefined : { yaml12: other };
}

// The resolvers below run inside js-yaml's synchronous load: a plain scalar is resolved by the first
// implicit type whose `resolve` accepts it, then `construct` builds its value. `resolved` carries the
// value from one to the other; `misread` notes a value a YAML 1.2 tool reads differently.
let resolved: Scalar = null;
let misread: { text: string; kubernetes: Scalar; yaml12: Scalar } | null = null;
let misreadSeen = false;

/** The last scalar resolved: js-yaml offers the same string to each implicit type in turn. */
let lastData: string | null = null;
let lastValue: Scalar = null;

function resolveAs(kind: 'null' | 'bool' | 'int' | 'float'): (data: string | null) => boolean {
  return (data) => {
    if (data === null) return kind === 'null';
    if (data !== lastData) {
      lastData = data;
      lastValue = kubernetesScalar(data);
    }
    const v = lastValue;
    if (typeof v === 'string') return false;
    const matches = kind === 'null' ? v === null : kind === 'bool' ? typeof v === 'boolean' : typeof v === 'number' && (kind === 'int') === isIntText(data, v);
    if (!matches) return false;
    resolved = v;
    const differs = yaml12Differs(data, v);
    if (differs) {
      misread = { text: data, kubernetes: v, yaml12: differs.yaml12 };
      misreadSeen = true;
    }
    return true;
  };
}

/** Whether go-yaml would tag the number !!int (only the tag name differs; the value is the same). */
const isIntText = (data: string, v: number): boolean => Number.isInteger(v) && GO_INT.test(data.replace(/_/g, ''));

const construct = (): Scalar => resolved;

const scalarType = (name: 'null' | 'bool' | 'int' | 'float'): yaml.Type =>
  new yaml.Type(`tag:yaml.org,2002:${name}`, { kind: 'scalar', resolve: resolveAs(name), construct });

let schema: yaml.Schema | undefined;

/**
 * js-yaml's parser with go-yaml v2's scalars: the schema for every YAML document gwctl reads. Made on
 * first use: most runs read every document with fastYaml.ts and never load js-yaml (scripts/bundle.mjs).
 */
export function kubernetesSchema(): yaml.Schema {
  if (schema !== undefined) return schema;
  /** `!!timestamp` is accepted as go-yaml v2 accepts it into interface{}: the text, not a date. */
  const timestampText = new yaml.Type('tag:yaml.org,2002:timestamp', { kind: 'scalar', resolve: (d: unknown) => typeof d === 'string', construct: (d: string) => d });
  /** `<<: *base` merge keys, which go-yaml v2 supports (js-yaml's loader acts on this tag). */
  const merge = new yaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (d: unknown) => d === '<<' || d === null });
  /** `!!binary` as go-yaml v2 decodes it into interface{}: the decoded bytes as a string. */
  const binaryText = new yaml.Type('tag:yaml.org,2002:binary', {
    kind: 'scalar',
    resolve: (d: unknown) => typeof d === 'string' && /^[A-Za-z0-9+/=\s]*$/.test(d),
    construct: (d: string) => Buffer.from(d.replace(/\s/g, ''), 'base64').toString('utf8'),
  });
  schema = yaml.FAILSAFE_SCHEMA.extend({
    implicit: [scalarType('null'), scalarType('bool'), scalarType('int'), scalarType('float'), merge],
    explicit: [timestampText, binaryText],
  });
  return schema;
}

/** A plain scalar Kubernetes and YAML 1.2 read differently, at its offset in the text. */
export interface Misread {
  offset: number;
  text: string;
  kubernetes: Scalar;
  yaml12: Scalar;
}

/** What js-yaml's parse listener sees of a node when it opens (where it starts) and closes (its value). */
export interface NodeState {
  input: string;
  position: number;
  line: number;
  lineStart: number;
  result: unknown;
}
export type NodeListener = (event: 'open' | 'close', state: NodeState) => void;

export interface KubeLoadResult {
  value: unknown;
  misreads: Misread[];
}

/**
 * Loads one YAML document as Kubernetes would. When a value is read differently by YAML 1.2, the
 * text is read a second time with a listener to find where (rare: the common path pays nothing).
 */
export function loadKubernetesYaml(text: string, options: { maxDepth: number; listener?: NodeListener }): KubeLoadResult {
  misreadSeen = false;
  misread = null;
  lastData = null;
  const value: unknown = yaml.load(text, { schema: kubernetesSchema(), maxDepth: options.maxDepth, ...(options.listener ? { listener: options.listener } : {}) } as yaml.LoadOptions);
  if (!misreadSeen) return { value, misreads: [] };
  const misreads: Misread[] = [];
  misread = null;
  const listener = (event: 'open' | 'close', state: { position: number; input: string }): void => {
    if (event !== 'close' || misread === null) return;
    const offset = state.input.lastIndexOf(misread.text, state.position);
    misreads.push({ offset: offset < 0 ? state.position : offset, ...misread });
    misread = null;
  };
  yaml.load(text, { schema: kubernetesSchema(), maxDepth: options.maxDepth, listener } as yaml.LoadOptions);
  return { value, misreads };
}

/** How a message names a scalar: `the number 8`, `true`, `the string "on"`, `null`. */
export function describeScalar(v: Scalar): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return `the number ${Number.isNaN(v) ? 'NaN' : v}`;
  return `the string ${JSON.stringify(v)}`;
}
