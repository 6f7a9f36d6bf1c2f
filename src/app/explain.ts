// `explain`: one request through a proxy's derived config. Deriving and indexing the proxy is done
// once by `prepareExplain`; each request then costs a few map lookups (the bench asks 1,000).
import { destinationAddress } from '../explain/destinationAddress.js';
import { explainRequest } from '../explain/explain.js';
import { createExplainContext } from '../explain/context.js';
import type { ExplainRequest, ExplainResult } from '../explain/types.js';
import { deriveProxy, type DerivedProxy, type ProxyChoice } from './proxy.js';
import type { Workspace } from './workspace.js';

export { parseRequest, RequestError, type RequestInput } from '../explain/request.js';
export { answered } from '../explain/stops.js';

export interface Explainer extends DerivedProxy {
  explain(request: ExplainRequest): ExplainResult;
}

export function prepareExplain(ws: Workspace, choice: ProxyChoice): Explainer {
  const derived = deriveProxy(ws, choice);
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
  const e = prepareExplain(ws, choice);
  return { proxy: e.proxy, config: e.config, notes: e.notes, result: e.explain(request) };
}
