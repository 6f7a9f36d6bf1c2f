// Runs one case of Istio's Gateway API conversion test (TestConvertResources) the way its harness
// does (../shared/conformance/istio-gateway-api/README.md): the input plus the harness Services,
// Secrets, ConfigMaps and Namespaces, the harness service registry, domain suffix `domain.suffix`,
// no CRD defaulting, the suite's feature flags. Compares the converted Istio objects and the status
// conditions with Istio's goldens after the README's normalisation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { CLI_SETTINGS } from '../../src/analysis/context.js';
import { runAnalyzers } from '../../src/analysis/run.js';
import { convertGatewayApi, registryOf, type GatewayApiConversion, type GatewayApiOptions } from '../../src/convert/gatewayApi/index.js';
import { gatewayApiOverlay } from '../../src/convert/gatewayApi/overlay.js';
import type { Finding } from '../../src/diagnostics/finding.js';
import type { RegistryService } from '../../src/convert/gatewayApi/registry.js';
import { loadSources } from '../../src/app/load.js';
import type { Workspace } from '../../src/app/workspace.js';
import { sharedRoot } from '../helpers/paths.js';

export const suiteRoot = path.join(sharedRoot, 'conformance', 'istio-gateway-api');

interface HarnessNamespace {
  name: string;
  labels: Record<string, string>;
}

export interface PartlyOut {
  reason: string;
  input: string[];
  output: string[];
  status: string[];
}

export interface CaseJson {
  name: string;
  scope: 'in' | 'out';
  partlyOutOfScope: PartlyOut[] | false;
  harness: { namespacesCreated: HarnessNamespace[] };
}

interface RegistryJson {
  services: {
    hostname: string;
    namespace: string;
    ports: { port: number }[];
    endpoints: { servicePort: number; endpointPort: number }[];
    labels?: Record<string, string>;
    clusterExternalAddresses?: Record<string, string[]>;
  }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

let registryCache: RegistryService[] | undefined;
function harnessRegistry(): RegistryService[] {
  if (registryCache) return registryCache;
  const json = JSON.parse(readFileSync(path.join(suiteRoot, 'harness', 'service-registry.json'), 'utf8')) as RegistryJson;
  registryCache = json.services.map((s) => {
    const endpoints = new Map<number, number[]>();
    for (const e of s.endpoints) endpoints.set(e.servicePort, [...(endpoints.get(e.servicePort) ?? []), e.endpointPort]);
    return {
      hostname: s.hostname,
      namespace: s.namespace,
      ports: s.ports.map((p) => p.port),
      endpoints,
      externalAddresses: Object.values(s.clusterExternalAddresses ?? {}).flat(),
      clusterAddresses: [],
      loadBalancer: false,
      labels: s.labels ?? {},
    };
  });
  return registryCache;
}

export function loadCase(name: string): { model: Workspace; caseJson: CaseJson } {
  const dir = path.join(suiteRoot, 'cases', name);
  const caseJson = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseJson;
  const namespaces = caseJson.harness.namespacesCreated
    .map((n) => yaml.dump({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: n.labels } }))
    .join('---\n');
  const model = loadSources(
    [
      { name: 'input.yaml', bytes: readFileSync(path.join(dir, 'input.yaml')) },
      { name: 'harness/kube-objects.yaml', bytes: readFileSync(path.join(suiteRoot, 'harness', 'kube-objects.yaml')) },
      { name: 'harness/namespaces.yaml', bytes: Buffer.from(namespaces) },
    ],
    { defaultNamespace: 'default', domainSuffix: 'domain.suffix', strict: true, overlays: [gatewayApiOverlay(harnessOptions())] },
  );
  return { model, caseJson };
}

/** The conversion under the harness: no CRD defaults, only the harness Namespaces, no deployment controller, the suite's flags. */
export const harnessOptions = (): GatewayApiOptions => ({
  crdDefaults: false,
  implicitNamespaces: false,
  autoDeploy: false,
  ambientWaypoints: true,
  ambientMultiNetwork: true,
  registry: registryOf(harnessRegistry()),
});

export function convertCase(model: Workspace): GatewayApiConversion {
  return convertGatewayApi(model.inputs, harnessOptions());
}

/** `gwctl analyze` of the case (the Gateway API analyzer); the workspace carries the harness overlay (loadCase). */
export function analyzeCase(ws: Workspace): Finding[] {
  const result = runAnalyzers(ws, { select: ['gatewayapi/attachment'], settings: CLI_SETTINGS, loaded: [...ws.findings, ...ws.conversionFindings] });
  return result.findings;
}

// ---- normalisation ------------------------------------------------------------------------------

/** Drop protobuf zero values (null, "", 0, false, []) recursively; keep {}. */
export function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = normalize(v[k]);
      if (x === null || x === undefined || x === '' || x === 0 || x === false || (Array.isArray(x) && x.length === 0)) continue;
      out[k] = x;
    }
    return out;
  }
  return v;
}

interface IstioObject {
  key: string;
  annotations: Record<string, string>;
  spec: unknown;
}

export function goldenObjects(name: string): IstioObject[] {
  const text = readFileSync(path.join(suiteRoot, 'cases', name, 'output.golden.yaml'), 'utf8');
  return yaml.loadAll(text).flatMap((d): IstioObject[] => {
    if (!isRecord(d) || !isRecord(d['metadata'])) return [];
    const m = d['metadata'];
    const ann = isRecord(m['annotations']) ? (m['annotations'] as Record<string, string>) : {};
    return [{ key: `${String(d['kind'])} ${String(m['namespace'])}/${String(m['name'])}`, annotations: ann, spec: normalize(d['spec']) }];
  });
}

/** protobuf JSON leaves out enum fields at their zero value: ServerTLSSettings.mode PASSTHROUGH. */
function protoJson(spec: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(spec));
  if (isRecord(copy) && Array.isArray(copy['servers'])) {
    for (const s of copy['servers']) if (isRecord(s) && isRecord(s['tls']) && s['tls']['mode'] === 'PASSTHROUGH') delete s['tls']['mode'];
  }
  return normalize(copy);
}

export function convertedObjects(c: GatewayApiConversion): IstioObject[] {
  const out: IstioObject[] = [];
  for (const g of c.gateways) out.push({ key: `Gateway ${g.namespace}/${g.name}`, annotations: g.metadata.annotations ?? {}, spec: protoJson(g.spec) });
  for (const v of c.virtualServices) {
    out.push({ key: `VirtualService ${v.vs.namespace}/${v.vs.name}`, annotations: v.vs.metadata.annotations ?? {}, spec: normalize(JSON.parse(JSON.stringify(v.vs.spec))) });
  }
  return out;
}

/** (kind, namespace, name, locator, type, status, reason) tuples of Istio-written conditions. */
export function goldenConditions(name: string): Set<string> {
  const text = readFileSync(path.join(suiteRoot, 'cases', name, 'status.golden.yaml'), 'utf8');
  const out = new Set<string>();
  for (const d of yaml.loadAll(text)) {
    if (!isRecord(d) || !isRecord(d['metadata']) || !isRecord(d['status'])) continue;
    const kind = String(d['kind']);
    const ns = typeof d['metadata']['namespace'] === 'string' ? d['metadata']['namespace'] : '';
    const obj = `${kind} ${ns}/${String(d['metadata']['name'])}`;
    const st = d['status'];
    const add = (locator: string, conds: unknown): void => {
      if (!Array.isArray(conds)) return;
      for (const c of conds) if (isRecord(c)) out.add(`${obj} ${locator} ${String(c['type'])}=${String(c['status'])} ${String(c['reason'])}`);
    };
    add('', st['conditions']);
    if (Array.isArray(st['addresses'])) out.add(`${obj}  addresses=${JSON.stringify(st['addresses'].map((a: unknown) => (isRecord(a) ? `${String(a['type'])}:${String(a['value'])}` : '')))}`);
    if (typeof st['attachedListenerSets'] === 'number') out.add(`${obj}  attachedListenerSets=${st['attachedListenerSets']}`);
    if (Array.isArray(st['listeners'])) {
      for (const l of st['listeners']) {
        if (!isRecord(l)) continue;
        add(`listener:${String(l['name'])}`, l['conditions']);
        out.add(`${obj} listener:${String(l['name'])} attachedRoutes=${String(l['attachedRoutes'])}`);
        const kinds = Array.isArray(l['supportedKinds']) ? l['supportedKinds'].map((k: unknown) => (isRecord(k) ? `${String(k['group'])}/${String(k['kind'])}` : '')) : [];
        out.add(`${obj} listener:${String(l['name'])} supportedKinds=${JSON.stringify(kinds)}`);
      }
    }
    if (Array.isArray(st['parents'])) {
      for (const p of st['parents']) {
        if (!isRecord(p) || !isRecord(p['parentRef'])) continue;
        const controller = String(p['controllerName']);
        if (controller !== 'istio.io/gateway-controller' && controller !== 'istio.io/mesh-controller') continue;
        add(`parent:${controller}:${refKey(p['parentRef'], ns)}`, p['conditions']);
      }
    }
  }
  return out;
}

function refKey(ref: Record<string, unknown>, ns: string): string {
  const s = (k: string, d: string): string => (typeof ref[k] === 'string' ? String(ref[k]) : d);
  return `${s('group', 'gateway.networking.k8s.io')}/${s('kind', 'Gateway')}/${s('namespace', ns)}/${String(ref['name'])}/${s('sectionName', '')}/${typeof ref['port'] === 'number' ? ref['port'] : ''}`;
}

/** Conditions of types Istio sets (input carry-overs such as `dummy` are dropped on both sides). */
const ISTIO_TYPES = new Set(['Accepted', 'Programmed', 'ResolvedRefs', 'Conflicted', 'InsecureFrontendValidationMode', 'ResolvedWaypoints']);

export function convertedConditions(c: GatewayApiConversion): Set<string> {
  const out = new Set<string>();
  for (const s of c.statuses) {
    const obj = `${s.kind} ${s.namespace}/${s.name}`;
    const add = (locator: string, conds: readonly { type: string; status: string; reason: string }[]): void => {
      for (const x of conds) out.add(`${obj} ${locator} ${x.type}=${x.status} ${x.reason}`);
    };
    add('', s.conditions);
    if (s.addresses) out.add(`${obj}  addresses=${JSON.stringify(s.addresses.map((a) => `${a.type}:${a.value}`))}`);
    if (s.attachedListenerSets !== undefined) out.add(`${obj}  attachedListenerSets=${s.attachedListenerSets}`);
    for (const l of s.listeners ?? []) {
      add(`listener:${l.name}`, l.conditions);
      out.add(`${obj} listener:${l.name} attachedRoutes=${l.attachedRoutes}`);
      out.add(`${obj} listener:${l.name} supportedKinds=${JSON.stringify(l.supportedKinds.map((k) => `${k.group}/${k.kind}`))}`);
    }
    for (const p of s.parents ?? []) {
      if (p.controllerName !== 'istio.io/gateway-controller' && p.controllerName !== 'istio.io/mesh-controller') continue;
      add(`parent:${p.controllerName}:${refKey({ ...p.parentRef }, s.namespace)}`, p.conditions);
    }
  }
  return out;
}

/** Conditions of types Istio sets, and the other status fields compared. */
export function istioType(tuple: string): boolean {
  const parts = tuple.split(' ');
  const last = parts.at(-1) ?? '';
  if (/^(addresses|attachedListenerSets|attachedRoutes|supportedKinds)=/.test(last)) return true;
  return ISTIO_TYPES.has((parts.at(-2) ?? '').split('=')[0] ?? '');
}
