// A table keyed by three strings, as nested maps: neither a set nor a lookup builds a joined key
// string (copied flat to be hashed, it was most of what indexing cost).

export class KeyTable<V> {
  private readonly first = new Map<string, Map<string, Map<string, V>>>();

  get(a: string, b: string, c: string): V | undefined {
    return this.first.get(a)?.get(b)?.get(c);
  }

  /** Sets the value; returns the one it replaces. */
  set(a: string, b: string, c: string, value: V): V | undefined {
    let second = this.first.get(a);
    if (second === undefined) this.first.set(a, (second = new Map()));
    let third = second.get(b);
    if (third === undefined) second.set(b, (third = new Map()));
    const earlier = third.get(c);
    third.set(c, value);
    return earlier;
  }
}
