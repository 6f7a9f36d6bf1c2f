// ConvertPolicy: defaults, attempts 0, retryOn parsing, perTryTimeout, predicates, priorities, backoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHttpRoutes } from '../../../src/derive/route/buildRoutes.js';
import { parseRetryOn } from '../../../src/derive/route/retry.js';
import type { ConsistentHash } from '../../../src/schema/kinds/destinationRule.js';
import { context, json, load, virtualService, vsYaml } from './helpers.js';

const PREVIOUS_HOSTS = [
  {
    name: 'envoy.retry_host_predicates.previous_hosts',
    typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' },
  },
];
const DEFAULT_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

interface Case {
  name: string;
  retries?: string;
  /** DR consistent hash for the single destination. */
  hash?: ConsistentHash;
  want: unknown;
  /** The webhook would reject it (istiod still translates it this way). */
  allowErrors?: boolean;
}

const cases: Case[] = [
  { name: 'no retries → default policy', want: { retryOn: DEFAULT_ON, numRetries: 2, retryHostPredicate: PREVIOUS_HOSTS, hostSelectionRetryMaxAttempts: '5' } },
  { name: 'attempts 0 → no policy', retries: '{attempts: 0}', want: undefined },
  { name: 'retryOn without attempts → no policy', retries: '{retryOn: 5xx}', allowErrors: true, want: undefined },
  { name: 'attempts 3', retries: '{attempts: 3}', want: { retryOn: DEFAULT_ON, numRetries: 3, retryHostPredicate: PREVIOUS_HOSTS, hostSelectionRetryMaxAttempts: '5' } },
  {
    name: 'retryOn with integer codes → retriableStatusCodes and retriable-status-codes appended',
    retries: '{attempts: 2, retryOn: "gateway-error, 503,connect-failure,504"}', allowErrors: true,
    want: { retryOn: 'gateway-error,connect-failure,retriable-status-codes', numRetries: 2, retryHostPredicate: PREVIOUS_HOSTS, hostSelectionRetryMaxAttempts: '5', retriableStatusCodes: [503, 504] },
  },
  {
    name: 'retryOn with only a code keeps Istio\'s leading comma',
    retries: '{attempts: 1, retryOn: "503"}',
    want: { retryOn: ',retriable-status-codes', numRetries: 1, retryHostPredicate: PREVIOUS_HOSTS, hostSelectionRetryMaxAttempts: '5', retriableStatusCodes: [503] },
  },
  {
    name: 'retryOn already naming retriable-status-codes is not doubled; unknown numbers stay names',
    retries: '{attempts: 1, retryOn: "retriable-status-codes,599,502"}', allowErrors: true,
    want: { retryOn: 'retriable-status-codes,599', numRetries: 1, retryHostPredicate: PREVIOUS_HOSTS, hostSelectionRetryMaxAttempts: '5', retriableStatusCodes: [502] },
  },
  {
    name: 'perTryTimeout, retryRemoteLocalities, backoff in proto order',
    retries: '{attempts: 4, perTryTimeout: 1.5s, retryRemoteLocalities: true, backoff: 100ms}',
    want: {
      retryOn: DEFAULT_ON,
      numRetries: 4,
      perTryTimeout: '1.500s',
      retryPriority: {
        name: 'envoy.retry_priorities.previous_priorities',
        typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig', updateFrequency: 2 },
      },
      retryHostPredicate: PREVIOUS_HOSTS,
      hostSelectionRetryMaxAttempts: '5',
      retryBackOff: { baseInterval: '0.100s' },
    },
  },
  { name: 'retryIgnorePreviousHosts false drops the predicate', retries: '{attempts: 2, retryIgnorePreviousHosts: false}', want: { retryOn: DEFAULT_ON, numRetries: 2, hostSelectionRetryMaxAttempts: '5' } },
  { name: 'consistent hash drops the default predicate', hash: { httpHeaderName: 'x-user' }, want: { retryOn: DEFAULT_ON, numRetries: 2, hostSelectionRetryMaxAttempts: '5' } },
  {
    name: 'retryIgnorePreviousHosts true restores it despite consistent hash',
    retries: '{attempts: 2, retryIgnorePreviousHosts: true}',
    hash: { useSourceIp: true },
    want: { retryOn: DEFAULT_ON, numRetries: 2, retryHostPredicate: PREVIOUS_HOSTS, hostSelectionRetryMaxAttempts: '5' },
  },
];

for (const c of cases) {
  test(`retry: ${c.name}`, () => {
    const spec = `hosts: [a.com]\nhttp:\n- route: [{destination: {host: svc}}]${c.retries ? `\n  retries: ${c.retries}` : ''}`;
    const index = load(vsYaml(spec), c.allowErrors);
    const ctx = context(index, c.hash === undefined ? {} : { consistentHash: () => c.hash });
    const [route] = buildHttpRoutes(virtualService(index, 'vs'), ctx).routes;
    assert.deepEqual(json(route?.route?.retryPolicy), c.want);
    if (c.want !== undefined) assert.equal(JSON.stringify(route?.route?.retryPolicy), JSON.stringify(c.want), 'key order');
  });
}

test('retry: the consistent-hash route also gets its hashPolicy', () => {
  const index = load(vsYaml('hosts: [a.com]\nhttp:\n- route: [{destination: {host: svc}}]'));
  const ctx = context(index, { consistentHash: () => ({ httpCookie: { name: 'u', ttl: '10s', path: '/' } }) });
  const [route] = buildHttpRoutes(virtualService(index, 'vs'), ctx).routes;
  assert.equal(JSON.stringify(route?.route?.hashPolicy), '[{"cookie":{"name":"u","ttl":"10s","path":"/"}}]');
});

test('retry: mesh defaultHttpRetryPolicy replaces the built-in default', () => {
  const index = load(vsYaml('hosts: [a.com]\nhttp:\n- route: [{destination: {host: svc}}]'));
  const [route] = buildHttpRoutes(virtualService(index, 'vs'), context(index, { defaultHttpRetryPolicy: { attempts: 5, retryOn: '5xx' } })).routes;
  assert.deepEqual(json(route?.route?.retryPolicy), { retryOn: '5xx', numRetries: 5, retryHostPredicate: PREVIOUS_HOSTS, hostSelectionRetryMaxAttempts: '5' });
});

const retryOnRows: [string, string, number[]][] = [
  ['5xx,reset', '5xx,reset', []],
  [' 503 , , 429 ', '', [503, 429]],
  ['306,999,abc', '306,999,abc', []],
  ['+503', '', [503]],
];
for (const [input, on, codes] of retryOnRows) {
  test(`parseRetryOn(${JSON.stringify(input)})`, () => assert.deepEqual(parseRetryOn(input), { retryOn: on, codes }));
}
