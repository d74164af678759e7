// The property readers (xds.* names first, legacy names as fallback) and the int/bool decoders,
// through MockHost (tests/fixtures/wrapper/properties-plugin.ts). A host lacking one set of names
// (older Envoy: no xds.*; newest Envoy: no legacy names) is imitated by hiding those paths.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";
import { callsOf, createSpiedHost } from "./host-spy.js";

const REQUEST = [[":method", "GET"], [":authority", "example.com"], [":scheme", "http"], [":path", "/"]];
const one = (pairs, key) => {
  const values = pairs.filter(([k]) => k === key).map(([, v]) => v);
  assert.equal(values.length, 1, `exactly one ${key} in ${JSON.stringify(pairs)}`);
  return values[0];
};

const PROPERTIES = {
  route_name: "legacy-route",
  "xds.route_name": "xds-route",
  cluster_name: "legacy-cluster",
  "xds.cluster_name": "xds-cluster",
  "custom.count": 42,
  "custom.flag": false,
  "custom.text": "text",
  "custom.big": 2n ** 63n + 5n,
  "connection.mtls": true,
};

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/wrapper/properties-plugin.ts"], ["--config", "asconfig.json"]);
});

async function requestHeaders(hideProperties = [], extra = []) {
  const { host, calls } = await createSpiedHost(wasm, { pluginName: "my-plugin", properties: PROPERTIES }, { hideProperties });
  host.callOnHttpRequestHeaders([...REQUEST, ...extra], { endOfStream: true });
  return { headers: host.getRequestHeaders(), calls, host };
}

describe("route and cluster names", () => {
  it("prefer the xds.* names when the host has both (Higress 1.27)", async () => {
    const { headers, calls } = await requestHeaders();
    assert.equal(one(headers, "x-route"), "xds-route");
    assert.equal(one(headers, "x-cluster"), "xds-cluster");
    assert.deepEqual(callsOf(calls, "proxy_get_property", "route_name"), [], "no fallback read when xds.* answered");
  });

  it("fall back to the legacy names on a host without xds.*", async () => {
    const { headers, calls } = await requestHeaders(["xds.route_name", "xds.cluster_name"]);
    assert.equal(one(headers, "x-route"), "legacy-route");
    assert.equal(one(headers, "x-cluster"), "legacy-cluster");
    const reads = calls.filter((c) => c.name === "env.proxy_get_property").map((c) => c.path);
    assert.ok(reads.indexOf("xds.route_name") < reads.indexOf("route_name"), "xds.* is asked first");
  });

  it("use the xds.* names on a host without the legacy ones (newest Envoy)", async () => {
    const { headers } = await requestHeaders(["route_name", "cluster_name"]);
    assert.equal(one(headers, "x-route"), "xds-route");
    assert.equal(one(headers, "x-cluster"), "xds-cluster");
  });

  it("are null when the host has neither", async () => {
    const { headers } = await requestHeaders(["xds.route_name", "route_name", "xds.cluster_name", "cluster_name"]);
    assert.equal(one(headers, "x-route"), "null");
    assert.equal(one(headers, "x-cluster"), "null");
  });
});

describe("plugin name and request id", () => {
  it("reads the plugin name", async () => {
    const { headers } = await requestHeaders();
    assert.equal(one(headers, "x-plugin-name"), "my-plugin");
  });

  it("reads x_request_id, else request.id (the x-request-id header)", async () => {
    const { host } = await requestHeaders();
    host.completeHttp();
    host.setRequestId("from-property");
    host.callOnHttpRequestHeaders([...REQUEST, ["x-request-id", "from-header"]], { endOfStream: true });
    assert.equal(one(host.getRequestHeaders(), "x-request-id-read"), "from-property");
    const fallback = await requestHeaders(["x_request_id"], [["x-request-id", "from-header"]]);
    assert.equal(one(fallback.headers, "x-request-id-read"), "from-header");
    const none = await requestHeaders(["x_request_id", "request.id"]);
    assert.equal(one(none.headers, "x-request-id-read"), "null");
  });
});

describe("decoders", () => {
  it("decode 8-byte integers and 1-byte booleans, and fall back for anything else", async () => {
    const { headers } = await requestHeaders();
    assert.equal(one(headers, "x-count"), "42");
    assert.equal(one(headers, "x-count-missing"), "-1");
    assert.equal(one(headers, "x-count-of-string"), "-1", "a 4-byte value is no integer");
    assert.equal(one(headers, "x-flag"), "false");
    assert.equal(one(headers, "x-mtls"), "true");
    assert.equal(one(headers, "x-flag-missing"), "true");
    assert.equal(one(headers, "x-flag-of-string"), "true");
    assert.equal(one(headers, "x-big-as-uint"), String(2n ** 63n + 5n), "a uint beyond i64 reads back through <u64>");
    assert.equal(one(headers, "x-decode-null"), "7,true");
  });
});

describe("response properties", () => {
  it("tells an upstream response from another one, and reads the status code", async () => {
    const host = await MockHost.create(wasm, { properties: { "response.code_details": "via_upstream" } });
    host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "201"]], { endOfStream: true });
    assert.equal(one(host.getResponseHeaders(), "x-from-upstream"), "true");
    assert.equal(one(host.getResponseHeaders(), "x-code"), "201");

    const direct = await MockHost.create(wasm, { properties: { "response.code_details": "direct_response" } });
    direct.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    direct.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    assert.equal(one(direct.getResponseHeaders(), "x-from-upstream"), "false");

    const unknown = await MockHost.create(wasm);
    unknown.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    unknown.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    assert.equal(one(unknown.getResponseHeaders(), "x-from-upstream"), "false");
  });
});
