// 1,000 explain requests against one workspace, through the programmatic API (src/app) as `gwctl
// explain` runs them: the proxy is derived and indexed once, then each request is explained.
import { parseRequest, prepareExplain } from '../src/app/explain.js';
import type { Workspace } from '../src/app/workspace.js';
import { explainRecord } from '../src/report/views/explainRecord.js';
import { MAIN_GATEWAY, type BenchRequest } from './generate.js';

export interface ExplainBench {
  /** Derives the gateway's config and indexes it: once per workspace. */
  prepare(ws: Workspace, requests: readonly BenchRequest[]): () => { failures: number; firstError: string };
}

export async function loadExplainBench(count: number): Promise<ExplainBench | string> {
  return {
    prepare(ws, requests) {
      // Spread over the whole list so that hits across the mesh and the misses at its end are asked.
      const reqs = Array.from({ length: count }, (_, i) => {
        const r = requests[Math.floor((i * requests.length) / count) % requests.length] as BenchRequest;
        const scheme = r.port === 443 ? 'https' : 'http';
        return parseRequest({ url: `${scheme}://${r.host}${r.path}`, headers: Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`) });
      });
      const explainer = prepareExplain(ws, { target: `deploy/${MAIN_GATEWAY.workload}.${MAIN_GATEWAY.namespace}`, as: 'gateway' });
      return () => {
        let failures = 0;
        let firstError = '';
        for (const r of reqs) {
          try {
            // Rendered as the CLI renders it: the causes' messages and positions are part of the cost.
            explainRecord(explainer.explain(r), ws.locate);
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
