// A map keeping only its most recently used entries: the caches of what answering reads again (articles, vectors,
// passages), whichever store they are read from.

/** A map keeping its `capacity` most recently used entries. */
export class RecentlyUsed<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Touched: moved to the end of the map's order, the most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The entry of `key`, read with `load` and kept when it is not. */
  read(key: K, load: () => V): V {
    let value = this.get(key);
    if (value === undefined) this.set(key, (value = load()));
    return value;
  }

  /** The entries of `keys` (each once), those not kept read with `load` (in one call) and kept; a key `load` lacks is left out. */
  async readThrough(keys: Iterable<K>, load: (missing: K[]) => Promise<[K, V][]>): Promise<Map<K, V>> {
    const found = new Map<K, V>();
    const missing: K[] = [];
    for (const key of new Set(keys)) {
      const value = this.get(key);
      if (value !== undefined) found.set(key, value);
      else missing.push(key);
    }
    if (missing.length > 0) {
      for (const [key, value] of await load(missing)) {
        this.set(key, value);
        found.set(key, value);
      }
    }
    return found;
  }
}
