// `proxy-config endpoint`: istioctl's table (configdump PrintEndpoints: ENDPOINT, STATUS, OUTLIER
// CHECK, CLUSTER) and a clusters-admin-like JSON, from the endpoints derived from the inputs
// (src/derive/endpoints.ts). Offline there are no pod IPs: a workload stands for its pods
// (`deploy/reviews-v1.default:9080`, with its replica count).
import type { Endpoint } from '../../derive/endpoints.js';
import { tabwrite } from './tabwriter.js';

export interface ClusterEndpointRows {
  cluster: string;
  endpoints: readonly Endpoint[];
}

const hostOf = (e: Endpoint): string => e.address.slice(0, Math.max(0, e.address.lastIndexOf(':')));

/** istioctl's order: address, then port, then cluster. */
function sorted(rows: readonly ClusterEndpointRows[]): { e: Endpoint; cluster: string }[] {
  const all = rows.flatMap((r) => r.endpoints.map((e) => ({ e, cluster: r.cluster })));
  return all.sort((a, b) => {
    const [x, y] = [hostOf(a.e), hostOf(b.e)];
    if (x !== y) return x < y ? -1 : 1;
    if (a.e.port !== b.e.port) return a.e.port - b.e.port;
    return a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0;
  });
}

export function endpointTable(rows: readonly ClusterEndpointRows[]): string {
  const out: string[][] = [['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER']];
  for (const { e, cluster } of sorted(rows)) out.push([e.replicas > 1 ? `${e.address} (${e.replicas} replicas)` : e.address, e.status, 'OK', cluster]);
  return tabwrite(out, 5);
}

/** istioctl `-o json`: one ClusterStatus per cluster, its hosts with address and EDS health. */
export function endpointDump(rows: readonly ClusterEndpointRows[]): unknown[] {
  return rows.map((r) => ({
    name: r.cluster,
    addedViaApi: true,
    hostStatuses: r.endpoints.map((e) => {
      const colon = e.address.lastIndexOf(':');
      return {
        address: { socketAddress: { address: colon >= 0 ? e.address.slice(0, colon) : e.address, portValue: e.port } },
        healthStatus: { edsHealthStatus: e.status },
        weight: 1,
        source: { ...e.source },
        replicas: e.replicas,
      };
    }),
  }));
}
