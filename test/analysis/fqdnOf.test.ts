// isAnalyzerFqdnOf compares a host with an FQDN without making the host's FQDN: it must answer as
// comparing with analyzerHostToFqdn's string does, for every pairing of hosts, namespaces, domains
// and FQDNs, near misses included (a piece too long or short, a dot moved, another namespace).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAnalyzerFqdnOf } from '../../src/analysis/fqdnOf.js';
import { analyzerHostToFqdn } from '../../src/model/hosts.js';

const HOSTS = ['reviews', 'review', 'r', '', 'reviews.default', 'reviews.default.svc.cluster.local', '*', '*.example.com', 'a.b', 'svc'];
const NAMESPACES = ['default', 'defaul', 'd', '', 'svc', 'default.svc'];
const DOMAINS = ['cluster.local', 'local', '', 'cluster.loca', 'svc.cluster.local'];

test('isAnalyzerFqdnOf answers as comparing with analyzerHostToFqdn', () => {
  const fqdns = new Set<string>(['', '.', '.svc.', 'reviews.default.svc', 'reviews.default.svc.', 'reviewsxdefault.svc.cluster.local', 'reviews.defaultxsvc.cluster.local']);
  for (const h of HOSTS) for (const ns of NAMESPACES) for (const d of DOMAINS) fqdns.add(analyzerHostToFqdn(h, ns, d));
  fqdns.add('reviews.default.svc.cluster.localx');
  fqdns.add('xreviews.default.svc.cluster.local');
  let equal = 0;
  let differ = 0;
  for (const h of HOSTS)
    for (const ns of NAMESPACES)
      for (const d of DOMAINS)
        for (const f of fqdns) {
          const want = analyzerHostToFqdn(h, ns, d) === f;
          if (want) equal++;
          else differ++;
          assert.equal(isAnalyzerFqdnOf(h, ns, d, f), want, JSON.stringify([h, ns, d, f]));
        }
  // Each host, namespace and domain with its own FQDN at least, and many more near misses.
  assert.ok(equal >= HOSTS.length * NAMESPACES.length * DOMAINS.length, `only ${equal} equal pairs compared`);
  assert.ok(differ > 10 * equal, `only ${differ} unequal pairs compared`);
});
