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

export function sortClusters(clusters: readonly Cluster[]): Cluster[] {
  const key = (c: Cluster): ParsedName => parseClusterName(c.name) ?? { direction: '', subset: '', fqdn: c.name, port: 0 };
  return [...clusters].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x.fqdn !== y.fqdn) return x.fqdn < y.fqdn ? -1 : 1;
    if (x.subset !== y.subset) return x.subset < y.subset ? -1 : 1;
    if (x.port !== y.port) return x.port - y.port;
    return x.direction < y.direction ? -1 : x.direction > y.direction ? 1 : 0;
  });
}

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

export function clusterTable(clusters: readonly Cluster[], opts: { withType?: boolean } = {}): string {
  const t = clusterTableOf(clusters, opts);
  return tabwrite(t.rows, t.padding);
}

export function clusterTableOf(clusters: readonly Cluster[], opts: { withType?: boolean } = {}): TextTable {
  const rows: string[][] = [[...(opts.withType ? ['NAME'] : []), 'SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']];
  for (const c of sortClusters(clusters)) {
    const p = parseClusterName(c.name);
    const type = c.type ?? 'STATIC'; // STATIC is the enum's zero value
    const dr = describeDestinationRule(c);
    const prefix = opts.withType && c.name !== '' ? [`cluster/${c.name}`] : opts.withType ? [''] : [];
    if (p) rows.push([...prefix, p.fqdn, String(p.port), p.subset === '' ? '-' : p.subset, p.direction, type, dr]);
    else rows.push([...prefix, c.name, '-', '-', '-', type, dr]);
  }
  return { rows, padding: 5 };
}
