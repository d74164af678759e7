// Hostile configurations against every example: whatever the bytes, configure ends without a trap,
// either accepting the config (as Go's gjson coercions would) or failing with a logged reason; a
// wrong-typed member that fails names the member. An accepted config then serves a request to a
// defined end.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { extremes, malformed, randomJson, wrongTypes } from "./configs.js";
import { iterations, runSeed, seeded } from "./seeded.js";
import { TARGETS, runRequest, wasmOf } from "./targets.js";

const SEED = runSeed(0x5eed_c0f);
const RANDOM_CASES = iterations(40);

// Configures a fresh VM with `config` and checks the outcome; returns the host.
async function configure(wasm, target, testCase) {
  const what = `${target.name}, ${testCase.name}`;
  const host = await MockHost.create(wasm, { config: testCase.config, pluginName: target.name });
  assert.equal(host.vmFailure, null, `${what}: configure trapped: ${host.vmFailure}`);
  assert.ok(["ok", "configure-failed"].includes(host.startStatus), `${what}: ${host.startStatus}`);
  if (host.startStatus === "ok") {
    runRequest(host, what);
    return host;
  }
  const reasons = [...host.getErrorLogs(), ...host.getCriticalLogs(), ...host.getWarnLogs()];
  assert.ok(reasons.length > 0, `${what}: configure failed without saying why`);
  if (testCase.key !== undefined && testCase.name.includes(" = ")) {
    assert.ok(reasons.some((line) => line.includes(testCase.key)), `${what}: the reason does not name '${testCase.key}': ${reasons.join(" | ")}`);
  }
  return host;
}

for (const target of TARGETS) {
  describe(`${target.name}: hostile configs`, () => {
    let wasm;
    before(async () => {
      wasm = await wasmOf(target);
    });

    it("accepts its sample config and serves a request", async () => {
      const host = await configure(wasm, target, { name: "sample", config: JSON.stringify(target.config) });
      assert.equal(host.startStatus, "ok");
    });

    it("every member with every wrong type, or missing", async () => {
      for (const testCase of wrongTypes(target.config)) await configure(wasm, target, testCase);
    });

    it("sizes, depths, encodings and rules no config should have", async () => {
      for (const testCase of extremes(target.config)) await configure(wasm, target, testCase);
    });

    it(`random and malformed JSON (seed ${SEED}, ${RANDOM_CASES} cases each)`, async () => {
      const rng = seeded(SEED);
      const sample = JSON.stringify(target.config);
      for (let i = 0; i < RANDOM_CASES; i++) {
        await configure(wasm, target, { name: `random #${i}`, config: JSON.stringify(randomJson(rng)) });
        await configure(wasm, target, { name: `malformed #${i}`, config: malformed(rng, sample) });
      }
    });
  });
}
