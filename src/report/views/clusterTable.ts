// `istioctl proxy-config cluster` table (spec §7.5, configdump/cluster.go PrintClusterSummary).
import { summaryOf, type ClusterSummary } from '../../derive/cluster/build.js';
import type { Cluster } from '../../derive/envoy.js';
import { escapeText } from '../escape.js';
import { cellWidth, WRITE_SIZE, type TextTable } from './tabwriter.js';

interface ParsedName {
  direction: string;
  subset: string;
  fqdn: string;
  port: number;
}

/** Istio ParseSubsetKey on names with more than 3 `|` parts; others keep the raw name. */
export function parseClusterName(name: string): ParsedName | undefined {
  const parts = name.split('|');
  if (parts.length <= 3) return undefined;
  const port = Number.parseInt(parts[1] ?? '', 10);
  return { direction: parts[0] ?? '', port: Number.isNaN(port) ? 0 : port, subset: parts[2] ?? '', fqdn: parts[3] ?? '' };
}

/** One string for each distinct value (up to a bound: past it, values are kept as they come). */
function interner(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const hit = seen.get(s);
    if (hit !== undefined) return hit;
    if (seen.size < 10_000) seen.set(s, s);
    return s;
  };
}

/** parseClusterName without the array of parts, its short parts interned (a big mesh's table has millions of rows). */
function splitClusterName(name: string, intern: (s: string) => string): ParsedName | undefined {
  const a = name.indexOf('|');
  const b = a < 0 ? -1 : name.indexOf('|', a + 1);
  const c = b < 0 ? -1 : name.indexOf('|', b + 1);
  if (c < 0) return undefined;
  const d = name.indexOf('|', c + 1);
  const port = Number.parseInt(name.slice(a + 1, b), 10);
  return { direction: intern(name.slice(0, a)), port: Number.isNaN(port) ? 0 : port, subset: intern(name.slice(b + 1, c)), fqdn: d < 0 ? name.slice(c + 1) : name.slice(c + 1, d) };
}

/** istioctl's order: FQDN, subset, port, direction (names that are not subset keys sort by the whole name). */
function compareKeys(x: ParsedName, y: ParsedName): number {
  if (x.fqdn !== y.fqdn) return x.fqdn < y.fqdn ? -1 : 1;
  if (x.subset !== y.subset) return x.subset < y.subset ? -1 : 1;
  if (x.port !== y.port) return x.port - y.port;
  return x.direction < y.direction ? -1 : x.direction > y.direction ? 1 : 0;
}

/**
 * compareKeys, then the name: rows come sorted as from clusters listed by name (a stable sort), in
 * whatever order they are read. Rows of equal names keep the order they were read in.
 */
function compareRows(x: KeptRow, y: KeptRow): number {
  return compareKeys(x, y) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
}

const sortKey = (name: string, parsed: ParsedName | undefined): ParsedName => parsed ?? { direction: '', subset: '', fqdn: name, port: 0 };

function describeDestinationRule(path: string | undefined): string {
  if (path === undefined) return '';
  if (!path.startsWith('/apis/networking.istio.io/')) return '<unknown>';
  const pieces = path.split('/');
  return pieces.length === 8 ? `${pieces[7]}.${pieces[5]}` : '';
}

export interface ClusterFilter {
  fqdn?: string;
  port?: number;
  subset?: string;
  direction?: string;
}

/** istioctl ClusterFilter.Verify: substring checks on the cluster name. */
export function clusterMatches(c: { name: string }, f: ClusterFilter): boolean {
  if (f.fqdn && !c.name.includes(f.fqdn)) return false;
  if (f.direction && !c.name.includes(f.direction)) return false;
  if (f.subset && !c.name.includes(f.subset)) return false;
  if (f.port && !c.name.includes(`|${f.port}|`)) return false;
  return true;
}

export function clusterTable(clusters: Iterable<Cluster>, opts: { withType?: boolean } = {}): string {
  return [...clusterTableChunks(summaries(clusters), opts)].join('');
}

function* summaries(clusters: Iterable<Cluster>): Generator<ClusterSummary> {
  for (const c of clusters) yield summaryOf(c);
}

/**
 * What the table keeps of a cluster until every cluster is read (rows are sorted, and the columns are
 * as wide as their widest cell): the sort key and the cells, escaped, with no array or text per row
 * beyond them. A cluster dump of 200 MB of Services has 1.6 million rows.
 */
interface KeptRow extends ParsedName {
  name: string;
  /** NAME (`cluster/<name>`, `all` only), SERVICE FQDN (or the raw name), PORT, SUBSET, DIRECTION, TYPE, DESTINATION RULE. */
  named: string;
  fqdnCell: string;
  portCell: string;
  subsetCell: string;
  directionCell: string;
  type: string;
  dr: string;
}

const HEADER = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE'];
const PADDING = 5;

/** Escaped cells repeat (ports, types, DestinationRules): each distinct one is escaped once. */
function escaper(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let e = seen.get(s);
    if (e === undefined) {
      e = escapeText(s);
      if (seen.size < 10_000) seen.set(s, e);
    }
    return e;
  };
}

/**
 * The table's text in pieces of about 64 KB, the same bytes as `tabwrite` of `clusterTableOf`'s rows
 * (of the clusters sorted by name): each summary is read once, in any order (none is a built
 * cluster: a big mesh's table is made from the plan), and only its cells are kept.
 */
export function* clusterTableChunks(clusters: Iterable<ClusterSummary>, opts: { withType?: boolean } = {}): Generator<string> {
  const rows: KeptRow[] = [];
  const header = [...(opts.withType ? ['NAME'] : []), ...HEADER];
  const widths = header.map(cellWidth);
  const often = escaper();
  const note = (i: number, cell: string): string => {
    const w = cellWidth(cell);
    if (w > (widths[i] ?? 0)) widths[i] = w;
    return cell;
  };
  const at = opts.withType ? 1 : 0;
  // The parts of names repeat (directions, ports, subsets): one string for each, so rows share them.
  const parts = interner();
  for (const c of clusters) {
    const name = c.name;
    const p = splitClusterName(name, parts);
    const named = opts.withType ? note(0, name !== '' ? escapeText(`cluster/${name}`) : '') : '';
    rows.push({
      direction: p ? p.direction : '',
      subset: p ? p.subset : '',
      fqdn: p ? p.fqdn : name,
      port: p ? p.port : 0,
      name,
      named,
      fqdnCell: note(at, escapeText(p ? p.fqdn : name)),
      portCell: note(at + 1, p ? often(String(p.port)) : '-'),
      subsetCell: note(at + 2, p ? often(p.subset === '' ? '-' : p.subset) : '-'),
      directionCell: note(at + 3, p ? often(p.direction) : '-'),
      type: note(at + 4, often(c.type)),
      dr: often(describeDestinationRule(c.config)), // the last column is not padded: its width does not matter
    });
  }
  rows.sort(compareRows);
  const pads: string[] = [];
  const padded = (cell: string, i: number): string => cell + (pads[(widths[i] ?? 0) - cellWidth(cell) + PADDING] ??= ' '.repeat((widths[i] ?? 0) - cellWidth(cell) + PADDING));
  let out = `${header.map((h, i) => (i < header.length - 1 ? padded(h, i) : h)).join('')}\n`;
  for (const r of rows) {
    out += `${opts.withType ? padded(r.named, 0) : ''}${padded(r.fqdnCell, at)}${padded(r.portCell, at + 1)}${padded(r.subsetCell, at + 2)}${padded(r.directionCell, at + 3)}${padded(r.type, at + 4)}${r.dr}\n`;
    if (out.length >= WRITE_SIZE) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}

/** The table's rows: each cluster is read once and only its row is kept (clusters may be made one at a time). */
export function clusterTableOf(clusters: Iterable<Cluster>, opts: { withType?: boolean } = {}): TextTable {
  const keyed: { key: ParsedName; row: string[] }[] = [];
  for (const c of clusters) {
    const p = parseClusterName(c.name);
    const type = c.type ?? 'STATIC'; // STATIC is the enum's zero value
    const dr = describeDestinationRule(c.metadata?.filterMetadata.istio.config);
    const prefix = opts.withType && c.name !== '' ? [`cluster/${c.name}`] : opts.withType ? [''] : [];
    const row = p ? [...prefix, p.fqdn, String(p.port), p.subset === '' ? '-' : p.subset, p.direction, type, dr] : [...prefix, c.name, '-', '-', '-', type, dr];
    keyed.push({ key: sortKey(c.name, p), row });
  }
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const header = [...(opts.withType ? ['NAME'] : []), ...HEADER];
  return { rows: [header, ...keyed.map((k) => k.row)], padding: PADDING };
}
