// The host's serialized pair format, used for header maps, http_call headers and trailers, local
// reply headers and map properties:
//   u32 count | count × (u32 keySize, u32 valueSize) | for each pair: key bytes, 0x00, value bytes, 0x00
// little-endian. The host's parser is strict and silently turns any malformed buffer into an empty
// list (which wipes every header on set), so this side validates before it sends and checks
// every bound when it reads.

import { decodeString } from "./utf8";

/** Most pairs the host accepts in one serialized buffer. */
export const MAX_PAIRS: i32 = 1024;
/** Most bytes the host accepts in one serialized buffer. */
export const MAX_PAIRS_BYTES: i32 = 1 << 20;

/** One header (or trailer, or metadata entry): a key and its value. */
export class HeaderPair {
  constructor(public key: string, public value: string) {}
}

/** Whether `s` holds CR, LF or NUL, which would split or truncate a header on the wire. */
export function hasForbiddenHeaderChar(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x0d || c == 0x0a || c == 0) return true;
  }
  return false;
}

/**
 * Serializes pairs in the host's format, or returns null when the host would reject them:
 * a CR, LF or NUL in a key or value, more than MAX_PAIRS pairs, or more than MAX_PAIRS_BYTES.
 */
export function serializePairs(pairs: HeaderPair[]): ArrayBuffer | null {
  const count = pairs.length;
  if (count > MAX_PAIRS) return null;
  let size: i32 = 4 + count * 8;
  for (let i = 0; i < count; i++) {
    const pair = unchecked(pairs[i]);
    if (hasForbiddenHeaderChar(pair.key) || hasForbiddenHeaderChar(pair.value)) return null;
    size += String.UTF8.byteLength(pair.key) + String.UTF8.byteLength(pair.value) + 2;
    if (size > MAX_PAIRS_BYTES) return null;
  }
  const buffer = new ArrayBuffer(size);
  const base = changetype<usize>(buffer);
  store<u32>(base, count);
  let sizes = base + 4;
  let data = base + 4 + <usize>count * 8;
  for (let i = 0; i < count; i++) {
    const pair = unchecked(pairs[i]);
    const keySize = String.UTF8.encodeUnsafe(changetype<usize>(pair.key), pair.key.length, data, false, String.UTF8.ErrorMode.REPLACE);
    data += keySize;
    store<u8>(data++, 0);
    const valueSize = String.UTF8.encodeUnsafe(changetype<usize>(pair.value), pair.value.length, data, false, String.UTF8.ErrorMode.REPLACE);
    data += valueSize;
    store<u8>(data++, 0);
    store<u32>(sizes, <u32>keySize);
    store<u32>(sizes, <u32>valueSize, 4);
    sizes += 8;
  }
  return buffer;
}

/**
 * Decodes a serialized pair buffer. An empty buffer is an empty list; a malformed one (sizes that
 * overrun, missing NUL terminators, trailing bytes) gives null rather than a partial list.
 */
export function deserializePairs(buffer: ArrayBuffer): HeaderPair[] | null {
  return deserializePairsAt(changetype<usize>(buffer), <usize>buffer.byteLength);
}

/** deserializePairs for `total` bytes at `base` (such as the bytes a host call just returned). */
export function deserializePairsAt(base: usize, total: usize): HeaderPair[] | null {
  const result = new Array<HeaderPair>();
  if (total == 0) return result;
  if (total < 4) return null;
  const count = <usize>load<u32>(base);
  if (count > <usize>MAX_PAIRS || <usize>4 + count * 8 > total) return null;
  let data = base + 4 + count * 8;
  const end = base + total;
  for (let i: usize = 0; i < count; i++) {
    const keySize = <usize>load<u32>(base + 4 + i * 8);
    const valueSize = <usize>load<u32>(base + 8 + i * 8);
    // Compared piecewise: the sizes come from the buffer and their sum could wrap a u32.
    const available = end - data;
    if (keySize > available || valueSize > available - keySize || available - keySize - valueSize < 2) return null;
    if (load<u8>(data + keySize) != 0 || load<u8>(data + keySize + 1 + valueSize) != 0) return null;
    const key = decodeString(data, keySize);
    const value = decodeString(data + keySize + 1, valueSize);
    result.push(new HeaderPair(key, value));
    data += keySize + valueSize + 2;
  }
  return data == end ? result : null;
}
