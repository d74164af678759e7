// Counts the allocations a plugin makes: a copy of a debug build whose runtime allocator (the
// __alloc every managed and unmanaged block goes through) bumps two exported globals, the number
// of blocks and their bytes. Deterministic, so tests may hold a plugin to a budget. The SDK's build
// points __alloc at its own allocator, which carves small blocks from chunks of its own: that one
// is counted when present (TLSF's for other builds), so chunks are not taken for blocks.
import binaryen from "binaryen";

const ALLOCATORS = ["~lib/higress-as/assembly/runtime/allocator/higress_alloc", "~lib/rt/tlsf/__alloc"];

/** The module with `alloc_count` and `alloc_bytes` globals exported; needs a build with names (debug). */
export function withAllocationCounter(wasm) {
  const module = binaryen.readBinary(wasm);
  module.setFeatures(binaryen.Features.All);
  try {
    const ALLOCATOR = ALLOCATORS.find((name) => module.getFunction(name) !== 0);
    if (ALLOCATOR === undefined) throw new Error(`none of ${ALLOCATORS.join(", ")} found: count allocations on a debug build`);
    const fn = module.getFunction(ALLOCATOR);
    const info = binaryen.getFunctionInfo(fn);
    const i32 = binaryen.i32;
    module.addGlobal("alloc_count", i32, true, module.i32.const(0));
    module.addGlobal("alloc_bytes", i32, true, module.i32.const(0));
    const body = module.block(null, [
      module.global.set("alloc_count", module.i32.add(module.global.get("alloc_count", i32), module.i32.const(1))),
      module.global.set("alloc_bytes", module.i32.add(module.global.get("alloc_bytes", i32), module.local.get(0, i32))),
      info.body,
    ], info.results);
    module.removeFunction(ALLOCATOR);
    module.addFunction(ALLOCATOR, info.params, info.results, info.vars, body);
    module.addGlobalExport("alloc_count", "alloc_count");
    module.addGlobalExport("alloc_bytes", "alloc_bytes");
    if (!module.validate()) throw new Error("instrumented module does not validate");
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}
