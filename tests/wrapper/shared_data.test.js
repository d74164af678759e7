// SharedKV and SharedQueue through MockHost (tests/fixtures/wrapper/shared-data-plugin.ts): the key
// prefix, compare-and-swap updates that retry when another writer gets in between, and queue
// delivery to the registering plugin.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const REQUEST = [[":method", "GET"], [":authority", "example.com"], [":scheme", "http"]];
const one = (pairs, key) => {
  const values = pairs.filter(([k]) => k === key).map(([, v]) => v);
  assert.equal(values.length, 1, `exactly one ${key} in ${JSON.stringify(pairs)}`);
  return values[0];
};
const text = (bytes) => new TextDecoder().decode(bytes);
const CAS_MISMATCH = "error status returned by host: cas mismatch";

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/wrapper/shared-data-plugin.ts"], ["--config", "asconfig.json"]);
});

function get(host, path) {
  host.callOnHttpRequestHeaders([...REQUEST, [":path", path]], { endOfStream: true });
  const headers = host.getRequestHeaders();
  host.completeHttp();
  return headers;
}

const stored = (host, key) => text(host.getSharedData(`fixture:${key}`).value);

describe("SharedKV", () => {
  it("sets and gets text and bytes under its prefix", async () => {
    const host = await MockHost.create(wasm);
    const h = get(host, "/kv");
    assert.equal(one(h, "x-set"), "<nil>");
    assert.equal(one(h, "x-get"), "hello");
    assert.equal(one(h, "x-set-bytes"), "<nil>");
    assert.equal(one(h, "x-get-bytes"), "3");
    assert.equal(one(h, "x-missing"), "null");
    assert.equal(one(h, "x-prefix"), "fixture:");
    assert.equal(stored(host, "greeting"), "hello");
    assert.equal(host.getSharedData("greeting"), null, "nothing is stored without the prefix");
  });

  it("creates a missing key in an update, and updates it from its current value", async () => {
    const host = await MockHost.create(wasm);
    const created = get(host, "/create");
    assert.equal(one(created, "x-update-error"), "<nil>");
    assert.equal(one(created, "x-update-calls"), "1");
    assert.equal(one(created, "x-value"), "1");
    get(host, "/update");
    const second = get(host, "/update");
    assert.equal(one(second, "x-value"), "2");
    assert.equal(one(second, "x-update-calls"), "1");
  });

  it("reads again and retries when another writer got in between", async () => {
    const host = await MockHost.create(wasm);
    get(host, "/update");
    assert.equal(stored(host, "counter"), "1");
    const h = get(host, "/contended");
    // Attempt 1 read 1, the other writer stored 101, so storing 2 failed; attempt 2 read 101.
    assert.equal(one(h, "x-update-error"), "<nil>");
    assert.equal(one(h, "x-update-calls"), "2");
    assert.equal(one(h, "x-value"), "102");
    assert.equal(stored(host, "counter"), "102");
  });

  it("gives up with ErrorStatusCasMismatch after the last attempt, leaving the other writer's value", async () => {
    const host = await MockHost.create(wasm);
    get(host, "/update");
    const h = get(host, "/exhausted");
    assert.equal(one(h, "x-update-error"), CAS_MISMATCH);
    assert.equal(one(h, "x-update-calls"), "3");
    assert.equal(one(h, "x-value"), "301");
  });

  it("makes at least one attempt", async () => {
    const host = await MockHost.create(wasm);
    get(host, "/update");
    const h = get(host, "/no-attempts");
    assert.equal(one(h, "x-update-error"), "<nil>");
    assert.equal(one(h, "x-update-calls"), "1");
    assert.equal(one(h, "x-value"), "2");
  });

  it("stores nothing when the updater returns null", async () => {
    const host = await MockHost.create(wasm);
    get(host, "/update");
    const cas = host.getSharedData("fixture:counter").cas;
    const h = get(host, "/leave-alone");
    assert.equal(one(h, "x-update-error"), "<nil>");
    assert.equal(one(h, "x-seen"), "1");
    assert.equal(one(h, "x-value"), "1");
    assert.equal(host.getSharedData("fixture:counter").cas, cas, "no write happened");
  });
});

describe("SharedQueue", () => {
  it("delivers messages to the plugin that registered the queue", async () => {
    const host = await MockHost.create(wasm);
    assert.equal(host.startStatus, "ok", "the root registered its queue while configuring");
    assert.equal(host.getQueueSize("jobs"), 0);
    const h = get(host, "/send");
    assert.equal(one(h, "x-send"), "<nil>,<nil>");
    // One on_queue_ready per message: the first drains both, the second finds the queue empty.
    assert.deepEqual(
      host.getInfoLogs().filter((l) => l.startsWith("queue ")),
      [
        "queue jobs delivered [job-1,job-2], then: error status returned by host: empty",
        "queue jobs delivered [], then: error status returned by host: empty",
      ],
    );
    assert.equal(host.getQueueSize("jobs"), 0);
  });

  it("resolves only queues that exist in this VM", async () => {
    const host = await MockHost.create(wasm);
    const h = get(host, "/missing-queue");
    assert.equal(one(h, "x-queue"), "null");
    assert.equal(one(h, "x-queue-error"), "error status returned by host: not found");
    assert.equal(one(h, "x-other-vm"), "null");
  });
});
