// The allocator the runtime's __alloc, __free and __realloc are pointed at (asconfig.base.json
// `use`, through the re-exports in abi/remap): the whole heap of a plugin. The standard TLSF
// allocator is not compiled in at all.
//
// Why: a request allocates a few dozen small objects (the strings host calls return, a context,
// a few arrays) and the collector frees them soon after. TLSF spends about 450 wasm instructions
// on each such allocation and free (bitmap searches, splitting and merging neighbours); popping
// a free list costs about 20. And TLSF's bitmaps and two-level lists are 1.8 KB of every plugin,
// for blocks a plugin rarely has more than a few of. The minimal runtime stays: a custom runtime
// would make asc add its 32 KB shadow stack, and `use` aliases only swap the functions the
// runtime calls.
//
// Small blocks (payload up to SMALL_MAX bytes) come in classes 16 bytes apart, carved from 8 KB
// chunks; a freed small block goes back to its class's list, so memory is bounded by the peak
// each class reached. Larger blocks and the chunks come from the end of the heap, and a freed
// large block goes to one address-ordered list, merged with the free blocks on either side and
// given back to the end of the heap when it reaches it. A request's large blocks (a body, a long
// header) are freed together and merge back, so the list stays a few blocks long; its first fit
// costs a step per free block, against TLSF's constant time, which only a plugin holding
// thousands of scattered large blocks would notice.
//
// Every block keeps the layout the runtime relies on: a 16-byte aligned payload and, in the u32
// before it, the payload's capacity in the bits above two tag bits (tcms reads it for its
// `total`). The tags say what a block is: static data and large blocks in use carry none, a small
// block in use carries both, a free small block bit 0 and a free large block bit 1. A pointer
// whose tags say it is not in use (freed twice, say) is ignored, as is static data.

// Largest payload served from the free lists: classes 1..SMALL_CLASSES of 16 * class bytes per
// block, of which the last 4 hold the next block's size word.
const SMALL_CLASSES: usize = 64;
const SMALL_MAX: usize = SMALL_CLASSES * 16 - 4;
const SMALL_USED: u32 = 3; // both tag bits: a small block in use
const SMALL_FREE: u32 = 1; // a small block on a free list
const LARGE_USED: u32 = 0;
const LARGE_FREE: u32 = 2;
// What the large blocks give at a time to carve small blocks from.
const CHUNK_SIZE: usize = 8192;
// Largest payload (TLSF's bound too): block sizes then stay far from overflowing 32 bits.
const LARGE_MAX: usize = (1 << 30) - 20;
// A large block is split when at least this much would be left over: a rest that could serve a
// large request. A smaller rest stays with the block, whose size word then tells the true capacity.
const SPLIT_MIN: usize = SMALL_CLASSES * 16 + 16;

// Head of each class's free list (index 0 unused); a free block's first word links the next.
const heads: usize = memory.data(<i32>((SMALL_CLASSES + 1) * sizeof<usize>()), 16);
// Head of the free large blocks, in address order; each one's first word links the next.
const largeHead: usize = memory.data(<i32>sizeof<usize>(), 4);

// The head of the free list for blocks of `block` bytes (a multiple of 16): block / 16 words of
// 4 bytes (wasm32) in.
@inline function headOf(block: usize): usize {
  return heads + (block >> 2);
}

// The size word of a block of `block` bytes (a multiple of 16, its own size word included):
// its payload capacity, whose low four bits are 12, plus its tag bits.
@inline function sizeWord(block: usize, tag: u32): u32 {
  return <u32>block - 4 + tag;
}

// The bytes a block spans, its size word included: its capacity plus 4, a multiple of 16.
@inline function blockSize(ptr: usize): usize {
  return <usize>(load<u32>(ptr - 4) & ~3) + 4;
}

// The block size a payload of `size` bytes needs.
@inline function blockFor(size: usize): usize {
  return (size + 19) & ~15;
}

// The part of the current chunk not carved yet: the next payload address, and the end a block's
// payload plus the next size word may reach.
let carveAt: usize = 0;
let carveEnd: usize = 0;
// Where the next large block at the end of the heap starts (its payload address); 0 until the
// first one.
let top: usize = 0;

/** Allocates `size` bytes (the runtime's __alloc). */
export function higress_alloc(size: usize): usize {
  return allocate(size);
}

// The allocation itself, shared with higress_realloc's moves (which are not new allocations: the
// benchmark counts calls of higress_alloc).
function allocate(size: usize): usize {
  if (size > SMALL_MAX) return allocateLarge(size);
  const block = blockFor(size);
  const head = headOf(block);
  const ptr = load<usize>(head);
  if (ptr == 0) return carve(block);
  store<usize>(head, load<usize>(ptr));
  store<u32>(ptr - 4, sizeWord(block, SMALL_USED));
  return ptr;
}

// A new small block of `block` bytes from the current chunk, or a new chunk.
function carve(block: usize): usize {
  let ptr = carveAt;
  if (ptr + block > carveEnd) {
    // What is left of the chunk goes to the free list of the largest class it holds.
    const rest = (carveEnd - ptr) & ~15;
    if (rest != 0) {
      store<u32>(ptr - 4, sizeWord(rest, SMALL_USED));
      higress_free(ptr);
    }
    const chunk = allocateLarge(CHUNK_SIZE);
    // The first payload must be 16-byte aligned with room for its size word before it.
    ptr = chunk + 16;
    carveEnd = chunk + blockSize(chunk);
  }
  carveAt = ptr + block;
  store<u32>(ptr - 4, sizeWord(block, SMALL_USED));
  return ptr;
}

// A large block: the first free one that fits (split when much is left), else a new one at the
// end of the heap.
function allocateLarge(size: usize): usize {
  if (size > LARGE_MAX) throw new Error("allocation too large");
  let block = blockFor(size);
  let link = largeHead;
  let ptr = load<usize>(link);
  while (ptr != 0) {
    const have = blockSize(ptr);
    if (have >= block) {
      let next = load<usize>(ptr);
      if (have - block >= SPLIT_MIN) {
        // The rest takes the block's place in the list, which keeps the list in address order.
        const rest = ptr + block;
        store<u32>(rest - 4, sizeWord(have - block, LARGE_FREE));
        store<usize>(rest, next);
        next = rest;
      } else {
        block = have;
      }
      store<usize>(link, next);
      store<u32>(ptr - 4, sizeWord(block, LARGE_USED));
      return ptr;
    }
    link = ptr;
    ptr = load<usize>(ptr);
  }
  ptr = heapTop();
  reachEnd(ptr, block);
  top = ptr + block;
  store<u32>(ptr - 4, sizeWord(block, LARGE_USED));
  return ptr;
}

// Where the end of the heap is, placing it on first use. Under the incremental runtime (the
// as-pect unit tests) its TLSF owns the memory after the static data, so this allocator starts in
// memory it grows itself; in a plugin, with the minimal runtime and no TLSF, right after the data.
function heapTop(): usize {
  if (top == 0) top = ASC_RUNTIME == 2 ? (<usize>memory.size() << 16) + 16 : (__heap_base + 19) & ~15;
  return top;
}

// Grows memory so that a block of `block` bytes with its payload at `ptr` fits: at least doubling,
// as TLSF does, so a heap that creeps upwards grows in a few steps. Never runs inside a host call
// (see abi/memory.ts: the host's allocations never reach the heap).
function reachEnd(ptr: usize, block: usize): void {
  const have = memory.size();
  // In 64 bits: near the top of a 4 GB memory the end does not fit in 32, and growing then fails.
  const need = <i32>((<u64>ptr + <u64>block - 4 + 0xffff) >> 16) - have;
  if (need <= 0) return;
  if (memory.grow(max(need, have)) < 0 && memory.grow(need) < 0) throw new Error("out of memory");
}

// Whether `ptr` is a block in use with the tag `used`. Static data and misaligned pointers are not
// read as blocks.
@inline function isInUse(ptr: usize, used: u32): bool {
  return ptr >= __heap_base && (ptr & 15) == 0 && (load<u32>(ptr - 4) & 3) == used;
}

// Whether `ptr` is a large block in use: tagged so, and below the end of the heap, so a stale
// pointer into memory given back to the end is not taken for one.
@inline function isLargeInUse(ptr: usize): bool {
  return isInUse(ptr, LARGE_USED) && ptr < top;
}

/** Frees a block (the runtime's __free); anything not a block in use is ignored. */
export function higress_free(ptr: usize): void {
  if (isInUse(ptr, SMALL_USED)) {
    const info = load<u32>(ptr - 4);
    const block = <usize>(info & ~3) + 4;
    if (block > SMALL_CLASSES * 16) return; // a size word never written here: leave it alone
    store<u32>(ptr - 4, info & ~3 | SMALL_FREE);
    const head = headOf(block);
    store<usize>(ptr, load<usize>(head));
    store<usize>(head, ptr);
  } else if (isLargeInUse(ptr)) {
    freeLarge(ptr);
  }
}

// Puts a large block back: merged with a free block right after it and one right before it, and
// given back to the end of the heap when the result reaches it.
function freeLarge(ptr: usize): void {
  let size = blockSize(ptr);
  // Marked free first: a block merged into its neighbour keeps this word, so freeing it again is
  // still recognised and ignored.
  store<u32>(ptr - 4, sizeWord(size, LARGE_FREE));
  let beforeLink: usize = 0; // the link to `link`'s block, when `link` is a block
  let link = largeHead; // the list head or the last free block before ptr: its word links `next`
  let next = load<usize>(link);
  while (next != 0 && next < ptr) {
    beforeLink = link;
    link = next;
    next = load<usize>(next);
  }
  if (next != 0 && ptr + size == next) {
    size += blockSize(next);
    next = load<usize>(next);
  }
  let start = ptr;
  let startLink = link;
  if (link != largeHead && link + blockSize(link) == ptr) {
    start = link;
    size += blockSize(link);
    startLink = beforeLink;
  }
  if (start + size == top) {
    // Nothing free lies beyond the end of the heap, so `next` is 0 here.
    store<usize>(startLink, 0);
    top = start;
    return;
  }
  store<u32>(start - 4, sizeWord(size, LARGE_FREE));
  store<usize>(start, next);
  store<usize>(startLink, start);
}

/** Resizes a block (the runtime's __realloc): in place when it fits or ends the heap, else moved. */
export function higress_realloc(ptr: usize, size: usize): usize {
  const small = isInUse(ptr, SMALL_USED);
  // Not a block in use (only a bug could pass one): nothing to keep, so a new block.
  if (!small && !isLargeInUse(ptr)) return allocate(size);
  const capacity = <usize>(load<u32>(ptr - 4) & ~3);
  if (size <= capacity) return ptr;
  if (!small && size <= LARGE_MAX && ptr + capacity + 4 == top) {
    // The last block of the heap grows into the memory after it, as a buffer that keeps
    // growing (a body being collected) usually is.
    const block = blockFor(size);
    reachEnd(ptr, block);
    top = ptr + block;
    store<u32>(ptr - 4, sizeWord(block, LARGE_USED));
    return ptr;
  }
  const moved = allocate(size);
  memory.copy(moved, ptr, capacity);
  higress_free(ptr);
  return moved;
}
