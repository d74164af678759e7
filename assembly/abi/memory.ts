// Memory the host hands to the plugin. The host returns data by calling the plugin's allocator
// (re-entrantly, in the middle of a host call), copying the bytes in and writing the pointer and
// size into out-parameter cells.
//
// The allocator never allocates: it serves one reusable region outside the GC heap. Two reasons.
// WAMR 2.1.1's fast interpreter (what Higress runs) keeps the calling frame's old memory bound
// when memory grows inside that re-entrant call, and the plugin later traps with "out of bounds
// memory access"; so nothing the host calls may grow memory. And the SDK decodes or copies what
// the host returned straight away, so a managed block per call would only be garbage.
// When the region is too small the allocator records the size it was asked for and answers 0;
// the host call then fails with InvalidMemoryAccess (Envoy's copyToPointerSize), and the SDK grows
// the region, outside any host call, and asks once more (see retryWithRoom).
//
// Every host function copies out at most one buffer, so each allocator call may reuse the region
// from its start: a buffer is dead once the next host call begins.

import { WasmResult } from "./enums";

// Out-parameter cells the host writes into: a pointer/size pair and one 64-bit word.
const RETURN_PTR: usize = memory.data(8, 8);
const RETURN_SIZE: usize = RETURN_PTR + 4;
const RETURN_WORD: usize = memory.data(8, 8);

// The first region is static data, so a host call works before the SDK has allocated anything
// (and for plugins that call the imports directly); it is replaced by a heap block when too small.
const INITIAL_REGION_SIZE: usize = 2048;
const INITIAL_REGION: usize = memory.data(<i32>INITIAL_REGION_SIZE, 16);

// Largest region the SDK reserves; a bigger answer stays a failed host call.
const MAX_REGION_SIZE: usize = (1 << 30) - 16;

let region: usize = INITIAL_REGION;
let regionSize: usize = INITIAL_REGION_SIZE;
// What the allocator was last asked for and could not serve (0: nothing).
let wanted: usize = 0;
// Bytes copied into the managed heap by returnedBuffer since the collector last looked.
let handedOver: usize = 0;

/** The allocator the host calls: the reusable region, or 0 (and the size noted) when it is too small. */
export function allocateForHost(size: usize): usize {
  if (size > regionSize) {
    wanted = size;
    return 0;
  }
  return region;
}

/**
 * Makes the region hold at least `size` bytes. Call it only outside host calls: it may grow
 * linear memory. False when `size` is beyond what the SDK reserves.
 */
export function reserveHostRegion(size: usize): bool {
  if (size <= regionSize) return true;
  if (size > MAX_REGION_SIZE) return false;
  // Doubling keeps a workload that creeps upwards from reallocating on every request.
  let next = regionSize << 1;
  if (next < size) next = size;
  if (next > MAX_REGION_SIZE) next = MAX_REGION_SIZE;
  const block = heap.alloc(next);
  if (region != INITIAL_REGION) heap.free(region);
  region = block;
  regionSize = next;
  return true;
}

/**
 * After a host call answered `status`: whether it failed only because the region was too small,
 * in which case the region has now been grown and the call should be made once more.
 */
@inline export function retryWithRoom(status: i32): bool {
  // Inlined so a call that succeeded (nearly all) pays one comparison, not a function call; a
  // stale `wanted` left by another answer is harmless: every host call clears it first.
  return status == WasmResult.InvalidMemoryAccess && growForRetry();
}

// The allocator refused `wanted` bytes during the failed call: grows the region to that.
function growForRetry(): bool {
  const size = wanted;
  wanted = 0;
  return size != 0 && reserveHostRegion(size);
}

/** Clears the out-parameter cells; call before every host call that writes them. */
@inline export function resetReturnCells(): void {
  store<u64>(RETURN_PTR, 0);
  store<u64>(RETURN_WORD, 0);
  wanted = 0;
}

/** Address of the pointer cell for `(ptr_ptr, size_ptr)` out-parameters. */
@inline export function returnPtrCell(): usize { return RETURN_PTR; }
/** Address of the size cell for `(ptr_ptr, size_ptr)` out-parameters. */
@inline export function returnSizeCell(): usize { return RETURN_SIZE; }
/** Address of the cell for a single u32 or u64 out-parameter. */
@inline export function returnWordCell(): usize { return RETURN_WORD; }

/** The u32 the host wrote into the word cell. */
@inline export function returnedU32(): u32 { return load<u32>(RETURN_WORD); }
/** The u64 the host wrote into the word cell. */
@inline export function returnedU64(): u64 { return load<u64>(RETURN_WORD); }

/**
 * Where the bytes the host returned through the pointer/size cells are (valid until the next
 * host call), or 0 when it returned nothing or a pointer the allocator did not hand out.
 */
export function returnedBytes(): usize {
  const ptr = <usize>load<u32>(RETURN_PTR);
  return ptr == region && returnedSize() <= regionSize ? ptr : 0;
}

/** How many bytes the host returned through the pointer/size cells (0 when returnedBytes() is 0). */
@inline export function returnedSize(): usize {
  return <usize>load<u32>(RETURN_SIZE);
}

/** A managed copy of the returned bytes: the only allocation a bytes-returning host call makes. */
export function returnedBuffer(): ArrayBuffer {
  const ptr = returnedBytes();
  const size: usize = ptr == 0 ? 0 : returnedSize();
  const buffer = new ArrayBuffer(<i32>size);
  if (size > 0) memory.copy(changetype<usize>(buffer), ptr, size);
  handedOver += size;
  return buffer;
}

/** Bytes returnedBuffer copied into the heap since the last reset; the collector paces itself by it. */
export function handedOverBytes(): usize {
  return handedOver;
}

/** Starts counting handed-over bytes from zero. */
export function resetHandedOverBytes(): void {
  handedOver = 0;
}
