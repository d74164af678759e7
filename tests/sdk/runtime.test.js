// The ABI layer and the runtime, end to end: a plugin written directly on them
// (tests/fixtures/sdk/raw-plugin.ts) driven through MockHost the way Envoy would drive it.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const REQUEST = [[":method", "GET"], [":authority", "example.com"], [":scheme", "http"]];
const request = (path, extra = []) => [...REQUEST, [":path", path], ...extra];
const header = (pairs, key) => pairs.filter(([k]) => k === key).map(([, v]) => v);
const text = (bytes) => new TextDecoder().decode(bytes);

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/sdk/raw-plugin.ts"], ["--config", "asconfig.json"]);
});

const start = (options = {}) => MockHost.create(wasm, { rootId: "main", config: "cfg-1", ...options });

describe("headers", () => {
  it("adds, replaces and removes request headers", async () => {
    const host = await start();
    const action = host.callOnHttpRequestHeaders(
      request("/", [["x-replaced", "old"], ["x-replaced", "older"], ["x-remove-me", "1"]]),
      { endOfStream: true },
    );
    assert.equal(action, "Continue");
    const headers = host.getRequestHeaders();
    assert.deepEqual(header(headers, "x-added"), ["yes"]);
    assert.deepEqual(header(headers, "x-replaced"), ["new"]);
    assert.deepEqual(header(headers, "x-remove-me"), []);
    assert.deepEqual(header(headers, "x-config"), ["cfg-1"], "the plugin configuration reached the root context");
  });

  it("changes response headers", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/"), { endOfStream: true });
    assert.equal(host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true }), "Continue");
    assert.deepEqual(header(host.getResponseHeaders(), "x-response-added"), ["yes"]);
    host.completeHttp();
  });
});

describe("bodies", () => {
  it("buffers every chunk, then reads and replaces the whole body", async () => {
    const host = await start();
    assert.equal(host.callOnHttpRequestHeaders(request("/body", [["content-length", "11"]])), "Continue");
    assert.deepEqual(header(host.getRequestHeaders(), "content-length"), []);
    assert.equal(host.callOnHttpStreamingRequestBody("hello ", false), "StopIterationAndBuffer");
    assert.equal(host.callOnHttpStreamingRequestBody("world", true), "Continue");
    assert.equal(text(host.getRequestBody()), "HELLO WORLD");
  });
});

describe("local reply", () => {
  it("answers the request and stops it", async () => {
    const host = await start();
    const action = host.callOnHttpRequestHeaders(request("/local"), { endOfStream: true });
    assert.notEqual(action, "Continue");
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 403);
    assert.equal(text(reply.body), "forbidden");
    assert.deepEqual(header(reply.headers, "x-local"), ["1"]);
  });
});

describe("http callout", () => {
  it("pauses the request, then resumes it from the reply, acting on the calling stream", async () => {
    const host = await start();
    assert.equal(host.callOnHttpRequestHeaders(request("/callout"), { endOfStream: true }), "StopAllIterationAndWatermark");
    const [call] = host.getHttpCalloutAttributes();
    assert.equal(call.upstream, "outbound|80||auth.svc");
    assert.deepEqual(header(call.headers, ":path"), ["/check"]);
    assert.deepEqual(header(call.headers, ":method"), ["GET"]);
    assert.deepEqual(header(call.headers, ":authority"), ["auth.svc"]);
    assert.equal(call.timeoutMs, 1000);
    assert.equal(host.isRequestResumed(), false);

    host.callOnHttpCall([[":status", "200"]], "alice");
    assert.equal(host.isRequestResumed(), true);
    assert.equal(host.getHttpStreamAction(), "Continue");
    assert.deepEqual(header(host.getRequestHeaders(), "x-auth-user"), ["alice"]);
    assert.equal(host.getLocalResponse(), null);
  });

  it("answers the paused request locally when the service says no", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/callout"), { endOfStream: true });
    host.callOnHttpCall([[":status", "403"]], "");
    assert.equal(host.getLocalResponse().statusCode, 403);
    assert.equal(host.isRequestResumed(), false);
  });

  it("sees a failed call (no headers) and answers 503", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/callout"), { endOfStream: true });
    host.failHttpCall();
    assert.equal(host.getLocalResponse().statusCode, 503);
  });

  it("drops a reply that arrives after its stream ended, with a debug line and no trap", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/callout"), { endOfStream: true });
    host.completeHttp();
    host.callOnHttpCall([[":status", "200"]], "late");
    assert.equal(host.vmFailed, false);
    assert.ok(host.getDebugLogs().some((line) => line.includes("dropped")), host.getDebugLogs().join("\n"));
    // The VM still serves the next request.
    host.initHttp();
    assert.equal(host.callOnHttpRequestHeaders(request("/"), { endOfStream: true }), "Continue");
  });

  it("keeps calls of concurrent streams apart", async () => {
    const host = await start();
    const first = host.initHttp();
    host.callOnHttpRequestHeaders(request("/callout"), { endOfStream: true });
    const second = host.initHttp();
    host.callOnHttpRequestHeaders(request("/callout"), { endOfStream: true });
    const [callA, callB] = host.getHttpCalloutAttributes();
    assert.equal(callA.contextId, first);
    assert.equal(callB.contextId, second);

    host.callOnHttpCall([[":status", "200"]], "bob", undefined, callB.token);
    host.setCurrentHttpContext(second);
    assert.deepEqual(header(host.getRequestHeaders(), "x-auth-user"), ["bob"]);
    host.setCurrentHttpContext(first);
    assert.equal(host.isRequestResumed(), false);
    assert.deepEqual(header(host.getRequestHeaders(), "x-auth-user"), []);
  });
  it("finds each of many live streams while others end in any order", async () => {
    // 60 live streams make the runtime's stream table grow three times; every lookup below misses
    // its last-stream cache while half of the streams end in a scrambled order.
    const host = await start();
    const ids = [];
    for (let i = 0; i < 60; i++) {
      ids.push(host.initHttp());
      host.callOnHttpRequestHeaders(request("/"), { endOfStream: true });
    }
    const order = ids.map((_, i) => ids[(i * 17) % ids.length]);
    for (const [n, id] of order.entries()) {
      host.setCurrentHttpContext(id);
      host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
      assert.deepEqual(header(host.getResponseHeaders(), "x-response-added"), ["yes"], `stream ${id}`);
      if (n % 2 === 0) host.completeHttp();
    }
    assert.equal(host.vmFailed, false);
  });
});

describe("redis callout", () => {
  it("sends RESP to the cluster and resumes with the reply", async () => {
    const host = await start();
    assert.equal(host.callOnHttpRequestHeaders(request("/redis"), { endOfStream: true }), "StopAllIterationAndWatermark");
    const [call] = host.getRedisCalloutAttributes();
    assert.equal(call.upstream, "outbound|6379||redis.svc");
    assert.equal(text(call.query), "*1\r\n$4\r\nPING\r\n");
    host.callOnRedisCall(0, "+PONG\r\n");
    assert.equal(host.isRequestResumed(), true);
    assert.deepEqual(header(host.getRequestHeaders(), "x-redis"), ["+PONG"]);
  });

  it("answers 503 on a network error", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/redis"), { endOfStream: true });
    host.callOnRedisCall(1, "");
    assert.equal(host.getLocalResponse().statusCode, 503);
  });
});

describe("ticks", () => {
  it("multiplexes two periods over the one host timer", async () => {
    const host = await start();
    assert.equal(host.getTickPeriod(), 100);
    for (let i = 0; i < 6; i++) host.tick();
    assert.equal(host.getCounterMetric("fast_ticks"), 6n);
    assert.equal(host.getCounterMetric("slow_ticks"), 2n);
  });
});

describe("root contexts", () => {
  it("runs two plugins (root ids) in one VM, each with its own streams", async () => {
    const host = await start();
    const second = host.addPlugin({ rootId: "second", config: "" });
    assert.equal(second.startStatus, "ok");
    assert.notEqual(second.rootContextId, host.plugin.rootContextId);

    host.initHttp(second);
    host.callOnHttpRequestHeaders(request("/"), { endOfStream: true });
    assert.deepEqual(header(host.getRequestHeaders(), "x-root"), ["second"]);
    assert.deepEqual(header(host.getRequestHeaders(), "x-added"), []);

    host.initHttp();
    host.callOnHttpRequestHeaders(request("/"), { endOfStream: true });
    assert.deepEqual(header(host.getRequestHeaders(), "x-added"), ["yes"]);
    assert.deepEqual(header(host.getRequestHeaders(), "x-root"), []);
  });

  it("refuses to start a root id nothing was registered for, naming it", async () => {
    const host = await start();
    const stray = host.addPlugin({ rootId: "nope" });
    assert.equal(stray.startStatus, "start-failed");
    assert.ok(
      host.getCriticalLogs().some((line) => line.includes("'nope'") && line.includes("'main'") && line.includes("'second'")),
      host.getCriticalLogs().join("\n"),
    );
    assert.equal(host.vmFailed, false);
  });

  it("reports a configuration the plugin rejects", async () => {
    const host = await start({ config: "fail" });
    assert.equal(host.startStatus, "configure-failed");
  });
});
