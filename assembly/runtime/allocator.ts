// The allocator the runtime's __alloc, __free and __realloc are pointed at (asconfig.base.json
// `use`, through the re-exports in abi/remap): free lists of fixed-size blocks in front of the
// standard TLSF allocator.
//
// Why: a request allocates a few dozen small objects (the strings host calls return, a context,
// a few arrays) and the collector frees them soon after. TLSF spends about 450 wasm instructions
// on each such allocation and free (bitmap searches, splitting and merging neighbours); popping
// a free list costs about 20. The minimal runtime stays: a custom runtime would make asc add its
// 32 KB shadow stack, and `use` aliases only swap the functions the runtime calls.
//
// Small blocks (payload up to SMALL_MAX bytes) come in classes 16 bytes apart, carved from chunks
// TLSF hands out; a freed small block goes back to its class's list, never to TLSF, so memory is
// bounded by the peak each class reached. Larger blocks are TLSF's own.
//
// Every block keeps the layout the runtime relies on: a 16-byte aligned payload and, in the u32
// before it, the block's size in the bits above the two tag bits (tcms reads it for its `total`).
// The tags tell blocks apart: TLSF sets only FREE (bit 0) on a free block, and never FREE and
// LEFTFREE together (a free block's left neighbour would have been merged into it), so a small
// block in use carries both bits, and a small block on a free list carries FREE only. Freeing
// that one again therefore reaches TLSF, which refuses a free block as it always did.

import { __alloc as tlsfAlloc, __free as tlsfFree, __realloc as tlsfRealloc } from "~lib/rt/tlsf";

// Largest payload served from the free lists: classes 1..SMALL_CLASSES of 16 * class bytes per
// block, of which the last 4 hold the next block's size word.
const SMALL_CLASSES: usize = 64;
const SMALL_MAX: usize = SMALL_CLASSES * 16 - 4;
const SMALL_USED: u32 = 3; // FREE | LEFTFREE: a small block in use
const SMALL_FREE: u32 = 1; // FREE: a small block on a free list
// What TLSF is asked for at a time to carve small blocks from.
const CHUNK_SIZE: usize = 8192;

// Head of each class's free list (index 0 unused); a free block's first word links the next.
const heads: usize = memory.data(<i32>((SMALL_CLASSES + 1) * sizeof<usize>()), 16);

// The head of the free list for blocks of `block` bytes (a multiple of 16): block / 16 words of
// 4 bytes (wasm32) in.
@inline function headOf(block: usize): usize {
  return heads + (block >> 2);
}

// The size word of a small block of `block` bytes in use: its payload size, whose two low bits
// are zero, plus both tag bits.
@inline function usedWord(block: usize): u32 {
  return <u32>block - 4 + SMALL_USED;
}
// The part of the current chunk not carved yet: the next payload address, and the end a block's
// payload plus the next size word may reach.
let carveAt: usize = 0;
let carveEnd: usize = 0;

/** Allocates `size` bytes (the runtime's __alloc). */
export function higress_alloc(size: usize): usize {
  return allocate(size);
}

// The allocation itself, shared with higress_realloc's moves (which are not new allocations: the
// benchmark counts calls of higress_alloc).
function allocate(size: usize): usize {
  if (size > SMALL_MAX) return tlsfAlloc(size);
  const block = (size + 19) & ~15; // payload and the next size word, rounded to 16
  const head = headOf(block);
  const ptr = load<usize>(head);
  if (ptr == 0) return carve(block);
  store<usize>(head, load<usize>(ptr));
  store<u32>(ptr - 4, usedWord(block));
  return ptr;
}

// A new small block of `block` bytes from the current chunk, or a new chunk.
function carve(block: usize): usize {
  let ptr = carveAt;
  if (ptr + block > carveEnd) {
    // What is left of the chunk goes to the free list of the largest class it holds.
    const rest = (carveEnd - ptr) & ~15;
    if (rest != 0) {
      store<u32>(ptr - 4, usedWord(rest));
      higress_free(ptr);
    }
    const chunk = tlsfAlloc(CHUNK_SIZE);
    // The first payload must be 16-byte aligned with room for its size word before it.
    ptr = chunk + 16;
    carveEnd = chunk + <usize>(load<u32>(chunk - 4) & ~3) + 4;
  }
  carveAt = ptr + block;
  store<u32>(ptr - 4, usedWord(block));
  return ptr;
}

// Whether `ptr` is a small block in use: handed out here, not freed since. Static data and
// misaligned pointers are not read, as TLSF would not read them either.
@inline function isSmallInUse(ptr: usize): bool {
  return ptr >= __heap_base && (ptr & 15) == 0 && (load<u32>(ptr - 4) & 3) == SMALL_USED;
}

/** Frees a block (the runtime's __free); anything not a small block in use is TLSF's to judge. */
export function higress_free(ptr: usize): void {
  if (!isSmallInUse(ptr)) {
    tlsfFree(ptr);
    return;
  }
  const info = load<u32>(ptr - 4);
  const block = <usize>(info & ~3) + 4;
  if (block > SMALL_CLASSES * 16) return; // a size word never written here: leave it alone
  store<u32>(ptr - 4, info & ~3 | SMALL_FREE);
  const head = headOf(block);
  store<usize>(ptr, load<usize>(head));
  store<usize>(head, ptr);
}

/** Resizes a block (the runtime's __realloc), moving it when it does not fit. */
export function higress_realloc(ptr: usize, size: usize): usize {
  if (!isSmallInUse(ptr)) return tlsfRealloc(ptr, size);
  const capacity = <usize>(load<u32>(ptr - 4) & ~3);
  if (size <= capacity) return ptr;
  const moved = allocate(size);
  memory.copy(moved, ptr, capacity);
  higress_free(ptr);
  return moved;
}
