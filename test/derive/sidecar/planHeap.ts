// Run as its own process by streamed.test.ts (`node --single-threaded --expose-gc planHeap.js`):
// prints the bytes a streamed sidecar route plan keeps per virtual host. In its own single-threaded
// process no concurrently compiled code or parallel GC lands between the two heap readings, which
// on a loaded machine (npm test runs files in parallel) moved the figure by a third.
import { loadSources } from '../../../src/app/load.js';
import { allWorkloads, toProxyWorkload } from '../../../src/derive/gateway/workloads.js';
import { deriveSidecarConfig } from '../../../src/derive/sidecar/index.js';
import { generate } from '../../../bench/generate.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const mesh = generate('A', 4000);
const ws = loadSources(mesh.files.map((f) => ({ name: f.path, bytes: Buffer.from(f.text) })));
const w = allWorkloads(ws.config).find((x) => x.resource.kind === 'Deployment' && x.resource.name === 'svc-0');
if (!w) throw new Error('no svc-0 Deployment');
const config = deriveSidecarConfig(ws.config, toProxyWorkload(w, 'sidecar'));
const used = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const before = used();
const planned = config.routeConfigsStreamed?.() ?? [];
const kept = used() - before;
let hosts = 0;
for (const rc of planned) for (const _ of rc.virtualHosts()) hosts++;
process.stdout.write(JSON.stringify({ hosts, perHost: kept / hosts, listeners: config.listeners.length }) + '\n');
