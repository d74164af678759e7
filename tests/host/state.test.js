// Metrics, shared data and queues, properties, logging and other host services.
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { buildScripted, opResults, script } from "./build-fixture.js";

let plain;
let higress;

before(async () => {
  plain = await buildScripted();
  higress = await buildScripted({ higress: true });
});

const hex = (bytes) => Buffer.from(bytes).toString("hex");

describe("metrics", () => {
  it("numbers ids by type (4/5/6 + 4n), adds on counter record, and rejects non-positive counter increments", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "configure define_metric 0 requests",
        "configure define_metric 1 inflight",
        "configure define_metric 2 latency",
        "configure define_metric 0 errors",
        "configure define_metric 3 bogus",
        "configure increment_metric requests 3",
        "configure record_metric requests 2",
        "configure increment_metric requests 0",
        "configure increment_metric requests -1",
        "configure increment_metric inflight 5",
        "configure increment_metric inflight -2",
        "configure record_metric latency 10",
        "configure record_metric latency 20",
        "configure increment_metric latency 1",
        "configure get_metric requests",
        "configure get_metric inflight",
        "configure get_metric latency",
      ),
    });
    assert.deepEqual(opResults(host, "define_metric"), ["0 4", "0 5", "0 6", "0 8", "2"]);
    assert.deepEqual(opResults(host, "increment_metric"), ["0", "2", "2", "0", "0", "2"]);
    assert.deepEqual(opResults(host, "get_metric"), ["0 5", "0 3", "2"]);
    assert.equal(host.getCounterMetric("requests"), 5n);
    assert.equal(host.getGaugeMetric("inflight"), 3n);
    assert.deepEqual(host.getHistogramMetric("latency"), [10n, 20n]);
    assert.throws(() => host.getCounterMetric("latency"), /no counter metric named "latency"/);
  });
});

describe("shared data and queues", () => {
  it("sets unconditionally with cas 0, and refuses a stale cas", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "configure set_shared k v1 0",
        "configure get_shared k",
        "configure set_shared k v2 7",
        "configure set_shared k v2 1",
        "configure get_shared missing",
      ),
    });
    assert.deepEqual(opResults(host, "set_shared"), ["0", "8", "0"]);
    assert.deepEqual(opResults(host, "get_shared"), ["0 v1 cas=1", "1"]);
    assert.deepEqual(host.getSharedData("k"), { value: new TextEncoder().encode("v2"), cas: 2 });
    assert.equal(host.getSharedData("missing"), null);
  });

  it("notifies the registering root after the enqueuing callback returned", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "configure register_queue jobs",
        "configure register_queue jobs",
        "configure resolve_queue - jobs",
        "configure resolve_queue other-vm jobs",
        "request_headers enqueue jobs first",
        "request_headers enqueue 99 lost",
        "request_headers log 2 enqueued",
        "queue_ready dequeue jobs",
        "queue_ready dequeue jobs",
      ),
    });
    assert.deepEqual(opResults(host, "register_queue"), ["0 1", "0 1"]);
    assert.deepEqual(opResults(host, "resolve_queue"), ["0 1", "1"]);
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "enqueue"), ["0", "1"]);
    const logs = host.getLogs();
    assert.ok(logs.indexOf("enqueued") < logs.indexOf("queue_ready root=1 token=1"));
    assert.deepEqual(opResults(host, "dequeue"), ["0 first", "7"]);
    assert.equal(host.getQueueSize("jobs"), 0);
  });
});

describe("properties", () => {
  it("serves Wasm tokens, wasm-go's defaults, and request attributes in a stream", async () => {
    const host = await MockHost.create(plain, {
      rootId: "my-root",
      pluginName: "my-plugin",
      vmId: "vm-1",
      config: script(
        "request_headers get_property plugin_name",
        "request_headers get_property plugin_root_id",
        "request_headers get_property plugin_vm_id",
        "request_headers get_property route_name",
        "request_headers get_property xds.cluster_name",
        "request_headers get_property request.path",
        "request_headers get_property request.url_path",
        "request_headers get_property request.headers.x-multi",
        "request_headers get_property request.id",
        "request_headers get_property no.such.thing",
      ),
    });
    host.setClusterName("outbound|80||backend");
    host.callOnHttpRequestHeaders([[":path", "/a?b=1"], ["x-multi", "1"], ["x-multi", "2"]]);
    assert.deepEqual(opResults(host, "get_property"), [
      "0 my-plugin",
      "0 my-root",
      "0 vm-1",
      "0 test-route-default",
      "0 outbound|80||backend",
      "0 /a?b=1",
      "0 /a",
      "0 1,2",
      "0 test-request-id-default",
      "1",
    ]);
  });

  it("encodes integers as 8-byte little-endian int64", async () => {
    const host = await MockHost.create(plain, {
      config: script("response_headers get_property_hex response.code", "response_headers get_property_hex custom.flag"),
      properties: { "custom.flag": true },
    });
    host.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "404"]]);
    assert.deepEqual(opResults(host, "get_property_hex"), ["0 9401000000000000", "0 01"]);
    host.setProperty(["a", "b"], 1.5);
    assert.equal(hex(host.getProperty("a.b")), "000000000000f83f");
  });

  it("stores set_property values per stream and refuses them in a root context", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "configure set_property x_user bob",
        "request_headers set_property x_user alice",
        "request_headers get_property x_user",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "set_property"), ["1", "0"]);
    assert.deepEqual(opResults(host, "get_property"), ["0 alice"]);
    assert.deepEqual(host.getProperty("x_user"), new TextEncoder().encode("alice"));
    host.completeHttp();
    // The finished stream's filter state is what its access log sees; a new stream starts empty.
    assert.deepEqual(host.getProperty("x_user"), new TextEncoder().encode("alice"));
    host.initHttp();
    assert.equal(host.getProperty("x_user"), null);
  });
});

describe("logging", () => {
  it("drops lines below the logger level and reports it from proxy_get_log_level", async () => {
    const seen = [];
    const host = await MockHost.create(plain, {
      logLevel: "debug",
      onLog: (level, message) => seen.push(`${level}:${message}`),
      config: script("configure log_level", "configure log 3 careful", "configure log 0 chatty"),
    });
    assert.deepEqual(opResults(host, "log_level"), ["0 1"]);
    assert.deepEqual(host.getWarnLogs(), ["careful"]);
    assert.deepEqual(host.getTraceLogs(), []);
    assert.ok(seen.includes("warn:careful"));
    assert.ok(!seen.some((l) => l.startsWith("trace:")));
  });

  it("logs stdout as info and stderr as error, one line per write without the trailing newline", async () => {
    const host = await MockHost.create(plain, { config: script("configure stdout hello%0A", "configure stderr oops") });
    assert.deepEqual(host.getInfoLogs(), ["hello"]);
    assert.deepEqual(host.getErrorLogs(), ["oops"]);
    assert.deepEqual(opResults(host, "stdout"), ["0"]);
  });
});

describe("other host services", () => {
  it("runs Envoy's compress foreign function and answers NotFound for unknown ones", async () => {
    const host = await MockHost.create(plain, {
      config: script("configure foreign compress aaaa", "configure foreign reverse abc", "configure foreign nope x"),
      foreignFunctions: { reverse: (args) => args.slice().reverse() },
    });
    assert.deepEqual(opResults(host, "foreign"), [
      `0 ${hex(deflateSync(Buffer.from("aaaa")))}`,
      `0 ${hex(Buffer.from("cba"))}`,
      "1",
    ]);
  });

  it("records Higress upstream overrides and injected data, and answers upstream hosts", async () => {
    const host = await MockHost.create(higress, {
      upstreamHosts: [["10.0.0.1:80", ""]],
      config: script("request_headers override_host 10.0.0.2:80", "request_headers inject chunk 1", "request_headers upstream_hosts"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.equal(host.getUpstreamOverrideHost(), "10.0.0.2:80");
    assert.deepEqual(host.getInjectedData(), [{ data: new TextEncoder().encode("chunk"), endOfStream: true }]);
    assert.deepEqual(opResults(host, "upstream_hosts"), ["0 10.0.0.1:80="]);
  });

  it("answers the current time in nanoseconds", async () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const host = await MockHost.create(plain, { config: "configure time" });
    const [status, value] = opResults(host, "time")[0].split(" ");
    assert.equal(status, "0");
    assert.ok(BigInt(value) >= before);
  });
});
