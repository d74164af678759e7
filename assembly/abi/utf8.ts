// Strings across the boundary: AssemblyScript strings are UTF-16, the host speaks UTF-8. Outgoing
// strings are encoded without allocating: a string literal (immutable static data, below
// __heap_base) is encoded once and kept by its address for the life of the VM; any other string
// goes into one of a few reusable scratch buffers, one per argument position of a host call.
// Incoming bytes become a string with one allocation, the string itself. Header names, values
// and paths are nearly always ASCII, so both directions try a plain byte copy first.

/** Scratch slots: enough for the most string arguments one host call takes (redis_init: 3). */
export const SCRATCH_SLOTS: i32 = 3;

// Per slot: block address and capacity (usize each).
const scratch: usize = memory.data(SCRATCH_SLOTS * 2 * sizeof<usize>(), 8);

// Direct-mapped cache of encoded literals, indexed by bits 4..10 of the literal's address: static
// objects are at least 20 bytes apart, so literals within 2 KB of each other never share an entry.
// Per entry (16 bytes, so the masked address is the entry's offset): literal address, encoded
// address, encoded size. A literal whose entry is taken by another one, or that holds CR, LF or
// NUL, is encoded into scratch instead: nothing is ever evicted, so a cached address stays valid
// for as long as the host may be reading it, and a hit never has a forbidden character.
const LITERAL_INDEX_MASK: usize = 0x7f0;
const literals: usize = memory.data(<i32>(LITERAL_INDEX_MASK + 16), 16);

let lastSize: usize = 0;
let lastForbidden: bool = false;

/** Byte size of the string last encoded. */
@inline export function encodedSize(): usize {
  return lastSize;
}

/** Whether the string last encoded holds CR, LF or NUL, which would split or cut a header. */
@inline export function encodedHasForbiddenHeaderChar(): bool {
  return lastForbidden;
}

// Whether a UTF-16 code unit is CR, LF or NUL.
@inline function isForbidden(c: u32): bool {
  return c == 0x0d || c == 0x0a || c == 0;
}

// Encodes `length` UTF-16 units at `src` to `dst` (room for 3 bytes per unit); sets lastForbidden.
function encodeInto(src: usize, length: usize, dst: usize): usize {
  let forbidden = false;
  let i: usize = 0;
  for (; i < length; i++) {
    const c = <u32>load<u16>(src + (i << 1));
    if (c >= 0x80) break;
    forbidden = forbidden || isForbidden(c);
    store<u8>(dst + i, <u8>c);
  }
  if (i == length) {
    lastForbidden = forbidden;
    return length;
  }
  // Rare: a non-ASCII unit. Finish the forbidden scan over the rest, then let the standard
  // library do the surrogate handling for the whole string. A lone surrogate becomes U+FFFD: the
  // library's default (WTF-8) would hand Envoy bytes that are not UTF-8.
  for (; i < length; i++) forbidden = forbidden || isForbidden(<u32>load<u16>(src + (i << 1)));
  lastForbidden = forbidden;
  return <usize>String.UTF8.encodeUnsafe(src, <i32>length, dst, false, String.UTF8.ErrorMode.REPLACE);
}

// A scratch slot with room for `bytes`; grows by doubling (outside host calls only).
function scratchFor(slot: i32, bytes: usize): usize {
  const cell = scratch + <usize>slot * 2 * sizeof<usize>();
  let block = load<usize>(cell);
  const capacity = load<usize>(cell, sizeof<usize>());
  if (bytes > capacity) {
    let next: usize = capacity == 0 ? 256 : capacity << 1;
    if (next < bytes) next = bytes;
    if (block != 0) heap.free(block);
    block = heap.alloc(next);
    store<usize>(cell, block);
    store<usize>(cell, next, sizeof<usize>());
  }
  return block;
}

/**
 * The UTF-8 bytes of `s` for a host call: their address (size in encodedSize()). A literal's
 * bytes live for the VM's lifetime; other strings' until the same `slot` is encoded into again.
 */
export function encodeString(s: string, slot: i32): usize {
  const src = changetype<usize>(s);
  // A literal already encoded is the common case: one load and compare. Only literals are ever
  // entered, so a heap string's address never matches and needs no check of its own.
  const entry = literals + (src & LITERAL_INDEX_MASK);
  if (load<usize>(entry) == src) {
    lastSize = load<usize>(entry, 8);
    lastForbidden = false;
    return load<usize>(entry, 4);
  }
  return encodeMissed(src, slot, entry);
}

// encodeString for a string not in the literal cache: enters a literal whose entry is free.
function encodeMissed(src: usize, slot: i32, entry: usize): usize {
  const length = <usize>changetype<string>(src).length;
  if (length == 0) {
    lastSize = 0;
    lastForbidden = false;
    return 0;
  }
  const block = scratchFor(slot, length * 3);
  const size = encodeInto(src, length, block);
  lastSize = size;
  if (src >= __heap_base || lastForbidden || load<usize>(entry) != 0) return block;
  // A literal with a free entry: its bytes are kept for the life of the VM.
  const kept = heap.alloc(size);
  memory.copy(kept, block, size);
  store<usize>(entry, src);
  store<usize>(entry, kept, 4);
  store<usize>(entry, size, 8);
  return kept;
}

/**
 * A property path in the host's format (segments joined by NUL bytes) in scratch `slot`; size in
 * encodedSize().
 */
export function encodePath(path: string[], slot: i32): usize {
  const count = path.length;
  let room: usize = <usize>count;
  for (let i = 0; i < count; i++) room += <usize>unchecked(path[i]).length * 3;
  const block = scratchFor(slot, room);
  let at = block;
  for (let i = 0; i < count; i++) {
    if (i > 0) store<u8>(at++, 0);
    const segment = unchecked(path[i]);
    at += encodeInto(changetype<usize>(segment), <usize>segment.length, at);
  }
  lastSize = at - block;
  return block;
}

/**
 * The UTF-8 bytes of `s` in a new buffer, a lone surrogate as U+FFFD: the standard library's
 * default (WTF-8) would hand the host, Redis or a peer VM bytes that are not UTF-8, which read
 * back as three U+FFFD instead of one.
 */
export function encodeUtf8(s: string): ArrayBuffer {
  return String.UTF8.encode(s, false, String.UTF8.ErrorMode.REPLACE);
}

/** A string from the UTF-8 bytes of `buffer`; each invalid sequence becomes one U+FFFD. */
export function decodeBuffer(buffer: ArrayBuffer): string {
  return decodeString(changetype<usize>(buffer), <usize>buffer.byteLength);
}

/** A string from `size` UTF-8 bytes at `ptr`; each invalid sequence becomes one U+FFFD. */
export function decodeString(ptr: usize, size: usize): string {
  if (size == 0) return "";
  // Widen as if the bytes were ASCII while collecting their high bits, in one pass: checking
  // first and copying after read every byte twice and was most of a header read's cost. If any
  // byte was non-ASCII the full decoder rewrites the same block. Four bytes at a time; the last
  // word is the one ending at `size`, overlapping bytes already done (their units are rewritten
  // with the same values) rather than finishing with narrower steps.
  const out = __new(size << 1, idof<String>());
  let high: u64 = 0;
  if (size >= 4) {
    const last = size - 4;
    for (let i: usize = 0; i < last; i += 4) high |= widen4(ptr + i, out + (i << 1));
    high |= widen4(ptr + last, out + (last << 1));
  } else {
    // One to three bytes: the first, the middle and the last cover them.
    const middle = size >> 1;
    const last = size - 1;
    high = widen1(ptr, out) | widen1(ptr + middle, out + (middle << 1)) | widen1(ptr + last, out + (last << 1));
  }
  if ((high & 0x8080808080808080) != 0) return decodeNonAscii(ptr, size, out);
  return changetype<string>(out);
}

// Copies 4 bytes at `src` to `dst` as UTF-16 units (ASCII only); answers the bytes.
@inline function widen4(src: usize, dst: usize): u64 {
  const x = <u64>load<u32>(src);
  const y = (x | (x << 16)) & 0x0000ffff0000ffff;
  store<u64>(dst, (y | (y << 8)) & 0x00ff00ff00ff00ff);
  return x;
}

// Copies the byte at `src` to `dst` as a UTF-16 unit (ASCII only); answers the byte.
@inline function widen1(src: usize, dst: usize): u64 {
  const b = load<u8>(src);
  store<u16>(dst, <u16>b);
  return <u64>b;
}

// The WHATWG UTF-8 decoder: each maximal invalid subpart becomes one U+FFFD and decoding resumes
// at the byte that broke the sequence, so nothing after bad input is lost. (The standard
// library's decoder skips the bytes a bad lead byte claims, swallowing valid characters, and lets
// overlong forms such as c0 af through as '/'.) One UTF-16 unit per byte is always enough room:
// `out` is the string block of `size` units decodeString allocated, shrunk here to what was used.
function decodeNonAscii(ptr: usize, size: usize, out: usize): string {
  let units: usize = 0;
  let needed: u32 = 0;
  let seen: u32 = 0;
  let cp: u32 = 0;
  let lower: u32 = 0x80;
  let upper: u32 = 0xbf;
  let i: usize = 0;
  while (i < size) {
    const b = <u32>load<u8>(ptr + i);
    if (needed == 0) {
      i++;
      if (b < 0x80) {
        store<u16>(out + (units++ << 1), <u16>b);
      } else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b == 0xe0) lower = 0xa0;
        if (b == 0xed) upper = 0x9f;
        needed = 2;
        cp = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b == 0xf0) lower = 0x90;
        if (b == 0xf4) upper = 0x8f;
        needed = 3;
        cp = b & 0x07;
      } else {
        store<u16>(out + (units++ << 1), 0xfffd);
      }
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is one invalid subpart; `b` starts afresh (i is not advanced).
      needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      store<u16>(out + (units++ << 1), 0xfffd);
      continue;
    }
    i++;
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    if (++seen < needed) continue;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      store<u16>(out + (units++ << 1), <u16>(0xd800 | (v >> 10)));
      store<u16>(out + (units++ << 1), <u16>(0xdc00 | (v & 0x3ff)));
    } else {
      store<u16>(out + (units++ << 1), <u16>cp);
    }
    needed = seen = 0;
  }
  if (needed != 0) store<u16>(out + (units++ << 1), 0xfffd);
  return changetype<string>(units == size ? out : __renew(out, units << 1));
}
