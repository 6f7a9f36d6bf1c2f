// Quick check that gateway binding and derivation are indexed: 10,000 VirtualServices on 500
// Gateways (all selecting the default ingress gateway, all on port 80 → one route config with 500
// servers). Prints parse time and derivation + `proxy-config route -o json` rendering time.
// Run: npx tsc -p . && node dist/bench/gatewayPerf.js
import { performance } from 'node:perf_hooks';
import { defaultRouteTranslator, deriveGatewayConfig, resolveWorkload, type RouteTranslator } from '../src/derive/gateway/index.js';
import { loadSources } from '../src/app/load.js';
import { renderJson, routeDump } from '../src/report/views/configDump.js';
import { STATIC_ROUTE_CONFIGS } from '../src/report/views/staticConfig.js';

const GATEWAYS = 500;
const VIRTUAL_SERVICES = 10_000;
const docs: string[] = [];
for (let g = 0; g < GATEWAYS; g++) {
  docs.push(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw${g}, namespace: ns${g % 50}}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.gw${g}.example.com"]`);
}
for (let v = 0; v < VIRTUAL_SERVICES; v++) {
  const g = v % GATEWAYS;
  docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs${v}, namespace: ns${v % 50}}
spec:
  hosts: ["h${v}.gw${g}.example.com"]
  gateways: ["ns${g % 50}/gw${g}"]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: svc${v % 200}, port: {number: 8080}}}]
  - route: [{destination: {host: svc${v % 200}}}]`);
}
for (let s = 0; s < 200; s++) {
  docs.push(`apiVersion: v1
kind: Service
metadata: {name: svc${s}, namespace: ns${s % 50}}
spec:
  selector: {app: svc${s}}
  ports: [{name: http, port: 8080}]`);
}
const text = docs.join('\n---\n');

const t0 = performance.now();
const model = loadSources([{ name: 'bench.yaml', bytes: Buffer.from(text) }]);
const t1 = performance.now();
const { workload } = resolveWorkload(model.config, undefined);
let inRoutes = 0;
const timed: RouteTranslator = {
  buildHttpRoutes: (vs, ctx) => {
    const a = performance.now();
    const r = defaultRouteTranslator.buildHttpRoutes(vs, ctx);
    inRoutes += performance.now() - a;
    return r;
  },
  sortVirtualHostRoutes: (r) => defaultRouteTranslator.sortVirtualHostRoutes(r),
};
const cold0 = process.cpuUsage();
const c0 = performance.now();
deriveGatewayConfig(model.config, workload, timed); // cold: first derivation, JIT warm-up, indexes built
const cold = process.cpuUsage(cold0);
console.log(`first derivation ${(performance.now() - c0).toFixed(0)} ms wall, ${((cold.user + cold.system) / 1000).toFixed(0)} ms CPU; route translation ${inRoutes.toFixed(0)} ms of it`);
inRoutes = 0;
const t15 = performance.now();
const cpu0 = process.cpuUsage();
const pc = deriveGatewayConfig(model.config, workload, timed);
const cpu = process.cpuUsage(cpu0);
const t2 = performance.now();
console.log(
  `second derivation ${(t2 - t15).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU; route translation (src/derive/route) ${inRoutes.toFixed(0)} ms of it`,
);
const json = renderJson(routeDump(pc.routeConfigs, STATIC_ROUTE_CONFIGS)); // `proxy-config route -o json`
const t3 = performance.now();
const vhosts = pc.routeConfigs.reduce((n, r) => n + r.virtualHosts.length, 0);
console.log(`parse+index ${(t1 - t0).toFixed(0)} ms; derive ${(t2 - t1).toFixed(0)} ms; render json ${(t3 - t2).toFixed(0)} ms (${(json.length / 1e6).toFixed(1)} MB)`);
console.log(`${pc.gateways.length} gateways, ${pc.routeConfigs.length} route configs, ${vhosts} vhosts, ${pc.clusters.length} clusters, ${pc.misses.length} misses`);
