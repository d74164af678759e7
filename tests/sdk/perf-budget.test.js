// Deterministic budgets of the hot path (counts, never timings): host calls and allocations per
// request of the Higress guide's header workload through SetCtx, against the same workload on the
// raw host imports and a SetCtx plugin that reads nothing; and linear memory after warm-up.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";
import { withAllocationCounter } from "../helpers/count-allocations.js";
import { createSpiedHost } from "../wrapper/host-spy.js";

const REQUEST = [[":authority", "example.com"], [":path", "/a/b?c=d"], [":method", "GET"], [":scheme", "https"], ["x-request-id", "r-1"]];
const WARM_UP = 16;
const MEASURED = 64;

function request(host) {
  host.initHttp();
  host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
  host.callOnHttpResponseHeaders([[":status", "200"], ["content-type", "text/plain"]], { endOfStream: true });
  host.completeHttp();
}

// Per-request host calls (by name) and allocations over MEASURED requests after WARM_UP.
async function profile(name) {
  const wasm = withAllocationCounter(await compile([`tests/fixtures/perf/${name}.ts`], ["--config", "asconfig.json"]));
  const { host, calls } = await createSpiedHost(wasm, { config: {} });
  for (let i = 0; i < WARM_UP; i++) request(host);
  const counters = host.vm.exportsByName;
  const from = { calls: calls.length, count: counters.alloc_count.value, bytes: counters.alloc_bytes.value };
  for (let i = 0; i < MEASURED; i++) request(host);
  const byName = {};
  for (const { name: call } of calls.slice(from.calls)) byName[call.slice("env.".length)] = (byName[call.slice("env.".length)] ?? 0) + 1;
  for (const call of Object.keys(byName)) byName[call] /= MEASURED;
  assert.deepEqual(host.getErrorLogs(), []);
  return {
    byName,
    allocations: (counters.alloc_count.value - from.count) / MEASURED,
    bytes: (counters.alloc_bytes.value - from.bytes) / MEASURED,
  };
}

let raw;
let workload;
let noop;
before(async () => {
  // One at a time: the spy patches MockHost while a host is being created.
  raw = await profile("raw");
  workload = await profile("workload");
  noop = await profile("noop");
});

describe("hot-path budgets", () => {
  it("makes exactly the raw plugin's host calls for the header workload", () => {
    const expected = { proxy_replace_header_map_value: 20, proxy_get_header_map_value: 20, proxy_remove_header_map_value: 20 };
    assert.deepEqual(raw.byName, expected);
    assert.deepEqual(workload.byName, expected);
  });

  it("makes no host call for a plugin that reads nothing", () => {
    assert.deepEqual(noop.byName, {});
  });

  it("allocates only the returned string on the header get/set/remove path", () => {
    // 20 reads of "bench-value": one string each (11 UTF-16 units plus the block header).
    assert.equal(workload.allocations - noop.allocations, 20);
    assert.ok(workload.bytes - noop.bytes <= 20 * 48, `${workload.bytes - noop.bytes} bytes`);
  });

  it("allocates no more than the raw plugin, whose stream context is its one object per request", () => {
    assert.ok(workload.allocations <= raw.allocations, `${workload.allocations} vs raw ${raw.allocations}`);
    assert.ok(noop.allocations <= 2, `${noop.allocations} allocations`);
    assert.ok(noop.bytes <= 128, `${noop.bytes} bytes`);
  });
});

describe("memory after warm-up", () => {
  it("does not grow over 2,000 workload requests", async () => {
    const wasm = await compile(["tests/fixtures/perf/workload.ts"], ["--config", "asconfig.json"]);
    const host = await MockHost.create(wasm, { config: {} });
    for (let i = 0; i < 500; i++) request(host);
    const warm = host.vm.memory.byteLength;
    for (let i = 0; i < 2000; i++) request(host);
    assert.equal(host.vm.memory.byteLength, warm);
  });
});
