// Grouping into a Map of lists, appended in place: a copy per append (`[...old, v]`) is quadratic
// in the size of a group, and groups come from input (every Service of a namespace...).

/** Appends `v` to the list at `k`, creating it. */
export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
