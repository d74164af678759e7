// A header map that behaves like Envoy's HeaderMapImpl where plugins can observe it: keys are
// lowercased, duplicates are separate entries, pseudo-headers (":path", ...) always sit before the
// regular headers, and replace removes every value before adding one.

import type { HeaderPairs } from "./types.js";

const encoder = new TextEncoder();

export class HeaderMap {
  private entries: HeaderPairs = [];

  constructor(pairs: HeaderPairs = []) {
    for (const [k, v] of pairs) this.add(k, v);
  }

  /** Number of entries. */
  get count(): number {
    return this.entries.length;
  }

  /** Entries in order (a copy). */
  pairs(): HeaderPairs {
    return this.entries.map(([k, v]) => [k, v]);
  }

  /** First value for the key, or undefined. */
  get(key: string): string | undefined {
    const lower = key.toLowerCase();
    return this.entries.find(([k]) => k === lower)?.[1];
  }

  /** All values for the key. */
  getAll(key: string): string[] {
    const lower = key.toLowerCase();
    return this.entries.filter(([k]) => k === lower).map(([, v]) => v);
  }

  /** Envoy's addCopy: appends, keeping pseudo-headers in front. */
  add(key: string, value: string): void {
    const lower = key.toLowerCase();
    if (lower.startsWith(":")) {
      const firstRegular = this.entries.findIndex(([k]) => !k.startsWith(":"));
      this.entries.splice(firstRegular === -1 ? this.entries.length : firstRegular, 0, [lower, value]);
    } else {
      this.entries.push([lower, value]);
    }
  }

  /** Envoy's setCopy: removes every value for the key, then adds one. */
  replace(key: string, value: string): void {
    this.remove(key);
    this.add(key, value);
  }

  /** Removes every value for the key; absent keys are fine. */
  remove(key: string): void {
    const lower = key.toLowerCase();
    this.entries = this.entries.filter(([k]) => k !== lower);
  }

  /** Replaces every entry (set_header_map_pairs). */
  setAll(pairs: HeaderPairs): void {
    this.entries = [];
    for (const [k, v] of pairs) this.add(k, v);
  }

  /** HeaderMap::byteSize(): the sum of key and value lengths in bytes. */
  byteSize(): number {
    let size = 0;
    for (const [k, v] of this.entries) size += encoder.encode(k).length + encoder.encode(v).length;
    return size;
  }
}
