// Gateway API durations (Go's time.ParseDuration) and their protobuf JSON form, as istiod converts timeouts.
/** Go time.ParseDuration for Gateway API durations, in nanoseconds (BigInt-free: < 2^53 for these). */
export function durationNanos(d: string): number {
  let total = 0;
  for (const m of d.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|h|m|s)/g)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += n * (unit === 'h' ? 3.6e12 : unit === 'm' ? 6e10 : unit === 's' ? 1e9 : unit === 'ms' ? 1e6 : unit === 'ns' ? 1 : 1e3);
  }
  return Math.round(total);
}

/** protobuf JSON for a Duration ("10s", "0.001s", "1.500s"). */
export function protoDuration(nanos: number): string {
  const secs = Math.trunc(nanos / 1e9);
  const frac = Math.abs(nanos % 1e9);
  if (frac === 0) return `${secs}s`;
  let f = String(frac).padStart(9, '0');
  if (f.endsWith('000')) f = f.slice(0, -3);
  if (f.endsWith('000')) f = f.slice(0, -3);
  return `${secs}.${f}s`;
}
