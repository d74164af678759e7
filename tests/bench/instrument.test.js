// The benchmark's instruction counter on a hand-written function whose count is known: every
// basic block adds its binaryen IR nodes when it starts, once per loop iteration.
import { it } from "node:test";
import assert from "node:assert/strict";
import binaryen from "binaryen";
import { INSTRUCTIONS, instrument } from "../../bench/instrument.js";

// sum(n) = 0 + 1 + ... + (n - 1). Its blocks: the outer block (1 node), the loop (1), the loop
// test (br_if, ge_u, 2 gets: 4), the loop body (2 sets, 2 adds, 3 gets, 1 const, br: 9) and the
// result (1 get). So 13 nodes per iteration and 7 around them.
const SUM = `(module
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc)))`;

it("counts executed basic blocks by their node counts, once per loop iteration", async () => {
  const module = binaryen.parseText(SUM);
  const wasm = module.emitBinary();
  module.dispose();
  const { instance } = await WebAssembly.instantiate(instrument(wasm).wasm);
  const counter = instance.exports[INSTRUCTIONS];
  const run = (n) => {
    const before = counter.value;
    const result = instance.exports.sum(n);
    return { result, instructions: Number(counter.value - before) };
  };
  assert.deepEqual(run(0), { result: 0, instructions: 7 });
  assert.deepEqual(run(5), { result: 10, instructions: 7 + 5 * 13 });
  assert.deepEqual(run(100), { result: 4950, instructions: 7 + 100 * 13 });
});
