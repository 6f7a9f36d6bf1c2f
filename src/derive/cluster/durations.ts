// Durations as protojson prints them ("10s", "0.250s"), from Istio's Go-style durations ("250ms").

export function seconds(d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(h|m|s|ms|us|µs|ns)$/.exec(d);
  if (!m) return undefined;
  const v = Number(m[1]);
  const per: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  return v * (per[m[2] ?? 's'] ?? 1);
}

const durations = new Map<string, string>();
const MAX_DURATIONS = 1_000;

/** protojson Duration: seconds with 0, 3, 6 or 9 fractional digits, e.g. "10s", "0.250s". */
export function protoDuration(d: string): string {
  let out = durations.get(d);
  if (out === undefined) {
    if (durations.size >= MAX_DURATIONS) durations.clear();
    durations.set(d, (out = formatDuration(d)));
  }
  return out;
}

function formatDuration(d: string): string {
  const s = seconds(d);
  if (s === undefined) return d;
  const nanos = Math.round(s * 1e9);
  const whole = Math.trunc(nanos / 1e9);
  const frac = nanos % 1e9;
  if (frac === 0) return `${whole}s`;
  let digits = String(frac).padStart(9, '0');
  if (digits.endsWith('000000')) digits = digits.slice(0, 3);
  else if (digits.endsWith('000')) digits = digits.slice(0, 6);
  return `${whole}.${digits}s`;
}
