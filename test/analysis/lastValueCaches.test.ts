// The analyzers remember the last value of a lookup that repeats in runs (gateway-not-found: the last
// Gateway's server hosts as the last namespace sees them; destination-not-found: the last subset
// destination host of a VirtualService). A table of inputs where the run breaks (another namespace,
// another Gateway, another VirtualService with the same written host, hosts that alternate): each
// gives the findings of the same input with the VirtualServices analysed one at a time, which no
// remembered value can leak into.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_SETTINGS } from '../../src/analysis/context.js';
import { runAnalyzers } from '../../src/analysis/run.js';
import { loadSources } from '../../src/app/load.js';

const gateway = (ns: string, name: string, hosts: string[]): string =>
  `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [${hosts.map((h) => `'${h}'`).join(', ')}]
`;

const service = (ns: string, name: string): string =>
  `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80}]
`;

const rule = (ns: string, host: string, subsets: string[]): string =>
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${host}, namespace: ${ns}}
spec:
  host: ${host}
  subsets: [${subsets.map((s) => `{name: ${s}, labels: {version: ${s}}}`).join(', ')}]
`;

/** A VirtualService routing to `dests` (`host` or `host/subset`), one rule each. */
const vs = (ns: string, name: string, hosts: string[], gateways: string[], dests: string[]): string =>
  `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec:
  hosts: [${hosts.join(', ')}]
  gateways: [${gateways.join(', ')}]
  http:
${dests
  .map((d) => {
    const [host, subset] = d.split('/');
    return `  - route: [{destination: {host: ${host}${subset ? `, subset: ${subset}` : ''}}}]\n`;
  })
  .join('')}`;

interface Case {
  name: string;
  /** Everything but the VirtualServices. */
  rest: string[];
  /** In input order: consecutive ones share what the analyzers remember. */
  virtualServices: string[];
  /** Codes the whole input must report (so that the case tests something). */
  expect: string[];
}

const CASES: Case[] = [
  {
    name: 'one Gateway seen from two namespaces in a row (its server host is namespaced)',
    rest: [gateway('edge', 'gw', ['a/shop.example.com']), service('a', 'web'), service('b', 'web')],
    virtualServices: [vs('a', 'v1', ['shop.example.com'], ['edge/gw'], ['web']), vs('b', 'v2', ['shop.example.com'], ['edge/gw'], ['web'])],
    expect: ['IST0132'],
  },
  {
    name: 'two Gateways in a row from one namespace',
    rest: [gateway('a', 'one', ['one.example.com']), gateway('a', 'two', ['two.example.com']), service('a', 'web')],
    virtualServices: [vs('a', 'v1', ['one.example.com'], ['one'], ['web']), vs('a', 'v2', ['one.example.com'], ['two'], ['web']), vs('a', 'v3', ['two.example.com'], ['two'], ['web'])],
    expect: ['IST0132'],
  },
  {
    name: 'the same written subset host in two namespaces in a row, then a gateway route without subset in each',
    rest: [gateway('a', 'gw', ['*']), gateway('b', 'gw', ['*']), service('a', 'web'), service('b', 'web'), rule('a', 'web', ['v1']), rule('b', 'web', ['v1'])],
    virtualServices: [
      vs('a', 'sub', ['web'], ['mesh'], ['web/v1']),
      vs('b', 'sub', ['web'], ['mesh'], ['web/v1']),
      vs('a', 'edge', ['a.example.com'], ['gw'], ['web']),
      vs('b', 'edge', ['b.example.com'], ['gw'], ['web']),
    ],
    expect: ['IST0140'],
  },
  {
    name: 'subset hosts that alternate within one VirtualService (own, other, own)',
    rest: [gateway('a', 'gw', ['*']), service('a', 'web'), service('a', 'api'), rule('a', 'web', ['v1', 'v2']), rule('a', 'api', ['v1'])],
    virtualServices: [vs('a', 'sub', ['web'], ['mesh'], ['web/v1', 'api/v1', 'web/v2']), vs('a', 'edge', ['a.example.com'], ['gw'], ['web', 'api'])],
    expect: ['IST0140'],
  },
];

const findings = (docs: string[]): string[] => {
  const ws = loadSources([{ name: 'in.yaml', bytes: Buffer.from(docs.join('---\n')) }]);
  return runAnalyzers(ws, { settings: CLI_SETTINGS, select: ['virtualservice/gateway-not-found', 'virtualservice/destination-not-found'] }).findings.map(
    (f) => `${f.code} ${f.resource?.namespace}/${f.resource?.name} ${JSON.stringify(f.args)}`,
  );
};

for (const c of CASES) {
  test(`remembered lookups: ${c.name}`, () => {
    const whole = findings([...c.rest, ...c.virtualServices]);
    for (const code of c.expect) assert.ok(whole.some((f) => f.startsWith(`${code} `)), `${code} expected in ${whole.join('\n')}`);
    // Findings about a VirtualService depend on it and the rest only (IST0140 pairs two: both are kept).
    const oneByOne = new Set<string>();
    for (let i = 0; i < c.virtualServices.length; i++) {
      for (let j = 0; j < c.virtualServices.length; j++) {
        if (j === i) continue;
        const pair = i < j ? [c.virtualServices[i] as string, c.virtualServices[j] as string] : [c.virtualServices[j] as string, c.virtualServices[i] as string];
        for (const f of findings([...c.rest, ...pair])) oneByOne.add(f);
      }
    }
    assert.deepEqual([...new Set(whole)].sort(), [...oneByOne].sort());
  });
}
