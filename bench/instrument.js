// Instruments a copy of a plugin module with binaryen so that the module counts, in exported i64
// globals, what it does: instructions executed, calls to each host function, and blocks allocated.
// Counting inside the module makes every figure deterministic (the same on any machine and run),
// and needs nothing from the SDK but the standard AssemblyScript allocator's name.
//
// Instructions: binaryen IR nodes. Every straight-line run of nodes (a basic block) adds its static
// node count to the counter when it starts; a run ends after any node that may branch or that
// contains nested control flow. A few nodes after an early exit inside one expression may be
// counted without running; that error is the same on every run, so ratios stay exact.
import binaryen from "binaryen";

/** Export names of the counters the instrumented module exposes. */
export const INSTRUCTIONS = "bench.instructions";
export const ALLOCATIONS = "bench.allocations";
export const ALLOCATED_BYTES = "bench.allocated_bytes";
export const HOST_CALL_PREFIX = "bench.host_call.";

// AssemblyScript's allocation entry points in every runtime: __new creates each managed object,
// __alloc hands out each raw block (heap.alloc, and __new's own block). An allocation is a __new
// call (its size: the object's payload) or an __alloc call made outside __new (its size), so a
// free list placed in front of __alloc still counts every object. The SDK points __alloc at its
// own allocator (assembly/runtime/allocator.ts), which carves small blocks from chunks of its
// own: where it is present it is the one counted, so a chunk is not mistaken for an allocation. Needs
// a build with names and without inlining: debug (release inlines __alloc away).
const NEW = /^~lib\/rt\/[^/]+\/__new$/;
const ALLOCS = [/\/assembly\/runtime\/allocator\/higress_alloc$/, /^~lib\/rt\/[^/]+\/__alloc$/];
const IN_NEW = "bench$in_new";

const ID = binaryen;
// The expression fields (binaryen.getExpressionInfo) that hold child expressions, by expression id.
const CHILDREN = new Map([
  [ID.BreakId, ["condition", "value"]],
  [ID.SwitchId, ["condition", "value"]],
  [ID.CallId, ["operands"]],
  [ID.CallIndirectId, ["target", "operands"]],
  [ID.LocalGetId, []],
  [ID.LocalSetId, ["value"]],
  [ID.GlobalGetId, []],
  [ID.GlobalSetId, ["value"]],
  [ID.LoadId, ["ptr"]],
  [ID.StoreId, ["ptr", "value"]],
  [ID.ConstId, []],
  [ID.UnaryId, ["value"]],
  [ID.BinaryId, ["left", "right"]],
  [ID.SelectId, ["ifTrue", "ifFalse", "condition"]],
  [ID.DropId, ["value"]],
  [ID.ReturnId, ["value"]],
  [ID.MemorySizeId, []],
  [ID.MemoryGrowId, ["delta"]],
  [ID.NopId, []],
  [ID.UnreachableId, []],
  [ID.MemoryInitId, ["dest", "offset", "size"]],
  [ID.DataDropId, []],
  [ID.MemoryCopyId, ["dest", "source", "size"]],
  [ID.MemoryFillId, ["dest", "value", "size"]],
  [ID.RefNullId, []],
  [ID.RefIsNullId, ["value"]],
  [ID.RefFuncId, []],
  [ID.TableGetId, ["index"]],
  [ID.TableSetId, ["index", "value"]],
  [ID.TableSizeId, []],
  [ID.TableGrowId, ["value", "delta"]],
]);
// Nodes after which control may not fall through to the next node.
const BRANCHES = new Set([ID.BreakId, ID.SwitchId, ID.ReturnId, ID.UnreachableId]);

function childrenOf(expr, info) {
  const fields = CHILDREN.get(info.id);
  if (fields === undefined) throw new Error(`bench/instrument: unsupported expression id ${info.id}`);
  const out = [];
  for (const field of fields) {
    const value = info[field];
    if (Array.isArray(value)) out.push(...value);
    else if (value) out.push(value);
  }
  return out;
}

class Instrumenter {
  constructor(module) {
    this.module = module;
    this.callWrappers = new Map(); // function name -> counting wrapper that calls it
  }

  increment(global, amount) {
    const m = this.module;
    return m.global.set(global, m.i64.add(m.global.get(global, binaryen.i64), amount));
  }

  countInstructions(n) {
    return this.increment(INSTRUCTIONS, this.module.i64.const(n, 0));
  }

  /** Instruments the nested regions of `expr` and returns its own cost and whether it may branch. */
  visit(expr) {
    const info = binaryen.getExpressionInfo(expr);
    switch (info.id) {
      case ID.BlockId:
        this.instrumentBlock(expr);
        return { cost: 1, control: true };
      case ID.LoopId:
        binaryen.Loop.setBody(expr, this.region(info.body));
        return { cost: 1, control: true };
      case ID.IfId: {
        const condition = this.visit(info.condition);
        binaryen.If.setIfTrue(expr, this.region(info.ifTrue));
        if (info.ifFalse) binaryen.If.setIfFalse(expr, this.region(info.ifFalse));
        return { cost: 1 + condition.cost, control: true };
      }
    }
    if (info.id === ID.CallId) {
      const wrapper = this.callWrappers.get(info.target);
      if (wrapper !== undefined) binaryen.Call.setTarget(expr, wrapper);
    }
    let cost = 1;
    // A tail call (return_call) leaves the function like a return.
    let control = BRANCHES.has(info.id) || (info.id === ID.CallId && info.isReturn);
    for (const child of childrenOf(expr, info)) {
      const result = this.visit(child);
      cost += result.cost;
      control ||= result.control;
    }
    return { cost, control };
  }

  /** A body that runs from its start each time it is entered (function, loop, if arm). */
  region(body) {
    if (binaryen.getExpressionInfo(body).id === ID.BlockId) {
      this.instrumentBlock(body);
      return body;
    }
    const { cost } = this.visit(body);
    return this.module.block(null, [this.countInstructions(cost), body], binaryen.getExpressionType(body));
  }

  /** Splits a block's children into straight-line runs, each counted when it starts. */
  instrumentBlock(block) {
    const children = binaryen.Block.getChildren(block);
    const out = [];
    let run = [];
    let runCost = 0;
    const flush = () => {
      if (run.length === 0) return;
      out.push(this.countInstructions(runCost), ...run);
      run = [];
      runCost = 0;
    };
    for (const child of children) {
      const { cost, control } = this.visit(child);
      run.push(child);
      runCost += cost;
      if (control) flush();
    }
    flush();
    binaryen.Block.setChildren(block, out);
  }

  /** Replaces each imported function with a wrapper that counts its calls, then calls it. */
  wrapHostCalls(functionNames) {
    const m = this.module;
    const counters = new Set();
    for (const name of functionNames) {
      const info = binaryen.getFunctionInfo(m.getFunction(name));
      if (!info.module) continue;
      // Two declarations of one host function are two imports; they share one counter.
      const counter = `${HOST_CALL_PREFIX}${info.base}`;
      if (!counters.has(counter)) {
        counters.add(counter);
        m.addGlobal(counter, binaryen.i64, true, m.i64.const(0, 0));
        m.addGlobalExport(counter, counter);
      }
      const params = binaryen.expandType(info.params).map((type, i) => m.local.get(i, type));
      const wrapper = `bench$host$${name}`;
      m.addFunction(wrapper, info.params, info.results, [], m.block(null, [
        this.increment(counter, m.i64.const(1, 0)),
        m.call(name, params, info.results),
      ], info.results));
      this.callWrappers.set(name, wrapper);
    }
  }

  /** Routes every call of __new through a wrapper that counts the object and its payload size. */
  wrapNew(name) {
    const m = this.module;
    const info = binaryen.getFunctionInfo(m.getFunction(name));
    const params = binaryen.expandType(info.params).map((type, i) => m.local.get(i, type));
    const result = params.length;
    const setInNew = (delta) => m.global.set(IN_NEW, m.i32.add(m.global.get(IN_NEW, binaryen.i32), m.i32.const(delta)));
    const wrapper = "bench$new";
    m.addFunction(wrapper, info.params, info.results, [info.results], m.block(null, [
      this.increment(ALLOCATIONS, m.i64.const(1, 0)),
      this.increment(ALLOCATED_BYTES, m.i64.extend_u(m.local.get(0, binaryen.i32))),
      setInNew(1),
      m.local.set(result, m.call(name, params, info.results)),
      setInNew(-1),
      m.local.get(result, info.results),
    ], info.results));
    this.callWrappers.set(name, wrapper);
  }

  /** Counts the raw blocks __alloc hands out when __new is not the caller. */
  countRawAllocations(func) {
    const m = this.module;
    const info = binaryen.getFunctionInfo(func);
    binaryen.Function.setBody(func, m.block(null, [
      m.if(m.i32.eqz(m.global.get(IN_NEW, binaryen.i32)), m.block(null, [
        this.increment(ALLOCATIONS, m.i64.const(1, 0)),
        this.increment(ALLOCATED_BYTES, m.i64.extend_u(m.local.get(0, binaryen.i32))),
      ])),
      info.body,
    ], info.results));
  }
}

/**
 * A copy of `wasm` that counts instructions, host calls and allocations in exported i64 globals.
 * Returns the module bytes and whether the allocator was found (it needs a build with names).
 */
export function instrument(wasm) {
  const module = binaryen.readBinary(wasm);
  try {
    module.setFeatures(binaryen.Features.All);
    const m = new Instrumenter(module);
    for (const name of [INSTRUCTIONS, ALLOCATIONS, ALLOCATED_BYTES]) {
      module.addGlobal(name, binaryen.i64, true, module.i64.const(0, 0));
      module.addGlobalExport(name, name);
    }
    const names = [];
    for (let i = 0; i < module.getNumFunctions(); i++) names.push(binaryen.getFunctionInfo(module.getFunctionByIndex(i)).name);
    m.wrapHostCalls(names);
    module.addGlobal(IN_NEW, binaryen.i32, true, module.i32.const(0));
    const newFunction = names.find((name) => NEW.test(name));
    if (newFunction !== undefined) m.wrapNew(newFunction);
    let allocatorFound = newFunction !== undefined;
    const ALLOC = ALLOCS.find((pattern) => names.some((name) => pattern.test(name)));
    for (const name of names) {
      const func = module.getFunction(name);
      const info = binaryen.getFunctionInfo(func);
      if (info.module) continue;
      binaryen.Function.setBody(func, m.region(info.body));
      if (ALLOC?.test(name)) {
        m.countRawAllocations(func);
        allocatorFound = true;
      }
    }
    if (!module.validate()) throw new Error("bench/instrument: the instrumented module does not validate");
    return { wasm: module.emitBinary(), allocatorFound };
  } finally {
    module.dispose();
  }
}

/** The counters of an instrumented plugin running in MockHost, as numbers. */
export function readCounters(host) {
  const exports = host.instanceExports;
  const calls = {};
  for (const [name, value] of Object.entries(exports)) {
    if (name.startsWith(HOST_CALL_PREFIX)) calls[name.slice(HOST_CALL_PREFIX.length)] = Number(value.value);
  }
  return {
    instructions: Number(exports[INSTRUCTIONS].value),
    allocations: Number(exports[ALLOCATIONS].value),
    allocatedBytes: Number(exports[ALLOCATED_BYTES].value),
    hostCalls: calls,
  };
}
