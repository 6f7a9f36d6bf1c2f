// ipFamily answers names without node:net; it must agree with node:net's isIP on every string.
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { ipFamily } from '../../src/schema/ip.js';

const CASES = [
  '', '1.2.3.4', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.', '...', '0', '::', '::1', '1::', 'fe80::1%eth0',
  '::ffff:1.2.3.4', '2001:db8::', '2001:db8::/32', '[::1]', '::1:', 'a:b', ':', 'httpbin.default.svc.cluster.local', '*.example.com',
  '10.0.0.0/8', ' 1.2.3.4', '1.2.3.4 ', '１.2.3.4', 'fe80::1%', 'fe80::1%a.b:c-d', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9',
];

test('ipFamily equals isIP on hand-picked strings', () => {
  for (const s of CASES) assert.equal(ipFamily(s), isIP(s), JSON.stringify(s));
});

test('ipFamily equals isIP on generated strings near IP literals', () => {
  const alphabet = fc.constantFrom(...'0123456789abcdefABCDEF.:%/[]-xz '.split(''), '１', '٣');
  const nearIp = fc.oneof(
    fc.string({ unit: alphabet, maxLength: 45 }),
    fc.ipV4(),
    fc.ipV6(),
    fc.ipV4Extended(),
    fc.tuple(fc.ipV6(), fc.string({ unit: alphabet, maxLength: 6 })).map(([a, b]) => `${a}%${b}`),
    fc.domain(),
    fc.string(),
  );
  fc.assert(
    fc.property(nearIp, (s) => ipFamily(s) === isIP(s)),
    { numRuns: 20_000, seed: 16 },
  );
});
