// Counter, Gauge and Histogram through MockHost (tests/fixtures/wrapper/metrics-plugin.ts): values,
// one host definition per name, and metrics created at module top level, where the host would trap
// on any call but logging.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";
import { callsOf, createSpiedHost } from "./host-spy.js";

const REQUEST = [[":method", "GET"], [":authority", "example.com"], [":scheme", "http"]];
const request = (path) => [...REQUEST, [":path", path]];
const one = (pairs, key) => {
  const values = pairs.filter(([k]) => k === key).map(([, v]) => v);
  assert.equal(values.length, 1, `exactly one ${key} in ${JSON.stringify(pairs)}`);
  return values[0];
};

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/wrapper/metrics-plugin.ts"], ["--config", "asconfig.json"]);
});

// One request with an empty body; returns its request headers.
function get(host, path) {
  host.callOnHttpRequestHeaders(request(path), { endOfStream: true });
  const headers = host.getRequestHeaders();
  host.completeHttp();
  return headers;
}

describe("metrics defined at module top level", () => {
  it("start without trapping and refuse to be used before a callback", async () => {
    const host = await MockHost.create(wasm);
    assert.equal(host.startStatus, "ok");
    assert.equal(host.vmFailed, false);
    const info = host.getInfoLogs();
    assert.ok(info.includes("increment at start: metric requests_total used while the VM starts; use it from a callback"), info.join("\n"));
    assert.ok(info.includes("add at start: metric inflight used while the VM starts; use it from a callback"));
    assert.ok(info.includes("record at start: metric body_size used while the VM starts; use it from a callback"));
    assert.ok(info.includes("values at start: 0 0"));
  });

  it("are defined with the host on first use, once per name", async () => {
    const { host, calls } = await createSpiedHost(wasm);
    // The root context defined requests_total while it was created; the others wait for their first use.
    assert.equal(callsOf(calls, "proxy_define_metric").length, 1);
    get(host, "/");
    host.callOnHttpRequestHeaders(request("/"));
    host.callOnHttpRequestBody("abc");
    host.completeHttp();
    get(host, "/");
    assert.equal(callsOf(calls, "proxy_define_metric").length, 3, "requests_total, inflight and body_size, each once");
  });
});

describe("Counter", () => {
  it("counts, and a second definition of the name reads the same stat", async () => {
    const host = await MockHost.create(wasm);
    const first = get(host, "/");
    assert.equal(one(first, "x-increment"), "<nil>");
    assert.equal(one(first, "x-requests"), "1");
    assert.equal(one(first, "x-requests-again"), "1");
    const second = get(host, "/");
    assert.equal(one(second, "x-requests"), "2");
    assert.equal(one(second, "x-requests-again"), "2");
    assert.equal(host.getCounterMetric("requests_total"), 2n);
    assert.equal(one(second, "x-names"), "requests_total,inflight,body_size");
  });

  it("treats Increment(0) as nothing to add, not as an error", async () => {
    const host = await MockHost.create(wasm);
    const headers = get(host, "/zero");
    assert.equal(one(headers, "x-zero"), "<nil>");
    assert.equal(host.getCounterMetric("requests_total"), 1n);
  });

  it("returns the host's error for a delta the host refuses, and changes nothing", async () => {
    const host = await MockHost.create(wasm);
    const headers = get(host, "/huge");
    assert.equal(one(headers, "x-huge"), "error status returned by host: bad argument");
    assert.equal(host.getCounterMetric("requests_total"), 1n);
  });
});

describe("Gauge", () => {
  it("goes up and down", async () => {
    const host = await MockHost.create(wasm);
    host.callOnHttpRequestHeaders(request("/"), { endOfStream: true });
    assert.equal(one(host.getRequestHeaders(), "x-inflight"), "1");
    assert.equal(host.getGaugeMetric("inflight"), 1n);
    host.completeHttp();
    assert.equal(host.getGaugeMetric("inflight"), 0n, "onDone took the request off");
    const down = get(host, "/down");
    assert.equal(one(down, "x-down"), "<nil>");
    assert.equal(one(down, "x-inflight"), "-4");
  });
});

describe("Histogram", () => {
  it("records each sample", async () => {
    const host = await MockHost.create(wasm);
    for (const body of ["hello world", "abc"]) {
      host.callOnHttpRequestHeaders(request("/"));
      host.callOnHttpStreamingRequestBody(body.slice(0, 1), false);
      host.callOnHttpStreamingRequestBody(body.slice(1), true);
      host.completeHttp();
    }
    assert.deepEqual(host.getHistogramMetric("body_size"), [11n, 3n]);
    assert.deepEqual(host.getInfoLogs().filter((l) => l.startsWith("record: ")), ["record: <nil>", "record: <nil>"]);
  });
});

describe("a definition the host refuses", () => {
  it("is logged once per metric, after which the metric returns the error and does nothing", async () => {
    const BAD_ARGUMENT = 2;
    const { host, calls } = await createSpiedHost(wasm, {}, { refuse: { proxy_define_metric: BAD_ARGUMENT } });
    assert.equal(host.startStatus, "ok");
    const first = get(host, "/");
    assert.equal(one(first, "x-increment"), "error status returned by host: bad argument");
    assert.equal(one(first, "x-add"), "error status returned by host: bad argument");
    assert.equal(one(first, "x-requests"), "0");
    assert.equal(one(first, "x-inflight"), "0");
    const defines = callsOf(calls, "proxy_define_metric").length;
    const second = get(host, "/");
    assert.equal(one(second, "x-increment"), "error status returned by host: bad argument");
    assert.equal(callsOf(calls, "proxy_define_metric").length, defines, "a failed definition is not retried");
    assert.equal(callsOf(calls, "proxy_increment_metric").length, 0, "nothing reaches the host");
    const failures = host.getErrorLogs().filter((l) => l.includes("define metric"));
    // requests_total was defined twice (module top level and the root), inflight once.
    assert.deepEqual(failures.map((l) => l.replace(/^.*\] define/, "define")), [
      "define metric requests_total failed: error status returned by host: bad argument",
      "define metric requests_total failed: error status returned by host: bad argument",
      "define metric inflight failed: error status returned by host: bad argument",
    ]);
    assert.throws(() => host.getCounterMetric("requests_total"), /no counter metric named "requests_total"/);
  });
});
