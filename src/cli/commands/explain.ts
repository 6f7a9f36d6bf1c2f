// `gwctl explain <url> -f <paths> [--gateway w] [--from w] [-H ...] [-X M] [--sni n] [-o text|json|yaml]`:
// one request through the derived gateway (or sidecar) config, stage by stage, with root causes.
import { dottedName } from '../../diagnostics/ref.js';
import { deriveGatewayConfig, resolveWorkload } from '../../derive/gateway/index.js';
import { deriveSidecarConfig } from '../../derive/sidecar/index.js';
import { destinationAddress } from '../../explain/destinationAddress.js';
import { explainRequest } from '../../explain/explain.js';
import { prepareExplainModel } from '../../explain/model.js';
import { answered } from '../../explain/stops.js';
import { parseRequest, RequestError } from '../../explain/request.js';
import type { ExplainResult } from '../../explain/types.js';
import { explainRecord } from '../../report/views/explainRecord.js';
import { explainText } from '../../report/views/explainTrace.js';
import { chalkFor } from '../color.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type ExitCode } from '../exitCodes.js';
import { reportInputProblems, worstExit } from '../inputProblems.js';
import { isInputPath, loadInputs, type InputOptions } from '../inputs.js';
import type { CliIo } from '../io.js';
import { escapeText, jsonText, yamlText } from '../../report/escape.js';

export interface ExplainOptions extends InputOptions {
  gateway?: string;
  from?: string;
  header?: string[];
  request?: string;
  sni?: string;
  output: string;
}

/** 0: the request is forwarded, or answered by a rule meant to answer it; 1: it fails; 2: usage. */
export function explainExitCode(r: ExplainResult): ExitCode {
  if (r.causes.some((c) => c.finding.level === 'error')) return EXIT_FINDINGS;
  return answered(r) ? EXIT_OK : EXIT_FINDINGS;
}

export async function runExplain(url: string, paths: string[], opts: ExplainOptions, io: CliIo): Promise<ExitCode> {
  if (!['text', 'json', 'yaml'].includes(opts.output)) throw new UsageError(`--output must be text, json or yaml, not "${opts.output}"`);
  if (opts.gateway !== undefined && opts.from !== undefined) throw new UsageError('use either --gateway or --from, not both');
  if (paths.length === 0 && (opts.filename ?? []).length === 0) throw new UsageError('no input: name files or folders with -f (- reads stdin)');
  let req;
  try {
    req = parseRequest({ url, headers: opts.header ?? [], ...(opts.request !== undefined ? { method: opts.request } : {}), ...(opts.sni !== undefined ? { sni: opts.sni } : {}) });
  } catch (e) {
    if (e instanceof RequestError) throw new UsageError(e.message);
    throw e;
  }
  const workloadLike = paths.filter((p) => !isInputPath(p, io.cwd));
  if (workloadLike.length > 0) {
    const w = workloadLike[0] ?? '';
    throw new UsageError(`cannot read ${w}: no such file or folder (to pick the proxy, use --gateway ${w}, or --from ${w} for a sidecar)`);
  }
  const inputs = await loadInputs(paths, opts, io);
  const inputExit = reportInputProblems(inputs, io);
  if (inputExit === EXIT_USAGE) return inputExit;
  const index = inputs.config;
  const sidecar = opts.from !== undefined;
  const { workload, notes } = resolveWorkload(index, sidecar ? opts.from : opts.gateway);
  const proxy = sidecar ? { ...workload, mode: 'sidecar' as const } : workload;
  if (!sidecar && proxy.mode !== 'gateway') throw new UsageError(`${dottedName(proxy)} is not a gateway workload; use --from to explain a request leaving its sidecar`);
  const config = sidecar ? deriveSidecarConfig(index, proxy) : deriveGatewayConfig(index, proxy);
  if (sidecar) {
    const address = destinationAddress(index, req.urlHost, proxy.namespace);
    if (address !== undefined) req.address = address;
  }
  const seen = new Set<string>();
  for (const n of [...notes, ...config.notes]) {
    if (seen.has(n.code)) continue;
    seen.add(n.code);
    io.stderr(`note: ${escapeText(n.message)}\n`);
  }
  const model = prepareExplainModel(index, config);
  const result = explainRequest(model, req);
  const record = explainRecord(result, inputs.locate);
  if (opts.output === 'json') io.stdout(jsonText(record, 2) + '\n');
  else if (opts.output === 'yaml') io.stdout(yamlText(record, { noRefs: true, lineWidth: -1 }));
  else io.stdout(explainText(record, chalkFor(io)));
  return worstExit(explainExitCode(result), inputExit);
}
