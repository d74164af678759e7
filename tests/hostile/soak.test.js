// A soak: 100,000 requests through the examples, one VM each as one worker would run them,
// interleaved, with every callout outcome (allowed, refused, failed, malformed, late, never).
// Every request must end, no call may be left unanswered, and linear memory must stop growing
// once warmed up: a leak of a few bytes a request shows as new pages long before 100,000.
import { it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { runSeed, seeded } from "./seeded.js";
import { REQUEST, TARGETS, assertEnded, wasmOf } from "./targets.js";

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 100_000);
const WARM_UP = REQUESTS / 10;
const SEED = runSeed(0x50a6);

// Each example that calls out makes exactly one call a request, so the reply goes to the one
// unanswered call (listing every call ever made, per request, would make the soak quadratic).
const OUTCOMES = {
  http: [
    (h) => h.callOnHttpCall([[":status", "200"]], "ok"),
    (h) => h.callOnHttpCall([[":status", "403"]], "no"),
    (h) => h.callOnHttpCall([[":status", "504"]], "upstream request timeout"),
    (h) => h.failHttpCall(),
  ],
  redis: [
    (h) => h.callOnRedisCall(0, "*2\r\n:1\r\n:60\r\n"),
    (h) => h.callOnRedisCall(0, "*2\r\n:999999\r\n:60\r\n"),
    (h) => h.callOnRedisCall(0, "-ERR busy\r\n"),
    (h) => h.callOnRedisCall(0, "*2\r\n:1"),
    (h) => h.callOnRedisCall(1, ""),
  ],
};

const memoryBytes = (host) => host.instanceExports.memory.buffer.byteLength;
const pending = (host) => [...host.getHttpCalloutAttributes(), ...host.getRedisCalloutAttributes()].filter((c) => !c.answered);

it(`${REQUESTS} requests through every example: all end, nothing pending, memory flat after warm-up`, async () => {
  const rng = seeded(SEED);
  const vms = [];
  for (const target of TARGETS) {
    const host = await MockHost.create(await wasmOf(target), { config: target.config, pluginName: target.name, logLevel: "critical" });
    assert.equal(host.startStatus, "ok");
    vms.push({ target, host, warm: 0 });
  }
  for (let n = 0; n < REQUESTS; n++) {
    const { target, host } = vms[n % vms.length];
    host.initHttp();
    host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    const callsOut = target.callout !== "none";
    const late = callsOut && rng.int(0, 19) === 0;
    if (late) host.completeHttp();
    if (callsOut) rng.pick(OUTCOMES[target.callout])(host);
    if (!late) {
      if (host.getLocalResponse() === null) host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
      assertEnded(host, `${target.name}, request ${n}`);
    }
    if (n === WARM_UP) for (const vm of vms) vm.warm = memoryBytes(vm.host);
  }
  for (const { target, host, warm } of vms) {
    assert.equal(host.vmFailure, null, target.name);
    assert.deepEqual(pending(host), [], `${target.name}: callouts left unanswered`);
    assert.equal(memoryBytes(host), warm, `${target.name}: memory grew from ${warm} to ${memoryBytes(host)} bytes after warm-up`);
  }
});
