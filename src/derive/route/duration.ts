// protobuf Duration handling: VS durations arrive as strings ("5s", "100ms", "1.5s") and istioctl
// prints them the way protojson does ("5s", "1.500s", "0.100s": 0, 3, 6 or 9 fractional digits).

const NANOS_PER_UNIT: Record<string, bigint> = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  µs: 1_000n,
  ns: 1n,
};

/** Total nanoseconds of a duration string, or undefined when it is not one (the schema rejects those). */
export function durationNanos(text: string): bigint | undefined {
  const m = /^(-)?(\d+)(?:\.(\d+))?(h|m|s|ms|us|µs|ns)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = NANOS_PER_UNIT[m[4] ?? ''];
  if (unit === undefined) return undefined;
  const frac = m[3] ?? '';
  // Exact integer arithmetic: fraction digits scaled by the unit, truncated like Go's ParseDuration.
  const fracNanos = frac === '' ? 0n : (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
  const total = BigInt(m[2] ?? '0') * unit + fracNanos;
  return m[1] ? -total : total;
}

/** protojson rendering of a Duration given in nanoseconds. */
export function formatNanos(total: bigint): string {
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const seconds = abs / 1_000_000_000n;
  const nanos = abs % 1_000_000_000n;
  let out = seconds.toString();
  if (nanos !== 0n) {
    let digits = nanos.toString().padStart(9, '0');
    if (nanos % 1_000_000n === 0n) digits = digits.slice(0, 3);
    else if (nanos % 1_000n === 0n) digits = digits.slice(0, 6);
    out += `.${digits}`;
  }
  return `${negative ? '-' : ''}${out}s`;
}

/** A VS duration string as istioctl prints it; unparsable input is passed through unchanged. */
export function formatDuration(text: string): string {
  let out = formatted.get(text);
  if (out === undefined) {
    const n = durationNanos(text);
    out = n === undefined ? text : formatNanos(n);
    // Big meshes repeat a few durations (`10s`, `2s`) on every route: each is parsed once.
    if (formatted.size < MAX_REMEMBERED) formatted.set(text, out);
  }
  return out;
}

const formatted = new Map<string, string>();
const MAX_REMEMBERED = 4096;

/** Whole seconds of a duration (protobuf `GetSeconds()`), e.g. for CORS maxAge. */
export function durationSeconds(text: string): bigint | undefined {
  const n = durationNanos(text);
  return n === undefined ? undefined : n / 1_000_000_000n;
}
