// virtualservice/route-destinations compares a rule's destinations pairwise when the rule has few
// (nearly all), through a map of JSON keys when it has many. Differential: both ways give the same
// pairs on generated rules, short names and FQDNs, missing hosts, subsets and odd ports included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duplicateDestinations, type Dest } from '../../src/analysis/analyzers/virtualservice/route-destinations.js';
import { resolveShortnameToFqdn } from '../../src/model/hosts.js';
import { mulberry32 } from '../../bench/prng.js';

const HOSTS = ['a', 'a.ns.svc.cluster.local', 'b', 'b.other', '', undefined];
const SUBSETS = [undefined, '', 'v1', 'v2'];
const PORTS = [undefined, 0, 80, 8080, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

test('pairwise duplicate destinations equal the keyed ones', () => {
  const next = mulberry32(16);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const fqdn = (h: string): string => resolveShortnameToFqdn(h, 'ns', 'cluster.local');
  let pairs = 0;
  for (let n = 0; n < 3000; n++) {
    const len = 1 + Math.floor(next() * 12);
    const route: Dest[] = [];
    for (let i = 0; i < len; i++) {
      const host = pick(HOSTS);
      const subset = pick(SUBSETS);
      const port = pick(PORTS);
      route.push(next() < 0.05 ? {} : { destination: { ...(host !== undefined ? { host } : {}), ...(subset !== undefined ? { subset } : {}), ...(port !== undefined ? { port: { number: port } } : {}) } });
    }
    const keyed = duplicateDestinations(route, fqdn, 0);
    assert.deepEqual(duplicateDestinations(route, fqdn), keyed, JSON.stringify(route));
    pairs += keyed.length / 2;
  }
  assert.ok(pairs > 1000, `only ${pairs} duplicates compared`);
});
