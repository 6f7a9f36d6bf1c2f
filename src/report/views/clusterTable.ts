// `istioctl proxy-config cluster` table (spec §7.5, configdump/cluster.go PrintClusterSummary).
import type { Cluster } from '../../derive/envoy.js';
import { tabwrite, type TextTable } from './tabwriter.js';

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

/** istioctl's order: FQDN, subset, port, direction (names that are not subset keys sort by the whole name). */
function compareKeys(x: ParsedName, y: ParsedName): number {
  if (x.fqdn !== y.fqdn) return x.fqdn < y.fqdn ? -1 : 1;
  if (x.subset !== y.subset) return x.subset < y.subset ? -1 : 1;
  if (x.port !== y.port) return x.port - y.port;
  return x.direction < y.direction ? -1 : x.direction > y.direction ? 1 : 0;
}

const sortKey = (name: string, parsed: ParsedName | undefined): ParsedName => parsed ?? { direction: '', subset: '', fqdn: name, port: 0 };

function describeDestinationRule(c: Cluster): string {
  const path = c.metadata?.filterMetadata.istio.config;
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
export function clusterMatches(c: Cluster, f: ClusterFilter): boolean {
  if (f.fqdn && !c.name.includes(f.fqdn)) return false;
  if (f.direction && !c.name.includes(f.direction)) return false;
  if (f.subset && !c.name.includes(f.subset)) return false;
  if (f.port && !c.name.includes(`|${f.port}|`)) return false;
  return true;
}

export function clusterTable(clusters: Iterable<Cluster>, opts: { withType?: boolean } = {}): string {
  const t = clusterTableOf(clusters, opts);
  return tabwrite(t.rows, t.padding);
}

/** The table's rows: each cluster is read once and only its row is kept (clusters may be made one at a time). */
export function clusterTableOf(clusters: Iterable<Cluster>, opts: { withType?: boolean } = {}): TextTable {
  const keyed: { key: ParsedName; row: string[] }[] = [];
  for (const c of clusters) {
    const p = parseClusterName(c.name);
    const type = c.type ?? 'STATIC'; // STATIC is the enum's zero value
    const dr = describeDestinationRule(c);
    const prefix = opts.withType && c.name !== '' ? [`cluster/${c.name}`] : opts.withType ? [''] : [];
    const row = p ? [...prefix, p.fqdn, String(p.port), p.subset === '' ? '-' : p.subset, p.direction, type, dr] : [...prefix, c.name, '-', '-', '-', type, dr];
    keyed.push({ key: sortKey(c.name, p), row });
  }
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const header = [...(opts.withType ? ['NAME'] : []), 'SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE'];
  return { rows: [header, ...keyed.map((k) => k.row)], padding: 5 };
}
