// Shared fixtures for the route translation tests: YAML → model → NormalizedVirtualService + context.
import { loadSources } from '../../../src/app/load.js';
import type { ConfigIndex } from '../../../src/model/configIndex.js';
import { normalizeVirtualService, type NormalizedVirtualService } from '../../../src/model/virtualServices.js';
import type { RouteBuildContext } from '../../../src/derive/route/context.js';

export const SUFFIX = 'cluster.local';

/** Fixtures must load cleanly unless `allowErrors` (for inputs the webhook would reject). */
export function load(yamlText: string, allowErrors = false): ConfigIndex {
  const model = loadSources([{ name: 'test.yaml', bytes: Buffer.from(yamlText) }], { domainSuffix: SUFFIX });
  const errors = model.findings.filter((f) => f.level === 'error');
  if (!allowErrors && errors.length > 0) throw new Error(`fixture has errors: ${JSON.stringify(errors.map((e) => [e.code, e.args]))}`);
  return model.config;
}

export function virtualService(index: ConfigIndex, name: string, namespace = 'default'): NormalizedVirtualService {
  const vs = index.get('VirtualService', namespace, name);
  if (!vs) throw new Error(`no VirtualService ${namespace}/${name}`);
  return normalizeVirtualService(vs, SUFFIX);
}

/** VS YAML with `metadata: {name: vs, namespace: default}` and the given spec body (indented 2). */
export function vsYaml(spec: string, name = 'vs', namespace = 'default'): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => `  ${l}`)
  .join('\n')}
`;
}

export interface CtxOptions extends Partial<Omit<RouteBuildContext, 'index' | 'lookupServicePorts'>> {
  /** FQDN → ports of the Service it names. */
  services?: Record<string, number[]>;
}

export function context(index: ConfigIndex, o: CtxOptions = {}): RouteBuildContext {
  const services = o.services ?? {};
  const { services: _s, ...rest } = o;
  return {
    index,
    port: 80,
    gatewayName: 'default/gw',
    proxy: { namespace: 'istio-system', labels: { istio: 'ingressgateway' } },
    domainSuffix: SUFFIX,
    lookupServicePorts: (host) => services[host],
    ...rest,
  };
}

/** Strip the `undefined`s a JSON round trip would drop; compare as istioctl would print. */
export const json = (x: unknown): unknown => (x === undefined ? undefined : (JSON.parse(JSON.stringify(x)) as unknown));
