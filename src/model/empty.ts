// The empty list and the empty map, shared wherever a field is absent and read as empty: read only
// (frozen), so one object serves every reader, and code that runs over every resource makes none.
export const NO_ITEMS: readonly never[] = Object.freeze([]);
export const NO_LABELS: Readonly<Record<string, never>> = Object.freeze({});
