// A header map that behaves like Envoy's HeaderMapImpl where plugins can observe it: keys are
// lowercased, a built-in ("inline") header holds one comma-joined value while other duplicates
// are separate entries, pseudo-headers (":path", ...) always sit before the regular headers, and
// replace removes every value before adding one.

import { headerSlot, type HeaderMapKind } from "./inline-headers.js";
import type { HeaderPairs } from "./types.js";

const encoder = new TextEncoder();

export class HeaderMap {
  private entries: HeaderPairs = [];

  constructor(
    readonly kind: HeaderMapKind,
    pairs: HeaderPairs = [],
  ) {
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

  private keyOf(key: string): string {
    return headerSlot(this.kind, key.toLowerCase()).key;
  }

  /** First value for the key, or undefined. */
  get(key: string): string | undefined {
    const slot = this.keyOf(key);
    return this.entries.find(([k]) => k === slot)?.[1];
  }

  /** All values for the key. */
  getAll(key: string): string[] {
    const slot = this.keyOf(key);
    return this.entries.filter(([k]) => k === slot).map(([, v]) => v);
  }

  /**
   * Envoy's addCopy: an inline header already present gets ",value" appended (an empty value
   * adds nothing); anything else is a new entry, pseudo-headers kept in front.
   */
  add(key: string, value: string): void {
    const slot = headerSlot(this.kind, key.toLowerCase());
    if (slot.inline) {
      const existing = this.entries.find(([k]) => k === slot.key);
      if (existing !== undefined) {
        if (value !== "") existing[1] = existing[1] === "" ? value : `${existing[1]},${value}`;
        return;
      }
    }
    if (slot.key.startsWith(":")) {
      const firstRegular = this.entries.findIndex(([k]) => !k.startsWith(":"));
      this.entries.splice(firstRegular === -1 ? this.entries.length : firstRegular, 0, [slot.key, value]);
    } else {
      this.entries.push([slot.key, value]);
    }
  }

  /** Envoy's setCopy: removes every value for the key, then adds one. */
  replace(key: string, value: string): void {
    this.remove(key);
    this.add(key, value);
  }

  /** An inline header's setter (setContentLength, setGrpcStatus...): the value changes in place. */
  setInline(key: string, value: string): void {
    const slot = this.keyOf(key);
    const existing = this.entries.find(([k]) => k === slot);
    if (existing === undefined) this.add(key, value);
    else existing[1] = value;
  }

  /** Removes every value for the key; absent keys are fine. */
  remove(key: string): void {
    const slot = this.keyOf(key);
    this.entries = this.entries.filter(([k]) => k !== slot);
  }

  /** Replaces every entry (set_header_map_pairs): each pair goes through addCopy. */
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
