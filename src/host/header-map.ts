// A header map that behaves like Envoy's HeaderMapImpl where plugins can observe it: keys are
// lowercased, a built-in ("inline") header holds one comma-joined value while other duplicates
// are separate entries, pseudo-headers (":path", ...) always sit before the regular headers, and
// replace removes every value before adding one. Values are kept as bytes, because Envoy's
// HeaderString is a byte string: obs-text (0x80-0xFF) that is not UTF-8 reaches the plugin and
// leaves it unchanged. The string views decode as UTF-8 with U+FFFD for what is not.

import { headerSlot, type HeaderMapKind } from "./inline-headers.js";
import type { HeaderBytePairs, HeaderPairs, HeaderPairsInput, HeaderValue } from "./types.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const COMMA = 0x2c;

function bytesOf(value: HeaderValue): Uint8Array {
  return typeof value === "string" ? encoder.encode(value) : value.slice();
}

/** Values joined with ",", as an inline header and CEL's header map join them. */
export function commaJoined(values: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(values.reduce((size, v) => size + v.length, 0) + Math.max(values.length - 1, 0));
  let offset = 0;
  values.forEach((v, i) => {
    if (i > 0) out[offset++] = COMMA;
    out.set(v, offset);
    offset += v.length;
  });
  return out;
}

export class HeaderMap {
  private entries: HeaderBytePairs = [];

  constructor(
    readonly kind: HeaderMapKind,
    pairs: HeaderPairsInput = [],
  ) {
    for (const [k, v] of pairs) this.add(k, v);
  }

  /** Number of entries. */
  get count(): number {
    return this.entries.length;
  }

  /** Entries in order, values decoded as UTF-8. */
  pairs(): HeaderPairs {
    return this.entries.map(([k, v]) => [k, decoder.decode(v)]);
  }

  /** Entries in order with the exact value bytes (copies). */
  bytePairs(): HeaderBytePairs {
    return this.entries.map(([k, v]) => [k, v.slice()]);
  }

  private keyOf(key: string): string {
    return headerSlot(this.kind, key.toLowerCase()).key;
  }

  /** The exact bytes of the first value for the key (a copy), or undefined. */
  getBytes(key: string): Uint8Array | undefined {
    const slot = this.keyOf(key);
    return this.entries.find(([k]) => k === slot)?.[1].slice();
  }

  /** First value for the key decoded as UTF-8, or undefined. */
  get(key: string): string | undefined {
    const bytes = this.getBytes(key);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  }

  /** The exact bytes of every value for the key (copies). */
  getAllBytes(key: string): Uint8Array[] {
    const slot = this.keyOf(key);
    return this.entries.filter(([k]) => k === slot).map(([, v]) => v.slice());
  }

  /**
   * Envoy's addCopy: an inline header already present gets ",value" appended (an empty value
   * adds nothing); anything else is a new entry, pseudo-headers kept in front.
   */
  add(key: string, value: HeaderValue): void {
    const bytes = bytesOf(value);
    const slot = headerSlot(this.kind, key.toLowerCase());
    if (slot.inline) {
      const existing = this.entries.find(([k]) => k === slot.key);
      if (existing !== undefined) {
        if (bytes.length > 0) existing[1] = existing[1].length === 0 ? bytes : commaJoined([existing[1], bytes]);
        return;
      }
    }
    if (slot.key.startsWith(":")) {
      const firstRegular = this.entries.findIndex(([k]) => !k.startsWith(":"));
      this.entries.splice(firstRegular === -1 ? this.entries.length : firstRegular, 0, [slot.key, bytes]);
    } else {
      this.entries.push([slot.key, bytes]);
    }
  }

  /** Envoy's setCopy: removes every value for the key, then adds one. */
  replace(key: string, value: HeaderValue): void {
    this.remove(key);
    this.add(key, value);
  }

  /** An inline header's setter (setContentLength, setGrpcStatus...): the value changes in place. */
  setInline(key: string, value: string): void {
    const slot = this.keyOf(key);
    const existing = this.entries.find(([k]) => k === slot);
    if (existing === undefined) this.add(key, value);
    else existing[1] = encoder.encode(value);
  }

  /** Removes every value for the key; absent keys are fine. */
  remove(key: string): void {
    const slot = this.keyOf(key);
    this.entries = this.entries.filter(([k]) => k !== slot);
  }

  /** Replaces every entry (set_header_map_pairs): each pair goes through addCopy. */
  setAll(pairs: HeaderPairsInput): void {
    this.entries = [];
    for (const [k, v] of pairs) this.add(k, v);
  }

  /** HeaderMap::byteSize(): the sum of key and value lengths in bytes. */
  byteSize(): number {
    let size = 0;
    for (const [k, v] of this.entries) size += encoder.encode(k).length + v.length;
    return size;
  }
}
