// applyHTTPRouteDestination: clusters and weights, headers, rewrites, timeouts, mirrors, fault, CORS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpRoutes } from '../../../src/derive/route/buildRoutes.js';
import { context, load, virtualService, vsYaml, type CtxOptions } from './helpers.js';

const META = '"metadata":{"filterMetadata":{"istio":{"config":"/apis/networking.istio.io/v1/namespaces/default/virtual-service/vs"}}}';
const RETRY =
  '"retryPolicy":{"retryOn":"connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes","numRetries":2,"retryHostPredicate":[{"name":"envoy.retry_host_predicates.previous_hosts","typedConfig":{"@type":"type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate"}}],"hostSelectionRetryMaxAttempts":"5"}';
const SVC = 'svc.default.svc.cluster.local';

interface Case {
  name: string;
  /** YAML of the single rule's fields (one per line, no leading dash). */
  rule: string;
  ctx?: CtxOptions;
  /** Whole route, compact JSON: checks values and key order. */
  want: string;
  allowErrors?: boolean;
}

const cases: Case[] = [
  {
    name: 'single destination → cluster, weight ignored, decorator from the cluster name',
    rule: 'route: [{destination: {host: svc}, weight: 30}]',
    ctx: { services: { [SVC]: [8080] } },
    want: `{"match":{"prefix":"/"},"route":{"cluster":"outbound|8080||${SVC}","timeout":"0s",${RETRY},"maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"${SVC}:8080/*"}}`,
  },
  {
    name: 'weight-0 entries dropped; two destinations stay weighted even with one left',
    rule: 'route: [{destination: {host: svc, subset: a}, weight: 0}, {destination: {host: svc, subset: b}, weight: 100}]',
    ctx: { services: { [SVC]: [8080] } },
    want: `{"match":{"prefix":"/"},"route":{"weightedClusters":{"clusters":[{"name":"outbound|8080|b|${SVC}","weight":100}]},"timeout":"0s",${RETRY},"maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"vs:80/*"}}`,
  },
  {
    name: 'destination.port wins; unknown service uses the port being built; other namespaces and FQDNs resolved',
    rule: 'route: [{destination: {host: svc, port: {number: 9090}}, weight: 50}, {destination: {host: other.prod}, weight: 25}, {destination: {host: ext.example.com}, weight: 25}]',
    ctx: { port: 443 },
    want: `{"match":{"prefix":"/"},"route":{"weightedClusters":{"clusters":[{"name":"outbound|9090||${SVC}","weight":50},{"name":"outbound|443||other.prod","weight":25},{"name":"outbound|443||ext.example.com","weight":25}]},"timeout":"0s",${RETRY},"maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"vs:443/*"}}`,
  },
  {
    name: 'ExternalName service: cluster uses the external name',
    rule: 'route: [{destination: {host: svc}}]',
    ctx: { services: { [SVC]: [80] }, lookupExternalName: (h) => (h === SVC ? 'db.example.net' : undefined) },
    want: `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||db.example.net","timeout":"0s",${RETRY},"maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"db.example.net:80/*"}}`,
  },
  {
    name: 'timeout sets timeout and maxGrpcTimeout',
    rule: 'timeout: 1.5s\nretries: {attempts: 0}\nroute: [{destination: {host: svc}}]',
    ctx: { services: { [SVC]: [80] } },
    want: `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||${SVC}","timeout":"1.500s","maxGrpcTimeout":"1.500s"},${META},"decorator":{"operation":"${SVC}:80/*"}}`,
  },
  {
    name: 'rewrite uri + authority; route-level headers sorted, set before add, host/pseudo headers removed',
    rule: [
      'rewrite: {uri: /v2, authority: new.host}',
      'retries: {attempts: 0}',
      'headers:',
      '  request:',
      '    set: {z-set: "1", a-set: "2", host: ignored.host}',
      '    add: {x-add: v}',
      '    remove: [x-drop, ":path", Host]',
      '  response:',
      '    set: {r-set: ok}',
      '    remove: [server]',
      'route: [{destination: {host: svc}}]',
    ].join('\n'),
    ctx: { services: { [SVC]: [80] } },
    want:
      `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||${SVC}","prefixRewrite":"/v2","hostRewriteLiteral":"new.host","timeout":"0s","maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"${SVC}:80/*"},` +
      '"requestHeadersToAdd":[{"header":{"key":"a-set","value":"2"},"appendAction":"OVERWRITE_IF_EXISTS_OR_ADD"},{"header":{"key":"z-set","value":"1"},"appendAction":"OVERWRITE_IF_EXISTS_OR_ADD"},{"header":{"key":"x-add","value":"v"}}],' +
      '"requestHeadersToRemove":["x-drop"],"responseHeadersToAdd":[{"header":{"key":"r-set","value":"ok"},"appendAction":"OVERWRITE_IF_EXISTS_OR_ADD"}],"responseHeadersToRemove":["server"]}',

    allowErrors: true,
  },
  {
    name: 'a host header set becomes hostRewriteLiteral; uriRegexRewrite → regexRewrite',
    rule: 'rewrite: {uriRegexRewrite: {match: "^/old/(.*)$", rewrite: "/new/\\\\1"}}\nretries: {attempts: 0}\nheaders: {request: {set: {":authority": a.internal}}}\nroute: [{destination: {host: svc}}]',
    ctx: { services: { [SVC]: [80] } },
    want: `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||${SVC}","regexRewrite":{"pattern":{"regex":"^/old/(.*)$"},"substitution":"/new/\\\\1"},"hostRewriteLiteral":"a.internal","timeout":"0s","maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"${SVC}:80/*"}}`,
  },
  {
    name: 'single destination headers go on the route after the rule headers; its authority only if no rewrite',
    rule: 'retries: {attempts: 0}\nheaders: {request: {add: {rule: r}}}\nroute: [{destination: {host: svc}, headers: {request: {set: {dest: d, host: d.host}}, response: {remove: [x]}}}]',
    ctx: { services: { [SVC]: [80] } },
    want:
      `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||${SVC}","hostRewriteLiteral":"d.host","timeout":"0s","maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"${SVC}:80/*"},` +
      '"requestHeadersToAdd":[{"header":{"key":"rule","value":"r"}},{"header":{"key":"dest","value":"d"},"appendAction":"OVERWRITE_IF_EXISTS_OR_ADD"}],"responseHeadersToRemove":["x"]}',
  },
  {
    name: 'weighted destination headers go on the cluster entry',
    rule: 'retries: {attempts: 0}\nroute: [{destination: {host: svc, subset: a}, weight: 90, headers: {request: {set: {x: "1", host: a.host}}, response: {add: {w: "2"}, remove: [z]}}}, {destination: {host: svc, subset: b}, weight: 10}]',
    ctx: { services: { [SVC]: [80] } },
    want:
      `{"match":{"prefix":"/"},"route":{"weightedClusters":{"clusters":[{"name":"outbound|80|a|${SVC}","weight":90,"requestHeadersToAdd":[{"header":{"key":"x","value":"1"},"appendAction":"OVERWRITE_IF_EXISTS_OR_ADD"}],"responseHeadersToAdd":[{"header":{"key":"w","value":"2"}}],"responseHeadersToRemove":["z"],"hostRewriteLiteral":"a.host"},{"name":"outbound|80|b|${SVC}","weight":10}]},` +
      `"timeout":"0s","maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"vs:80/*"}}`,
  },
  {
    name: 'mirror (default 100%) and mirrors with percentage; 0% dropped',
    rule: 'retries: {attempts: 0}\nmirror: {host: shadow}\nmirrors: [{destination: {host: m1, subset: s}, percentage: {value: 12.5}}, {destination: {host: m2}, percentage: {value: 0}}]\nroute: [{destination: {host: svc}}]',
    ctx: { services: { [SVC]: [80], 'shadow.default.svc.cluster.local': [7000] } },
    want:
      `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||${SVC}","timeout":"0s","requestMirrorPolicies":[` +
      '{"cluster":"outbound|7000||shadow.default.svc.cluster.local","runtimeFraction":{"defaultValue":{"numerator":100}},"traceSampled":false,"disableShadowHostSuffixAppend":true},' +
      '{"cluster":"outbound|80|s|m1.default.svc.cluster.local","runtimeFraction":{"defaultValue":{"numerator":125000,"denominator":"MILLION"}},"traceSampled":false,"disableShadowHostSuffixAppend":true}' +
      `],"maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"${SVC}:80/*"}}`,

    allowErrors: true,
  },
  {
    name: 'mirrorPercentage 0 disables the mirror',
    rule: 'retries: {attempts: 0}\nmirror: {host: shadow}\nmirrorPercentage: {value: 0}\nroute: [{destination: {host: svc}}]',
    ctx: { services: { [SVC]: [80] } },
    want: `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||${SVC}","timeout":"0s","maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"${SVC}:80/*"}}`,
  },
  {
    name: 'fault and CORS go to typedPerFilterConfig (sorted keys, Any @type first)',
    rule: [
      'retries: {attempts: 0}',
      'fault: {delay: {fixedDelay: 5s, percentage: {value: 10}}, abort: {httpStatus: 503, percentage: {value: 0.5}}}',
      'corsPolicy: {allowOrigins: [{exact: "https://a.com"}, {regex: ".*\\\\.b\\\\.com"}], allowMethods: [GET, POST], allowHeaders: [x-a], exposeHeaders: [x-b], maxAge: 24h, allowCredentials: false, unmatchedPreflights: IGNORE}',
      'route: [{destination: {host: svc}}]',
    ].join('\n'),
    ctx: { services: { [SVC]: [80] } },
    want:
      `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||${SVC}","timeout":"0s","maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"${SVC}:80/*"},"typedPerFilterConfig":{` +
      '"envoy.filters.http.cors":{"@type":"type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy","allowOriginStringMatch":[{"exact":"https://a.com"},{"safeRegex":{"regex":".*\\\\.b\\\\.com"}}],"allowMethods":"GET,POST","allowHeaders":"x-a","exposeHeaders":"x-b","maxAge":"86400","allowCredentials":false,"filterEnabled":{"defaultValue":{"numerator":100}},"forwardNotMatchingPreflights":false},' +
      '"envoy.filters.http.fault":{"@type":"type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault","delay":{"fixedDelay":"5s","percentage":{"numerator":100000,"denominator":"MILLION"}},"abort":{"httpStatus":503,"percentage":{"numerator":5000,"denominator":"MILLION"}}}}}',
  },
  {
    name: 'grpc abort, legacy delay percent, exponential delay dropped',
    rule: 'retries: {attempts: 0}\nfault: {abort: {grpcStatus: UNAVAILABLE}}\ncorsPolicy: {allowOrigin: ["*"]}\nroute: [{destination: {host: svc}}]',
    ctx: { services: { [SVC]: [80] } },
    want:
      `{"match":{"prefix":"/"},"route":{"cluster":"outbound|80||${SVC}","timeout":"0s","maxGrpcTimeout":"0s"},${META},"decorator":{"operation":"${SVC}:80/*"},"typedPerFilterConfig":{` +
      '"envoy.filters.http.cors":{"@type":"type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy","allowOriginStringMatch":[{"exact":"*"}],"filterEnabled":{"defaultValue":{"numerator":100}},"forwardNotMatchingPreflights":true},' +
      '"envoy.filters.http.fault":{"@type":"type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault","abort":{"grpcStatus":14}}}}',
    allowErrors: true,
  },
];

for (const c of cases) {
  test(`action: ${c.name}`, () => {
    const rule = c.rule.split('\n');
    const spec = `hosts: [a.com]\nhttp:\n- ${rule[0]}\n${rule.slice(1).map((l) => `  ${l}`).join('\n')}`;
    const index = load(vsYaml(spec), c.allowErrors);
    const [route] = buildHttpRoutes(virtualService(index, 'vs'), context(index, c.ctx)).routes;
    assert.equal(JSON.stringify(route), c.want);
  });
}

test('action: legacy delay percent and exponential delay', () => {
  const index = load(vsYaml('hosts: [a.com]\nhttp:\n- fault: {delay: {fixedDelay: 100ms, percent: 7}}\n  route: [{destination: {host: svc}}]\n- fault: {delay: {exponentialDelay: 1s}}\n  match: [{uri: {prefix: /e}}]\n  route: [{destination: {host: svc}}]'), true);
  const routes = buildHttpRoutes(virtualService(index, 'vs'), context(index)).routes;
  // The first rule has no match: it is a catch-all and the second rule is never built.
  assert.equal(routes.length, 1);
  assert.equal(JSON.stringify(routes[0]?.typedPerFilterConfig), '{"envoy.filters.http.fault":{"@type":"type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault","delay":{"fixedDelay":"0.100s","percentage":{"numerator":7}}}}');
  const index2 = load(vsYaml('hosts: [a.com]\nhttp:\n- fault: {delay: {exponentialDelay: 1s}}\n  route: [{destination: {host: svc}}]'), true);
  const [r2] = buildHttpRoutes(virtualService(index2, 'vs'), context(index2)).routes;
  assert.equal(JSON.stringify(r2?.typedPerFilterConfig), '{"envoy.filters.http.fault":{"@type":"type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault"}}');
});
