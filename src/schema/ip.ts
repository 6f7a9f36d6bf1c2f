// node:net's isIP without its start-up cost on names: its first IPv6 test compiles a regular
// expression of several KB (30-40 ms at start-up, before a single manifest is read), and nearly every
// string gwctl asks about is a host name, which is neither IPv4 (digits and dots only) nor IPv6
// (always holds a colon). Those are answered without node:net; anything else goes to isIP itself
// (test/schema/ip.test.ts compares the two on generated strings). node:net itself is loaded only then
// (it loads Node's streams and sockets: a run whose inputs hold no address never needs it).
import { builtin } from '../load/builtins.js';

let isIP: ((s: string) => number) | undefined;

const DIGITS_AND_DOTS = /^[0-9.]+$/;

/** 4 or 6 for an IP address literal as node:net's isIP accepts it (IPv6 zones included), else 0. */
export function ipFamily(s: string): 0 | 4 | 6 {
  if (!s.includes(':') && !DIGITS_AND_DOTS.test(s)) return 0;
  isIP ??= builtin('node:net').isIP;
  const family = isIP(s);
  return family === 4 || family === 6 ? family : 0;
}
