// Where the walk can stop, and what each stop means, in ONE table that every reader uses: the
// result's status and outcome (explain.ts), the stage of the trace's last step (trace.ts), which cause
// finders run (causes/index.ts) and whether the request counts as answered (the CLI's exit code).
import type { Outcome, StageName, StopReason } from './types.js';

/** Which cause finders explain why the walk stopped there (causes/index.ts runs them). */
export type CauseSearch =
  | 'listener'
  | 'filter-chain'
  | 'tls-mismatch'
  | 'virtual-host'
  | 'route'
  | 'redirect'
  | 'route-action'
  | 'destination'
  | 'forwarded'
  | 'none';

export interface Stop {
  /** The stage the walk ended at: the trace's last step. */
  stage: StageName;
  /**
   * What Envoy answers itself; null when nothing is answered (forwarded, or no HTTP exchange); 'action':
   * the route action's status; 'cluster-not-found': the route's cluster_not_found_response_code (503 unless set).
   */
  status: number | null | 'action' | 'cluster-not-found';
  /** 'by-scheme': a TLS handshake failure for https, a refused connection for plain HTTP. */
  outcome: Outcome | 'by-scheme';
  /** Does the request get the answer it was routed to? 'by-status': yes unless the status is 404, 503 or none. */
  answered: boolean | 'by-status';
  causes: CauseSearch;
}

export const STOPS = {
  'no-listener': { stage: 'listener', status: null, outcome: 'connection-refused', answered: false, causes: 'listener' },
  'no-filter-chain': { stage: 'filterChain', status: null, outcome: 'by-scheme', answered: false, causes: 'filter-chain' },
  'ambiguous-filter-chain': { stage: 'filterChain', status: null, outcome: 'by-scheme', answered: false, causes: 'filter-chain' },
  'tls-required': { stage: 'filterChain', status: null, outcome: 'tls-failure', answered: false, causes: 'tls-mismatch' },
  'tls-unexpected': { stage: 'filterChain', status: null, outcome: 'tls-failure', answered: false, causes: 'tls-mismatch' },
  // TLS passthrough or TCP: the walk replaces it by forwarded or cluster-missing once it has checked the clusters.
  'tcp-proxy': { stage: 'cluster', status: null, outcome: 'forwarded', answered: true, causes: 'none' },
  'no-route-config': { stage: 'routeConfig', status: 404, outcome: 'local-reply', answered: false, causes: 'virtual-host' },
  'no-virtual-host': { stage: 'virtualHost', status: 404, outcome: 'local-reply', answered: false, causes: 'virtual-host' },
  'require-tls': { stage: 'route', status: 301, outcome: 'local-reply', answered: true, causes: 'redirect' },
  'no-route': { stage: 'route', status: 404, outcome: 'local-reply', answered: false, causes: 'route' },
  'route-action': { stage: 'action', status: 'action', outcome: 'local-reply', answered: 'by-status', causes: 'route-action' },
  'cluster-missing': { stage: 'cluster', status: 'cluster-not-found', outcome: 'local-reply', answered: false, causes: 'destination' },
  // A TCP proxy whose cluster does not exist closes the connection: no HTTP status.
  'tcp-cluster-missing': { stage: 'cluster', status: null, outcome: 'connection-closed', answered: false, causes: 'destination' },
  // The clusters exist but the inputs show no endpoint behind them: Envoy answers 503 UH (no healthy upstream).
  'no-endpoints': { stage: 'cluster', status: 503, outcome: 'local-reply', answered: false, causes: 'destination' },
  // A TCP proxy with no healthy upstream closes the connection.
  'tcp-no-endpoints': { stage: 'cluster', status: null, outcome: 'connection-closed', answered: false, causes: 'destination' },
  forwarded: { stage: 'cluster', status: null, outcome: 'forwarded', answered: true, causes: 'forwarded' },
} as const satisfies Record<StopReason, Stop>;

/** Whether the request got the answer it was routed to: forwarded, or answered by a rule meant to answer it. */
export function answered(r: { stop: StopReason; status: number | null }): boolean {
  const a: Stop['answered'] = STOPS[r.stop].answered;
  if (a !== 'by-status') return a;
  return r.status !== null && r.status !== 404 && r.status !== 503;
}
