// Plugin and stream lifecycles: ids, call order, start/configure status, ticks, plugin removal.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { buildScripted, opResults, script } from "./build-fixture.js";

let plain;

before(async () => {
  plain = await buildScripted();
});

describe("plugins", () => {
  it("starts the default plugin as root context 1: context_create, vm_start, configure", async () => {
    const host = await MockHost.create(plain, { config: "request_headers return 0", vmConfig: "vm" });
    assert.equal(host.startStatus, "ok");
    assert.deepEqual(host.plugin, { rootId: "", rootContextId: 1, startStatus: "ok" });
    assert.deepEqual(host.getTraceLogs(), ["root_create ctx=1 parent=0", "vm_start root=1 size=2", "configure root=1 size=24"]);
  });

  it("reports start-failed when on_vm_start returns 0, and configure is not called", async () => {
    const host = await MockHost.create(plain, { vmConfig: "vm_start return 0" });
    assert.equal(host.startStatus, "start-failed");
    assert.equal(host.getTraceLogs().some((l) => l.startsWith("configure")), false);
    assert.throws(() => host.initHttp(), /did not start \(start-failed\)/);
  });

  it("reports configure-failed when on_configure returns 0, and re-runs on_configure with a new config", async () => {
    const host = await MockHost.create(plain, { config: "configure return 0" });
    assert.equal(host.startStatus, "configure-failed");
    assert.equal(host.configure({ ok: true }), true);
    assert.equal(host.startStatus, "ok");
    assert.equal(host.getTraceLogs().at(-1), "configure root=1 size=11");
  });

  it("makes the plugin configuration readable only inside on_configure; the VM configuration always", async () => {
    const host = await MockHost.create(plain, {
      vmConfig: "vm_start body_status 7",
      config: script("configure body_status 7", "request_headers body_status 7", "request_headers body_status 6"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    // vm_start: NotFound; configure: the config's length; stream: NotFound; VM config: its length
    assert.deepEqual(opResults(host, "body_status"), ["1", "0 83", "1", "0 22"]);
    assert.equal(host.getTraceLogs()[2], "configure root=1 size=83");
  });

  it("shares one id sequence between roots and streams", async () => {
    const host = await MockHost.create(plain);
    assert.equal(host.initHttp(), 2);
    const second = host.addPlugin({ rootId: "second", config: "", pluginName: "two" });
    assert.deepEqual(second, { rootId: "second", rootContextId: 3, startStatus: "ok" });
    assert.equal(host.initHttp(second), 4);
    assert.equal(host.getTraceLogs().at(-1), "context_create ctx=4 parent=3");
    assert.throws(() => host.addPlugin({ rootId: "second" }), /already exists/);
  });

  it("removes a plugin with on_done then on_delete, or waits for proxy_done when on_done returns 0", async () => {
    const host = await MockHost.create(plain);
    const quick = host.addPlugin({ rootId: "quick" });
    assert.equal(host.shutdownPlugin(quick), true);
    assert.deepEqual(host.getTraceLogs().slice(-2), ["done ctx=2", "delete ctx=2"]);

    const slow = host.addPlugin({ rootId: "slow", config: script("done return 0", "configure tick_period 5", "tick done") });
    assert.equal(host.shutdownPlugin(slow), false);
    assert.equal(host.getTraceLogs().at(-1), "done ctx=3");
    host.tick(slow);
    assert.deepEqual(opResults(host, "done"), ["0"]);
    assert.deepEqual(host.getTraceLogs().slice(-2), ["tick root=3", "delete ctx=3"]);
    assert.throws(() => host.tick(slow), /no live plugin/);
  });

  it("answers NotFound to proxy_done from a plugin that is not shutting down", async () => {
    const host = await MockHost.create(plain, { config: "configure done" });
    assert.deepEqual(opResults(host, "done"), ["1"]);
  });
});

describe("streams", () => {
  it("ends a stream with on_log, then on_done, then on_delete", async () => {
    const host = await MockHost.create(plain);
    host.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    host.completeHttp();
    assert.deepEqual(host.getTraceLogs().slice(3), [
      "context_create ctx=2 parent=1",
      "request_headers ctx=2 n=1 eos=1",
      "response_headers ctx=2 n=1 eos=1",
      "log ctx=2",
      "done ctx=2",
      "delete ctx=2",
    ]);
    // the next request opens a new stream
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.equal(host.currentHttpContextId, 3);
  });

  it("switches between streams and refuses driver calls Envoy would never make", async () => {
    const host = await MockHost.create(plain);
    const a = host.initHttp();
    const b = host.initHttp();
    host.setCurrentHttpContext(a);
    assert.throws(() => host.callOnHttpRequestBody("x"), /before the request headers/);
    host.callOnHttpRequestHeaders([[":path", "/a"]]);
    assert.throws(() => host.callOnHttpRequestHeaders([[":path", "/a"]]), /already received request headers/);
    assert.throws(() => host.callOnHttpResponseBody("x"), /before the response headers/);
    host.setCurrentHttpContext(b);
    assert.deepEqual(host.getRequestHeaders(), []);
    assert.throws(() => host.setCurrentHttpContext(99), /no live HTTP stream/);
  });
});

describe("timers", () => {
  it("sets the tick period on the caller's root context, even from a stream", async () => {
    const host = await MockHost.create(plain, { config: script("configure tick_period 100", "request_headers tick_period 50") });
    assert.equal(host.getTickPeriod(), 100);
    host.tick();
    assert.equal(host.getTraceLogs().at(-1), "tick root=1");
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.equal(host.getTickPeriod(), 50);
  });

  it("ticks only plugins that have a period", async () => {
    const host = await MockHost.create(plain);
    const ticking = host.addPlugin({ rootId: "t", config: "configure tick_period 10" });
    host.tick();
    assert.deepEqual(host.getTraceLogs().filter((l) => l.startsWith("tick")), [`tick root=${ticking.rootContextId}`]);
    assert.equal(host.getTickPeriod(), 0);
  });
});
