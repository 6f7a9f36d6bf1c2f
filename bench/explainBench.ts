// 1,000 explain requests against one loaded model, through the pure API (no CLI per request).
// The explain and gateway modules are imported at run time so the bench still runs without them.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Workspace } from '../src/app/workspace.js';
import type * as ExplainApi from '../src/explain/explain.js';
import type * as ExplainModelApi from '../src/explain/model.js';
import type * as RequestApi from '../src/explain/request.js';
import type * as GatewayApi from '../src/derive/gateway/index.js';
import type * as RecordApi from '../src/report/views/explainRecord.js';
import { MAIN_GATEWAY, type BenchRequest } from './generate.js';
import { distRoot } from './harness.js';

export interface ExplainBench {
  /** Derives the gateway's config and indexes it: once per model. */
  prepare(model: Workspace, requests: readonly BenchRequest[]): () => { failures: number; firstError: string };
}

const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(distRoot, 'src', rel)).href)) as T;

/** The reason, instead, while explain or gateway derivation has not landed. */
export async function loadExplainBench(count: number): Promise<ExplainBench | string> {
  let explain: typeof ExplainApi, prepared: typeof ExplainModelApi, request: typeof RequestApi, gateway: typeof GatewayApi, record: typeof RecordApi;
  try {
    explain = await load<typeof ExplainApi>('explain/explain.js');
    prepared = await load<typeof ExplainModelApi>('explain/model.js');
    request = await load<typeof RequestApi>('explain/request.js');
    gateway = await load<typeof GatewayApi>('derive/gateway/index.js');
    record = await load<typeof RecordApi>('report/views/explainRecord.js');
  } catch (e) {
    return `not available yet (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
  return {
    prepare(model, requests) {
      // Spread over the whole list so that hits across the mesh and the misses at its end are asked.
      const reqs = Array.from({ length: count }, (_, i) => {
        const r = requests[Math.floor((i * requests.length) / count) % requests.length] as BenchRequest;
        const scheme = r.port === 443 ? 'https' : 'http';
        return request.parseRequest({ url: `${scheme}://${r.host}${r.path}`, headers: Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`) });
      });
      const index = model.config;
      const { workload } = gateway.resolveWorkload(index, `deploy/${MAIN_GATEWAY.workload}.${MAIN_GATEWAY.namespace}`);
      const config = gateway.deriveGatewayConfig(index, workload);
      const m = prepared.prepareExplainModel(index, config);
      return () => {
        let failures = 0;
        let firstError = '';
        for (const r of reqs) {
          try {
            // Rendered as the CLI renders it: the causes' messages and positions are part of the cost.
            record.explainRecord(explain.explainRequest(m, r), model.locate);
          } catch (e) {
            failures++;
            firstError ||= e instanceof Error ? e.message : String(e);
          }
        }
        return { failures, firstError };
      };
    },
  };
}
