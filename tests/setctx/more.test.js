// RouteCall, streaming request bodies, WithLogger and leader election.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const text = (bytes) => new TextDecoder().decode(bytes);

let route;
let stream;
before(async () => {
  [route, stream] = await Promise.all(
    ["route", "stream"].map((name) => compile([`tests/fixtures/setctx/${name}.ts`], ["--config", "asconfig.json"])),
  );
});

describe("RouteCall", () => {
  it("re-sends the request and hands the upstream's answer to the callback", async () => {
    const host = await MockHost.create(route, { config: { url: "http://other.svc/v2/items?a=1" }, flavor: "higress" });
    const request = [[":authority", "a.com"], [":path", "/orig"], [":method", "GET"], ["content-length", "3"], ["accept-encoding", "gzip"]];
    assert.equal(host.callOnHttpRequestHeaders(request), "StopIteration");
    assert.equal(host.callOnHttpStreamingRequestBody("abc", true), "Continue");
    const headers = host.getRequestHeaders();
    assert.deepEqual(
      [":method", ":path", ":authority", "x-envoy-original-method", "x-envoy-original-path", "x-envoy-original-host", "x-route-call"].map((k) => value(headers, k)),
      ["POST", "/v2/items?a=1", "other.svc", "GET", "/orig", "a.com", "1"],
    );
    assert.equal(value(headers, "content-length"), undefined);
    assert.equal(value(headers, "accept-encoding"), undefined);
    assert.equal(text(host.getRequestBody()), '{"wrapped":"abc"}');

    assert.equal(host.callOnHttpResponseHeaders([[":status", "201"], ["content-length", "2"]]), "StopIteration");
    assert.equal(host.callOnHttpStreamingResponseBody("ok", true), "Continue");
    assert.equal(text(host.getResponseBody()), "status=201 body=ok");
    assert.equal(value(host.getResponseHeaders(), "content-length"), undefined);
  });

  it("refuses a URL it cannot use, and the plugin answers", async () => {
    const host = await MockHost.create(route, { config: { url: "not a url" }, flavor: "higress" });
    host.callOnHttpRequestHeaders([[":authority", "a"], [":path", "/"], [":method", "GET"]]);
    host.callOnHttpStreamingRequestBody("x", true);
    assert.equal(host.getLocalResponse().statusCode, 500);
    assert.ok(host.getErrorLogs().some((line) => line.includes("route call: invalid url not a url")));
  });
});

describe("streaming request body", () => {
  it("replaces each chunk with what the handler returns", async () => {
    const host = await MockHost.create(stream, { config: {} });
    host.callOnHttpRequestHeaders([[":authority", "a"], [":path", "/"], [":method", "POST"]]);
    assert.equal(host.callOnHttpStreamingRequestBody("a", false), "Continue");
    assert.equal(host.callOnHttpStreamingRequestBody("b", true), "Continue");
    assert.equal(text(host.getRequestBody()), "<a><b|last>");
    assert.ok(host.getInfoLogs().some((line) => /^\[custom-logger\] \[nil\] \[[^\]]+\] chunk of 1 bytes$/.test(line)), host.getInfoLogs().join("\n"));
  });
});

describe("WithLogger and leader election", () => {
  it("logs through the plugin's logger and takes the lease in one VM only", async () => {
    const first = await MockHost.create(stream, { config: {} });
    assert.ok(first.getInfoLogs().some((line) => line.startsWith("[custom-logger] ")), first.getInfoLogs().join("\n"));
    first.tick();
    assert.ok(first.getInfoLogs().some((line) => line.endsWith("leader=yes yes")), first.getInfoLogs().join("\n"));
    const lease = first.getSharedData("higress_wasm_vm_lease:test-plugin/");
    assert.ok(lease, "the lease is stored under the plugin's own key");
    const holder = JSON.parse(text(lease.value)).vmID;

    // Another VM of the plugin holds a fresh lease: this one follows; a stale lease is taken over.
    const key = "higress_wasm_vm_lease:test-plugin/";
    const now = Math.floor(Date.now() / 1000);
    first.setSharedData(key, JSON.stringify({ vmID: "other-vm", timestamp: now }));
    first.tick();
    assert.ok(first.getInfoLogs().at(-1).endsWith("leader=no no"), first.getInfoLogs().at(-1));
    first.setSharedData(key, JSON.stringify({ vmID: "other-vm", timestamp: now - 61 }));
    first.tick();
    assert.ok(first.getInfoLogs().at(-1).endsWith("leader=yes yes"), first.getInfoLogs().at(-1));
    assert.equal(JSON.parse(text(first.getSharedData(key).value)).vmID, holder);
  });
});
