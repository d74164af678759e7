// The proxy-wasm pair serialization: u32 count | count x (u32 key_len, u32 value_len) |
// key bytes 0x00 value bytes 0x00 ... (little-endian). The host's parser is strict and answers any
// malformed input with an EMPTY list instead of an error (cpp-host pairs_util.cc); callers then act
// on that empty list, e.g. set_header_map_pairs wipes all headers.

import type { HeaderBytePairs, HeaderPairs } from "./types.js";

/** PROXY_WASM_HOST_PAIRS_MAX_COUNT */
export const MAX_PAIRS = 1024;
/** PROXY_WASM_HOST_PAIRS_MAX_BYTES */
export const MAX_PAIRS_BYTES = 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Serializes pairs for the guest; an empty list is an empty buffer (returned to the guest as (0,0)). */
export function serializePairs(pairs: ReadonlyArray<readonly [string | Uint8Array, string | Uint8Array]>): Uint8Array {
  if (pairs.length === 0) return new Uint8Array(0);
  const encoded = pairs.map(([k, v]) => [
    typeof k === "string" ? encoder.encode(k) : k,
    typeof v === "string" ? encoder.encode(v) : v,
  ]);
  let size = 4;
  for (const [k, v] of encoded) size += 8 + k.length + 1 + v.length + 1;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, encoded.length, true);
  let offset = 4;
  for (const [k, v] of encoded) {
    view.setUint32(offset, k.length, true);
    view.setUint32(offset + 4, v.length, true);
    offset += 8;
  }
  for (const [k, v] of encoded) {
    out.set(k, offset);
    offset += k.length + 1;
    out.set(v, offset);
    offset += v.length + 1;
  }
  return out;
}

/**
 * Parses guest-provided pairs exactly as strictly as the host: any violation yields []. Values stay
 * the bytes the guest wrote; keys are decoded, as every consumer looks them up by name.
 */
export function parsePairs(buffer: Uint8Array): HeaderBytePairs {
  if (buffer.length < 4 || buffer.length > MAX_PAIRS_BYTES) return [];
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const count = view.getUint32(0, true);
  if (count > MAX_PAIRS || 4 + count * 8 > buffer.length) return [];
  const sizes: Array<[number, number]> = [];
  let total = 4 + count * 8;
  for (let i = 0; i < count; i++) {
    const keySize = view.getUint32(4 + i * 8, true);
    const valueSize = view.getUint32(8 + i * 8, true);
    sizes.push([keySize, valueSize]);
    total += keySize + 1 + valueSize + 1;
  }
  if (total !== buffer.length) return [];
  const pairs: HeaderBytePairs = [];
  let offset = 4 + count * 8;
  for (const [keySize, valueSize] of sizes) {
    const key = buffer.subarray(offset, offset + keySize);
    offset += keySize;
    if (buffer[offset++] !== 0) return [];
    const value = buffer.subarray(offset, offset + valueSize);
    offset += valueSize;
    if (buffer[offset++] !== 0) return [];
    pairs.push([decoder.decode(key), value.slice()]);
  }
  return pairs;
}

/** Pairs with their values decoded as UTF-8 (U+FFFD for what is not), for text-only consumers. */
export function textPairs(pairs: HeaderBytePairs): HeaderPairs {
  return pairs.map(([k, v]) => [k, decoder.decode(v)]);
}
