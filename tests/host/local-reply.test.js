// Local replies and VM failures: what the client gets, and which plugin callbacks see it.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { buildScripted, opResults, script } from "./build-fixture.js";

let plain;

before(async () => {
  plain = await buildScripted();
});

const text = (bytes) => new TextDecoder().decode(bytes);
const traces = (host, prefix) => host.getTraceLogs().filter((l) => l.startsWith(prefix));

describe("local replies", () => {
  it("records the reply, replaces whitespace in details, and adds content headers for a body", async () => {
    const host = await MockHost.create(plain, {
      config: "request_headers local_reply 403 denied access%20denied%09now X-Reason=policy -1",
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(host.getLocalResponse(), {
      statusCode: 403,
      statusCodeDetails: "access_denied_now",
      body: new TextEncoder().encode("denied"),
      headers: [["x-reason", "policy"], ["content-length", "6"], ["content-type", "text/plain"]],
      grpcStatus: -1,
    });
  });

  it("sends the reply only after the callback returned, through this plugin's response callbacks", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers local_reply 401 nope - -",
        "request_headers log 2 after%20send",
        "response_headers get_header 2 :status",
        "response_body get_body 1",
      ),
    });
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]]), "StopAllIterationAndWatermark");
    const logs = host.getLogs();
    assert.ok(logs.indexOf("after send") < logs.indexOf("response_headers ctx=2 n=3 eos=0"));
    assert.deepEqual(opResults(host, "get_header"), ["0 :status=401"]);
    assert.deepEqual(opResults(host, "get_body"), ["0 nope"]);
    assert.deepEqual(host.getResponseHeaders(), [[":status", "401"], ["content-length", "4"], ["content-type", "text/plain"]]);
    assert.equal(text(host.getResponseBody()), "nope");
    // the stream's action stays what the request callback got
    assert.equal(host.getHttpStreamAction(), "StopAllIterationAndWatermark");
  });

  it("strips content-type and content-length when the body is empty", async () => {
    const host = await MockHost.create(plain, {
      config: "request_headers local_reply 204 - - content-type=application/json,content-length=10,x-keep=1",
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(host.getLocalResponse().headers, [["x-keep", "1"]]);
    assert.deepEqual(traces(host, "response_"), ["response_headers ctx=2 n=2 eos=1"]);
  });

  it("stops delivering request callbacks after a local reply", async () => {
    const host = await MockHost.create(plain, { config: "request_headers local_reply 403 - - -" });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.equal(host.callOnHttpRequestBody("ignored"), "StopAllIterationAndWatermark");
    assert.deepEqual(traces(host, "request_body"), []);
  });

  it("answers Ok to a second local reply; Higress drops it, and its forced Stop stalls the first reply", async () => {
    const config = script("request_headers local_reply 403 first - -", "request_headers local_reply 500 second - -");
    const higress = await MockHost.create(plain, { config });
    higress.callOnHttpRequestHeaders([[":path", "/"]]);
    // proxy-wasm's send_local_response ignores what the context answers and returns Ok
    assert.deepEqual(opResults(higress, "local_reply"), ["0", "0"]);
    assert.equal(text(higress.getLocalResponse().body), "first");
    assert.deepEqual(higress.getHostErrors(), []);

    const envoy = await MockHost.create(plain, { config, flavor: "envoy" });
    envoy.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(envoy, "local_reply"), ["0", "0"]);
    assert.equal(text(envoy.getLocalResponse().body), "first");
    assert.deepEqual(envoy.getHostErrors(), ["local reply on stream 2 after its response completed was ignored"]);

    // A second reply from the response callback of the first: Stop is forced on that callback, so
    // the first reply's body never reaches this filter's response_body.
    const stalled = await MockHost.create(plain, {
      config: script("request_headers local_reply 403 first - -", "response_headers local_reply 500 second - -"),
    });
    stalled.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(stalled, "local_reply"), ["0", "0"]);
    assert.deepEqual(traces(stalled, "response_"), ["response_headers ctx=2 n=3 eos=0"]);
    assert.equal(stalled.getLocalResponse().statusCode, 403);
  });

  it("denies from an http_call callback with the effective context set (the auth pattern)", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers http_call auth :path=/,:method=GET,:authority=a",
        "request_headers return 1",
        "http_call_response effective_from_token",
        "http_call_response local_reply 403 forbidden - -",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpCall([[":status", "403"]]);
    assert.equal(host.getLocalResponse().statusCode, 403);
    assert.deepEqual(traces(host, "response_"), ["response_headers ctx=2 n=3 eos=0", "response_body ctx=2 size=9 eos=1"]);
  });

  it("does nothing for a local reply from a root context without an effective stream", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_headers http_call auth :path=/,:method=GET,:authority=a", "request_headers return 1", "http_call_response local_reply 403 - - -"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpCall([[":status", "200"]]);
    assert.deepEqual(opResults(host, "local_reply"), ["0"]);
    assert.equal(host.getLocalResponse(), null);
  });

  it("bypasses the filters for a local reply from on_response_headers", async () => {
    const host = await MockHost.create(plain, { config: "response_headers local_reply 502 upstream%20bad - -" });
    host.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"], ["x-upstream", "1"]]);
    assert.deepEqual(traces(host, "response_"), ["response_headers ctx=2 n=2 eos=0"]);
    assert.deepEqual(host.getResponseHeaders(), [[":status", "502"], ["content-length", "12"], ["content-type", "text/plain"]]);
    assert.equal(text(host.getResponseBody()), "upstream bad");
  });

  it("resets the stream for a local reply after response headers went downstream", async () => {
    const host = await MockHost.create(plain, { config: "response_body local_reply 500 late too_late -" });
    host.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"]]);
    host.callOnHttpResponseBody("data");
    assert.equal(host.getStreamResetDetails(), "too_late");
    assert.match(host.getHostErrors()[0], /after response headers were sent: Envoy resets the stream/);
  });

  it("answers a gRPC request with a trailers-only 200 carrying grpc-status and grpc-message", async () => {
    const config = "request_headers local_reply 403 no%20way%25 - content-length=9 7";
    const host = await MockHost.create(plain, { config });
    host.callOnHttpRequestHeaders([[":path", "/svc/M"], ["content-type", "application/grpc"]]);
    assert.deepEqual(host.getResponseHeaders(), [
      [":status", "200"],
      ["content-type", "application/grpc"],
      ["grpc-status", "7"],
      ["grpc-message", "no way%25"],
    ]);
    assert.equal(host.getResponseBody().length, 0);
  });

  it("sends grpc_status -1 as 4294967295 under Higress; newest Envoy derives it from the HTTP code", async () => {
    const config = "request_headers local_reply 403 - - - -1";
    const grpcRequest = [[":path", "/svc/M"], ["content-type", "application/grpc"]];
    const higress = await MockHost.create(plain, { config });
    higress.callOnHttpRequestHeaders(grpcRequest);
    assert.deepEqual(higress.getResponseHeaders().find(([k]) => k === "grpc-status"), ["grpc-status", "4294967295"]);
    assert.equal(higress.getLocalResponse().grpcStatus, -1);
    const envoy = await MockHost.create(plain, { config, flavor: "envoy" });
    envoy.callOnHttpRequestHeaders(grpcRequest);
    assert.deepEqual(envoy.getResponseHeaders().find(([k]) => k === "grpc-status"), ["grpc-status", "7"]);
  });

  it("treats application/grpc+proto as gRPC and grpc-web as plain HTTP", async () => {
    const config = "request_headers local_reply 403 no - - 7";
    const proto = await MockHost.create(plain, { config });
    proto.callOnHttpRequestHeaders([[":path", "/svc/M"], ["content-type", "application/grpc+proto"]]);
    assert.deepEqual(proto.getResponseHeaders()[0], [":status", "200"]);
    const web = await MockHost.create(plain, { config });
    web.callOnHttpRequestHeaders([[":path", "/svc/M"], ["content-type", "application/grpc-web"]]);
    assert.deepEqual(web.getResponseHeaders(), [[":status", "403"], ["content-length", "2"], ["content-type", "text/plain"]]);
  });

  it("keeps a grpc-status the plugin set on a gRPC reply, and sets content-type in place", async () => {
    const host = await MockHost.create(plain, { config: "request_headers local_reply 403 - - content-type=text/plain,grpc-status=16 7" });
    host.callOnHttpRequestHeaders([[":path", "/svc/M"], ["content-type", "application/grpc"]]);
    assert.deepEqual(host.getResponseHeaders(), [[":status", "200"], ["content-type", "application/grpc"], ["grpc-status", "16"]]);
  });

  it("answers a HEAD request with headers only: content-length kept, no body callback", async () => {
    const host = await MockHost.create(plain, { config: "request_headers local_reply 403 denied - -" });
    host.callOnHttpRequestHeaders([[":method", "HEAD"], [":path", "/"]]);
    assert.deepEqual(traces(host, "response_"), ["response_headers ctx=2 n=3 eos=1"]);
    assert.deepEqual(host.getResponseHeaders(), [[":status", "403"], ["content-length", "6"], ["content-type", "text/plain"]]);
    assert.equal(host.getResponseBody().length, 0);
  });

  it("closes the stream with a reset on close_stream, after the callback", async () => {
    const host = await MockHost.create(plain, { config: script("request_headers close 0", "request_headers get_header 0 :path") });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "get_header"), ["0 :path=/"]);
    assert.equal(host.getStreamResetDetails(), "wasm_close_stream");
    assert.equal(host.callOnHttpRequestBody("x"), "Continue");
    assert.deepEqual(traces(host, "request_body"), []);
  });
});

describe("VM failures", () => {
  it("fails closed by default: Stop, one 503 wasm_fail_stream reply, and no more callbacks", async () => {
    const host = await MockHost.create(plain, { config: "request_headers trap" });
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]]), "StopAllIterationAndWatermark");
    assert.equal(host.vmFailed, true);
    assert.equal(host.vmFailure, "Function: proxy_on_request_headers failed: Uncaught RuntimeError: unreachable");
    assert.deepEqual(host.getHostErrors(), [host.vmFailure]);
    assert.deepEqual(host.getLocalResponse(), {
      statusCode: 503,
      statusCodeDetails: "wasm_fail_stream",
      body: new Uint8Array(0),
      headers: [],
      grpcStatus: 14,
    });
    host.completeHttp();
    const before = host.getLogs().length;
    host.callOnHttpRequestHeaders([[":path", "/next"]]);
    assert.equal(host.getLocalResponse().statusCode, 503);
    assert.equal(host.getLogs().length, before, "no callback reached the failed VM");
  });

  it("fails open on request: Continue, no reply", async () => {
    const host = await MockHost.create(plain, { config: "request_headers trap", failurePolicy: "fail-open" });
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]]), "Continue");
    assert.equal(host.getLocalResponse(), null);
    assert.equal(host.callOnHttpRequestBody("x"), "Continue");
    assert.equal(new TextDecoder().decode(host.getRequestBody()), "x");
  });

  it("turns a bad guest pointer into InvalidMemoryAccess instead of a host exception", async () => {
    const host = await MockHost.create(plain, { config: "request_headers bad_memory" });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "bad_memory"), ["6"]);
    assert.equal(host.vmFailed, false);
  });
});
