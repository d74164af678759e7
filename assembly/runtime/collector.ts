// When garbage is collected. The build uses AssemblyScript's minimal runtime (asconfig.base.json):
// no shadow stack and no incremental marking work inside allocations, which were most of a
// request's cost and a third of a small plugin's code. That runtime never collects on its own and
// does not scan the wasm stack, so the SDK collects here, when the outermost host callback has
// finished: then every live object is reachable from globals (contexts, configs, registries).

import { handedOverBytes, resetHandedOverBytes } from "../abi/memory";

// Collect after this many callbacks (a request makes about six): marking visits every live object,
// so a collection costs as much as a few hundred requests' own work and is spread over as many...
const CALLBACKS_PER_COLLECTION: u32 = 1024;
// ...or once this many bytes of host data (bodies, replies) were copied into the heap...
const HANDED_OVER_BYTES_PER_COLLECTION: usize = 1 << 20;
// ...or when the heap had to grow, so garbage is reused before memory grows again.

let depth: i32 = 0;
let callbacksLeft: u32 = CALLBACKS_PER_COLLECTION;
let pagesAtLastCollection: i32 = memory.size();

/** A host callback starts. */
// @ts-ignore: decorator
@inline export function enterCallback(): void {
  depth++;
}

/** A host callback ends: collects when it was the outermost one and enough garbage may be waiting. */
export function leaveCallback(): void {
  if (--depth == 0 && (--callbacksLeft == 0 || memory.size() != pagesAtLastCollection || handedOverBytes() >= HANDED_OVER_BYTES_PER_COLLECTION)) {
    collect();
  }
}

function collect(): void {
  __collect();
  callbacksLeft = CALLBACKS_PER_COLLECTION;
  resetHandedOverBytes();
  pagesAtLastCollection = memory.size();
}
