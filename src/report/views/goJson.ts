// istioctl's JSON: json.MarshalIndent with 4 spaces, and Go's HTML-safe escaping of <, >, & and
// the JS line separators (encoding/json re-compacts Marshaler output with HTML escaping).
export function goJson(value: unknown): string {
  return JSON.stringify(value, null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
