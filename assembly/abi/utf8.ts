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

// Direct-mapped cache of encoded literals. Per entry: literal address, encoded address, encoded
// size, and whether it holds CR, LF or NUL (u32 each on wasm32). A literal whose entry is taken
// by another one is encoded into scratch instead: nothing is ever evicted, so a cached address
// stays valid for as long as the host may be reading it.
const LITERAL_ENTRIES: u32 = 128;
const LITERAL_ENTRY_SIZE: usize = 16;
const literals: usize = memory.data(<i32>(LITERAL_ENTRIES * <u32>LITERAL_ENTRY_SIZE), 16);

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
  // library do the surrogate handling for the whole string.
  for (; i < length; i++) forbidden = forbidden || isForbidden(<u32>load<u16>(src + (i << 1)));
  lastForbidden = forbidden;
  return <usize>String.UTF8.encodeUnsafe(src, <i32>length, dst);
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
  const length = <usize>s.length;
  if (length == 0) {
    lastSize = 0;
    lastForbidden = false;
    return 0;
  }
  if (src < __heap_base) {
    const entry = literals + <usize>((<u32>src * 0x9e3779b1) >> 25) * LITERAL_ENTRY_SIZE;
    const owner = load<usize>(entry);
    if (owner == src) {
      lastSize = <usize>load<u32>(entry, 8);
      lastForbidden = load<u32>(entry, 12) != 0;
      return load<usize>(entry, 4);
    }
    if (owner == 0) {
      const block = heap.alloc(length * 3);
      const size = encodeInto(src, length, block);
      store<usize>(entry, src);
      store<usize>(entry, block, 4);
      store<u32>(entry, <u32>size, 8);
      store<u32>(entry, lastForbidden ? 1 : 0, 12);
      lastSize = size;
      return block;
    }
  }
  const block = scratchFor(slot, length * 3);
  lastSize = encodeInto(src, length, block);
  return block;
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

/** A string from `size` UTF-8 bytes at `ptr`; invalid sequences become U+FFFD. */
export function decodeString(ptr: usize, size: usize): string {
  if (size == 0) return "";
  // Eight bytes at a time: any high bit means non-ASCII, for the standard decoder.
  let i: usize = 0;
  for (; i + 8 <= size; i += 8) {
    if ((load<u64>(ptr + i) & 0x8080808080808080) != 0) return String.UTF8.decodeUnsafe(ptr, size);
  }
  for (; i < size; i++) {
    if (load<u8>(ptr + i) >= 0x80) return String.UTF8.decodeUnsafe(ptr, size);
  }
  const out = __new(size << 1, idof<String>());
  // Widened four bytes at a time: each byte becomes the low half of a UTF-16 unit.
  let j: usize = 0;
  for (; j + 4 <= size; j += 4) {
    const x = <u64>load<u32>(ptr + j);
    store<u64>(out + (j << 1), (x & 0xff) | ((x & 0xff00) << 8) | ((x & 0xff0000) << 16) | ((x & 0xff000000) << 24));
  }
  for (; j < size; j++) store<u16>(out + (j << 1), <u16>load<u8>(ptr + j));
  return changetype<string>(out);
}
