// Memory the host hands to the plugin. The host returns data by calling the plugin's allocator
// (re-entrantly, in the middle of a host call), copying the bytes in and writing the pointer and
// size into out-parameter cells. The allocator creates a pinned ArrayBuffer so the incremental GC
// cannot move or free it before the SDK takes it; taking it unpins it exactly once and hands it on
// as an ordinary managed ArrayBuffer, with no extra copy.

// Out-parameter cells the host writes into: a pointer/size pair and one 64-bit word.
const RETURN_PTR: usize = memory.data(8, 8);
const RETURN_SIZE: usize = RETURN_PTR + 4;
const RETURN_WORD: usize = memory.data(8, 8);

// The block handed out by the last allocator call, until the SDK takes it: if the host call that
// asked for it fails, it is unpinned instead of leaking pinned memory.
let pendingAllocation: usize = 0;

// Largest block the runtime's allocator serves; asking for more would abort.
const MAX_ALLOCATION: usize = (1 << 30) - 16;

/** The allocator the host calls: a pinned ArrayBuffer of `size` bytes, or 0 when it is too large. */
export function allocateForHost(size: usize): usize {
  if (size > MAX_ALLOCATION) return 0;
  const ptr = __pin(__new(size, idof<ArrayBuffer>()));
  if (pendingAllocation != 0) __unpin(pendingAllocation);
  pendingAllocation = ptr;
  return ptr;
}

/** Clears the out-parameter cells; call before every host call that writes them. */
export function resetReturnCells(): void {
  store<u64>(RETURN_PTR, 0);
  store<u64>(RETURN_WORD, 0);
}

/** Address of the pointer cell for `(ptr_ptr, size_ptr)` out-parameters. */
@inline export function returnPtrCell(): usize { return RETURN_PTR; }
/** Address of the size cell for `(ptr_ptr, size_ptr)` out-parameters. */
@inline export function returnSizeCell(): usize { return RETURN_SIZE; }
/** Address of the cell for a single u32 or u64 out-parameter. */
@inline export function returnWordCell(): usize { return RETURN_WORD; }

/** The u32 the host wrote into the word cell. */
export function returnedU32(): u32 { return load<u32>(RETURN_WORD); }
/** The u64 the host wrote into the word cell. */
export function returnedU64(): u64 { return load<u64>(RETURN_WORD); }

/**
 * Takes ownership of the buffer the host returned through the pointer/size cells. An empty value
 * comes back as (0, 0) without an allocation and becomes an empty ArrayBuffer.
 */
export function takeReturnedBuffer(): ArrayBuffer {
  const ptr = load<usize>(RETURN_PTR);
  const size = load<usize>(RETURN_SIZE);
  if (ptr == 0 || ptr != pendingAllocation) {
    releasePendingAllocation();
    return new ArrayBuffer(0);
  }
  pendingAllocation = 0;
  const buffer = changetype<ArrayBuffer>(ptr);
  __unpin(ptr);
  return size < <usize>buffer.byteLength ? buffer.slice(0, <i32>size) : buffer;
}

/** Unpins a block the host asked for but did not hand back (the host call failed). */
export function releasePendingAllocation(): void {
  if (pendingAllocation != 0) {
    __unpin(pendingAllocation);
    pendingAllocation = 0;
  }
}
