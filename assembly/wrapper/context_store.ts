// Typed, GC-safe key/value storage for per-request and per-plugin state: the AssemblyScript form
// of Go's `map[string]interface{}`. Each value is kept in a typed box, so the GC sees it (no
// `usize` handles) and a read with the wrong type is a miss, never a bad cast.

abstract class Entry {
  constructor(public readonly key: string) {}
}

class TypedEntry<T> extends Entry {
  constructor(key: string, public value: T) {
    super(key);
  }
}

/**
 * A map from string keys to values of any type, read back with the type they were stored as.
 * The entries are a list in insertion order, searched from the start: a context holds a handful
 * of keys, where a scan costs less than hashing, and std Map would add about a kilobyte of code to
 * every plugin that keeps context values (a plugin storing thousands of keys in one context would
 * be better served by a Map of its own).
 */
export class ContextStore {
  private entries: Entry[] = [];

  // The position of `key`, or -1.
  private indexOf(key: string): i32 {
    const entries = this.entries;
    for (let i = 0, n = entries.length; i < n; i++) {
      if (unchecked(entries[i]).key == key) return i;
    }
    return -1;
  }

  // The entry under `key`, or null.
  private entry(key: string): Entry | null {
    const i = this.indexOf(key);
    return i < 0 ? null : unchecked(this.entries[i]);
  }

  /** Stores `value` under `key`, replacing whatever was there (which keeps its place in keys()). */
  set<T>(key: string, value: T): void {
    const entry = new TypedEntry<T>(key, value);
    const i = this.indexOf(key);
    if (i < 0) this.entries.push(entry);
    else unchecked(this.entries[i] = entry);
  }

  /** Whether something is stored under `key`. */
  has(key: string): bool {
    return this.indexOf(key) >= 0;
  }

  /** Whether the value under `key` was stored as a T. */
  holds<T>(key: string): bool {
    return this.entry(key) instanceof TypedEntry<T>;
  }

  /** The value under `key` if it was stored as a T, else `fallback`. */
  getOr<T>(key: string, fallback: T): T {
    const entry = this.entry(key);
    if (entry instanceof TypedEntry<T>) return changetype<TypedEntry<T>>(entry).value;
    return fallback;
  }

  /** The value under `key` if it was stored as a T (a reference type), else null. */
  find<T>(key: string): T | null {
    const entry = this.entry(key);
    if (entry instanceof TypedEntry<T>) return changetype<TypedEntry<T>>(entry).value;
    return null;
  }

  /** Removes `key`; false when it was not there. */
  delete(key: string): bool {
    const i = this.indexOf(key);
    if (i < 0) return false;
    // Shifted down in place, so keys() keeps insertion order.
    const entries = this.entries;
    const n = entries.length;
    for (let j = i + 1; j < n; j++) unchecked(entries[j - 1] = unchecked(entries[j]));
    entries.length = n - 1;
    return true;
  }

  /** The stored keys, in insertion order. */
  keys(): string[] {
    const entries = this.entries;
    const n = entries.length;
    const keys = new Array<string>(n);
    for (let i = 0; i < n; i++) unchecked(keys[i] = unchecked(entries[i]).key);
    return keys;
  }
}
