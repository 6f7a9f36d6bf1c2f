// What a parsed YAML or JSON value must be to be read as an object (a mapping, not a list or scalar).
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
