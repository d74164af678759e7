// Properties as Envoy resolves them (source/extensions/common/wasm/context.cc findValue and
// getProperty, filters/common/expr/context.cc RequestWrapper): request.* attributes read the
// request header map the Wasm context holds, which is gone once the request went on; values set
// with proxy_set_property are found by the first path segment only; test-set names win over
// MockHost's defaults.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { buildScripted, opResults, script } from "./build-fixture.js";

let plain;

before(async () => {
  plain = await buildScripted();
});

const NOT_FOUND = "1";

describe("request.* attributes", () => {
  it("are found while the request headers are held, NotFound in body callbacks and the response, back in on_log", async () => {
    const reads = ["get_property request.path", "get_property request.method", "get_property request.headers.x-a", "get_property_hex request.headers"];
    const host = await MockHost.create(plain, {
      config: script(
        ...["request_headers", "request_body", "response_headers", "log"].flatMap((event) => reads.map((op) => `${event} ${op}`)),
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/p?q"], [":method", "POST"], ["x-a", "1"]]);
    host.callOnHttpRequestBody("body");
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    host.completeHttp();
    const found = ["0 /p?q", "0 POST", "0 1"];
    assert.deepEqual(opResults(host, "get_property"), [...found, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, ...found]);
    const hex = opResults(host, "get_property_hex");
    assert.equal(hex.length, 4);
    assert.notEqual(hex[0], "0 00000000");
    // a RequestWrapper over no header map still yields request.headers: an empty map (count 0)
    assert.deepEqual(hex.slice(1, 3), ["0 00000000", "0 00000000"]);
    assert.equal(hex[3], hex[0]);
  });

  it("stay found in a callout reply while the headers are paused, and go with proxy_continue_stream", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers http_call outbound|80||auth :path=/,:method=GET,:authority=auth",
        "request_headers return 1",
        "http_call_response effective_from_token",
        "http_call_response get_property request.path",
        "http_call_response continue 0",
        "http_call_response get_property request.path",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/held"]], { endOfStream: true });
    host.callOnHttpCall([[":status", "200"]]);
    assert.deepEqual(opResults(host, "get_property"), ["0 /held", NOT_FOUND]);
  });

  it("read request.id from x-request-id, else the id Envoy assigns; NotFound after the headers and in a root context", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "configure get_property request.id",
        "request_headers get_property request.id",
        "response_headers get_property request.id",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"], ["x-request-id", "abc"]], { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    host.completeHttp();
    host.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    assert.deepEqual(opResults(host, "get_property"), [NOT_FOUND, "0 abc", NOT_FOUND, "0 test-request-id-default"]);
  });
});

describe("proxy_set_property", () => {
  it("is found by a one-segment get; a multi-segment path is stored but never found", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers set_property a%00b v1",
        "request_headers set_property c v2",
        "request_headers get_property a.b",
        "request_headers get_property a",
        "request_headers get_property c",
        "request_headers get_property c.x",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "set_property"), ["0", "0"]);
    assert.deepEqual(opResults(host, "get_property"), [NOT_FOUND, NOT_FOUND, "0 v2", NOT_FOUND]);
    assert.equal(host.getProperty(["a", "b"]), null);
  });
});

describe("host properties a test sets", () => {
  const reads = script(
    "request_headers get_property route_name",
    "request_headers get_property xds.route_name",
    "request_headers get_property xds.cluster_name",
    "request_headers get_property x_request_id",
  );

  it("set the aliased name too, so no default shadows them", async () => {
    const host = await MockHost.create(plain, {
      config: reads,
      properties: { route_name: "r1", "xds.cluster_name": "c1", "request.id": "id-1" },
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "get_property"), ["0 r1", "0 r1", "0 c1", "0 id-1"]);
  });

  it("keep both values when the test sets both names", async () => {
    const host = await MockHost.create(plain, {
      config: reads,
      properties: { route_name: "legacy", "xds.route_name": "xds" },
    });
    host.setProperty("x_request_id", "id-2");
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "get_property"), ["0 legacy", "0 xds", "0 test-cluster-default", "0 id-2"]);
  });

  it("drop a default and its aliases when set to null, leaving the others", async () => {
    const host = await MockHost.create(plain, {
      config: script(reads, "request_headers get_property request.id"),
      properties: { x_request_id: null },
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "get_property"), ["0 test-route-default", "0 test-route-default", "0 test-cluster-default", NOT_FOUND, NOT_FOUND]);
  });
});
