// `explain`: one request through a proxy's derived config. Deriving and indexing the proxy is done
// once by `prepareExplain`; each request then costs a few map lookups (the bench asks 1,000).
import { destinationAddress } from '../explain/destinationAddress.js';
import { explainRequest } from '../explain/explain.js';
import { createExplainContext } from '../explain/context.js';
import type { ExplainRequest, ExplainResult } from '../explain/types.js';
import { deriveProxy, type DerivedProxy, type ProxyChoice } from './proxy.js';
import type { Workspace } from './workspace.js';
import type { ProxyConfig } from '../derive/proxyConfig.js';
import { completeRoute } from '../derive/route/index.js';

export { parseRequest, RequestError, type RequestInput } from '../explain/request.js';
export { answered } from '../explain/stops.js';

export interface Explainer extends DerivedProxy {
  explain(request: ExplainRequest): ExplainResult;
}

/**
 * `routeActions: 'deferred'` (one request): a gateway's virtual hosts are decided without building a
 * route, each one's routes are built (with their name and match) when first read, and explain
 * completes those of the virtual host it walks; the rest are built and completed when the returned
 * config's routes are read. Default `eager`, for many requests and readers of the whole config.
 */
export function prepareExplain(ws: Workspace, choice: ProxyChoice, opts: { routeActions?: 'eager' | 'deferred' } = {}): Explainer {
  const derived = deriveProxy(ws, choice, opts.routeActions === 'deferred' ? { routeActions: 'deferred', virtualHostRoutes: 'when-read' } : {});
  const ctx = createExplainContext(ws.config, derived.config, ws.conversionFindings);
  const { proxy } = derived;
  return {
    ...derived,
    explain(request) {
      // A sidecar's client dials an address: the Service's clusterIP, unless the request names one.
      const address = proxy.mode === 'sidecar' && request.address === undefined ? destinationAddress(ws.config, request.urlHost, proxy.namespace) : undefined;
      return explainRequest(ctx, address === undefined ? request : { ...request, address });
    },
  };
}

/** One request: the proxy's notes and the result. */
export function explain(ws: Workspace, request: ExplainRequest, choice: ProxyChoice): { result: ExplainResult } & DerivedProxy {
  const e = prepareExplain(ws, choice, { routeActions: 'deferred' });
  const result = e.explain(request);
  return { proxy: e.proxy, config: completedWhenRead(e.config), notes: e.notes, result };
}

/** The config with every route completed before its routes are read (explain completed only those it walked). */
function completedWhenRead(c: ProxyConfig): ProxyConfig {
  let done = false;
  const completeAll = (): void => {
    if (done) return;
    done = true;
    for (const rc of c.routeConfigs) for (const vh of rc.virtualHosts) for (const r of vh.routes ?? []) completeRoute(r);
  };
  return {
    proxy: c.proxy,
    serviceTargets: c.serviceTargets,
    get listeners() {
      return c.listeners;
    },
    get routeConfigs() {
      completeAll();
      return c.routeConfigs;
    },
    get clusters() {
      return c.clusters;
    },
    ...(c.clustersByName ? { clustersByName: c.clustersByName } : {}),
    get clusterInfo() {
      return c.clusterInfo;
    },
    ...(c.clusterNamed ? { clusterNamed: c.clusterNamed } : {}),
    servers: c.servers,
    droppedServers: c.droppedServers,
    gateways: c.gateways,
    get misses() {
      return c.misses;
    },
    get routeOrigins() {
      completeAll();
      return c.routeOrigins;
    },
    get virtualHostOrigins() {
      return c.virtualHostOrigins;
    },
    notes: c.notes,
  };
}
