// Typed, GC-safe key/value storage for per-request and per-plugin state: the AssemblyScript form
// of Go's `map[string]interface{}`. Each value is kept in a typed box, so the GC sees it (no
// `usize` handles) and a read with the wrong type is a miss, never a bad cast.

abstract class Entry {}

class TypedEntry<T> extends Entry {
  constructor(public value: T) {
    super();
  }
}

/** A map from string keys to values of any type, read back with the type they were stored as. */
export class ContextStore {
  private entries: Map<string, Entry> = new Map<string, Entry>();

  /** Stores `value` under `key`, replacing whatever was there. */
  set<T>(key: string, value: T): void {
    this.entries.set(key, new TypedEntry<T>(value));
  }

  /** Whether something is stored under `key`. */
  has(key: string): bool {
    return this.entries.has(key);
  }

  /** Whether the value under `key` was stored as a T. */
  holds<T>(key: string): bool {
    return this.entries.has(key) && this.entries.get(key) instanceof TypedEntry<T>;
  }

  /** The value under `key` if it was stored as a T, else `fallback`. */
  getOr<T>(key: string, fallback: T): T {
    if (!this.entries.has(key)) return fallback;
    const entry = this.entries.get(key);
    if (entry instanceof TypedEntry<T>) return changetype<TypedEntry<T>>(entry).value;
    return fallback;
  }

  /** The value under `key` if it was stored as a T (a reference type), else null. */
  find<T>(key: string): T | null {
    if (!this.entries.has(key)) return null;
    const entry = this.entries.get(key);
    if (entry instanceof TypedEntry<T>) return changetype<TypedEntry<T>>(entry).value;
    return null;
  }

  /** Removes `key`; false when it was not there. */
  delete(key: string): bool {
    return this.entries.delete(key);
  }

  /** The stored keys, in insertion order. */
  keys(): string[] {
    return this.entries.keys();
  }
}
