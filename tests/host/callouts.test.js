// http_call and Redis calls: validation, tokens, and replies delivered to the root context.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { buildScripted, opResults, script } from "./build-fixture.js";

let plain;
let higress;

before(async () => {
  plain = await buildScripted();
  higress = await buildScripted({ higress: true });
});

const call = (cluster = "auth", headers = ":path=/check,:method=GET,:authority=auth") => `http_call ${cluster} ${headers}`;
const traces = (host, prefix) => host.getTraceLogs().filter((l) => l.startsWith(prefix));

describe("http_call", () => {
  it("issues calls on the root context with tokens 4, 8, ... and records them", async () => {
    const host = await MockHost.create(plain, {
      config: script(`request_headers ${call()}`, `request_headers ${call("other")} hello 250`, "request_headers return 1"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "http_call"), ["0 4", "0 8"]);
    const [first, second] = host.getHttpCalloutAttributes();
    assert.deepEqual(first, {
      token: 4,
      upstream: "auth",
      headers: [[":path", "/check"], [":method", "GET"], [":authority", "auth"]],
      body: new Uint8Array(0),
      trailers: [],
      timeoutMs: 1000,
      contextId: 2,
      rootContextId: 1,
      answered: false,
    });
    assert.equal(second.token, 8);
    assert.equal(second.timeoutMs, 250);
    assert.deepEqual(second.headers.at(-1), ["content-length", "5"]);
  });

  it("answers BadArgument for an unknown cluster, missing pseudo-headers, or a timeout of 2^31 ms", async () => {
    const host = await MockHost.create(plain, {
      clusters: ["auth"],
      config: script(
        `request_headers ${call("unknown")}`,
        `request_headers ${call("auth", ":path=/,:method=GET")}`,
        `request_headers ${call("auth", ":path=/,:authority=a,host=a")}`,
        `request_headers ${call("auth", "-")}`,
        `request_headers ${call()} - 2147483648`,
        `request_headers ${call()} - 2147483647`,
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "http_call"), ["2", "2", "2", "2", "2", "0 4"]);
  });

  it("delivers the reply to the root id with maps 6/7 and buffer 4 readable only inside the callback", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        `request_headers ${call()}`,
        "request_headers return 1",
        "http_call_response get_pairs 6",
        "http_call_response get_body 4",
        "http_call_response get_pairs 7",
        "tick get_body 4",
        "tick get_pairs 6",
        "configure tick_period 10",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpCall([[":status", "200"], ["x-a", "1"]], "granted", [["x-t", "2"]]);
    assert.deepEqual(traces(host, "http_call_response"), ["http_call_response root=1 token=4 nh=2 nb=7 nt=1"]);
    assert.deepEqual(opResults(host, "get_pairs"), ["0 :status=200;x-a=1", "0 x-t=2"]);
    assert.deepEqual(opResults(host, "get_body"), ["0 granted"]);
    assert.equal(host.getHttpCalloutAttributes()[0].answered, true);
    host.tick();
    assert.deepEqual(opResults(host, "get_body"), ["0 granted", "1"]);
    assert.deepEqual(opResults(host, "get_pairs").at(-1), "0");
  });

  it("reports a failed call with no headers and get_status (11, reset), the message cleared after it", async () => {
    const host = await MockHost.create(plain, {
      config: script(`request_headers ${call()}`, `request_headers ${call()}`, "request_headers return 1", "http_call_response get_status"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.failHttpCall();
    host.callOnHttpCall([[":status", "200"]]);
    assert.deepEqual(traces(host, "http_call_response"), [
      "http_call_response root=1 token=4 nh=0 nb=0 nt=0",
      "http_call_response root=1 token=8 nh=1 nb=0 nt=0",
    ]);
    // the code is stale on success; the message went when the failure callback returned
    assert.deepEqual(opResults(host, "get_status"), ["0 11 reset", "0 11 "]);
  });

  it("resets the effective context for every call into the VM", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        `request_headers ${call()}`,
        `request_headers ${call()}`,
        "request_headers return 1",
        "http_call_response get_header 0 :path",
        "http_call_response effective_from_token",
        "http_call_response get_header 0 :path",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/p"]]);
    host.callOnHttpCall([[":status", "200"]]);
    host.callOnHttpCall([[":status", "200"]]);
    assert.deepEqual(opResults(host, "get_header"), ["2 :path=", "0 :path=/p", "2 :path=", "0 :path=/p"]);
  });

  it("still delivers a reply after the stream is gone; setting it as effective context fails", async () => {
    const host = await MockHost.create(plain, {
      config: script(`request_headers ${call()}`, "http_call_response effective_from_token"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    host.completeHttp();
    host.callOnHttpCall([[":status", "200"]], "late", [], 4);
    assert.deepEqual(traces(host, "http_call_response"), ["http_call_response root=1 token=4 nh=1 nb=4 nt=0"]);
    assert.deepEqual(opResults(host, "effective_from_token"), ["2 2"]);
  });

  it("refuses to answer a call twice or one that does not exist", async () => {
    const host = await MockHost.create(plain, { config: `request_headers ${call()}` });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpCall([[":status", "200"]]);
    assert.throws(() => host.callOnHttpCall([[":status", "200"]], "", [], 4), /already answered/);
    assert.throws(() => host.callOnHttpCall([[":status", "200"]]), /no unanswered http_call/);
  });
});

describe("Redis (Higress)", () => {
  it("checks the cluster before '?' and records the init", async () => {
    const host = await MockHost.create(higress, {
      clusters: ["outbound|6379||redis.dns"],
      config: script(
        "configure redis_init outbound|6379||redis.dns%3Fdb=1 user secret 500",
        "configure redis_init outbound|6379||other.dns user secret 500",
      ),
    });
    assert.deepEqual(opResults(host, "redis_init"), ["0", "2"]);
    assert.deepEqual(host.getRedisInits(), [
      { cluster: "outbound|6379||redis.dns?db=1", username: "user", password: "secret", timeoutMs: 500 },
    ]);
  });

  it("uses tokens 7, 11, ... and delivers replies with buffer 9 to the root context", async () => {
    const query = "*2%0D%0A$3%0D%0AGET%0D%0A$1%0D%0Ak%0D%0A";
    const host = await MockHost.create(higress, {
      config: script(
        `request_headers redis_call redis ${query}`,
        `request_headers redis_call redis ${query}`,
        "request_headers return 1",
        "redis_call_response get_body 9",
        "redis_call_response get_status",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "redis_call"), ["0 7", "0 11"]);
    assert.equal(new TextDecoder().decode(host.getRedisCalloutAttributes()[0].query), "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    assert.equal(host.getRedisCalloutAttributes()[0].rootContextId, 1);
    host.callOnRedisCall(0, "$1\r\nv\r\n");
    host.callOnRedisCall(1, "", 11);
    assert.deepEqual(traces(host, "redis_call_response"), [
      "redis_call_response root=1 token=7 status=0 size=7",
      "redis_call_response root=1 token=11 status=1 size=0",
    ]);
    assert.deepEqual(opResults(host, "get_body"), ["0 $1\r\nv\r\n", "1"]);
    assert.deepEqual(opResults(host, "get_status").at(-1), "0 11 reset");
  });

  it("answers BadArgument for buffer type 9 on upstream Envoy, NotFound outside a reply on Higress", async () => {
    const envoy = await MockHost.create(plain, { flavor: "envoy", config: "configure body_status 9" });
    assert.deepEqual(opResults(envoy, "body_status"), ["2"]);
    const higressHost = await MockHost.create(plain, { config: "configure body_status 9" });
    assert.deepEqual(opResults(higressHost, "body_status"), ["1"]);
  });
});

describe("gRPC", () => {
  it("opens calls (tokens 5, 9, ...) and streams (6, 10, ...) and validates send, cancel and close", async () => {
    const host = await MockHost.create(plain, {
      clusters: ["grpc-backend"],
      config: script(
        "configure grpc_call grpc-backend pkg.Svc Get x-md=1 req 300",
        "configure grpc_call unknown pkg.Svc Get - req 300",
        "configure grpc_stream grpc-backend pkg.Svc Watch -",
        "configure grpc_call grpc-backend pkg.Svc Get - req2 0",
        "configure grpc_send 10 msg 0",
        "configure grpc_send 5 msg 0",
        "configure grpc_send 14 msg 0",
        "configure grpc_cancel 9",
        "configure grpc_cancel 9",
        "configure grpc_close 4",
      ),
    });
    assert.deepEqual(opResults(host, "grpc_call"), ["0 5", "4", "0 9"]);
    assert.deepEqual(opResults(host, "grpc_stream"), ["0 6"]);
    assert.deepEqual(opResults(host, "grpc_send"), ["1", "2", "1"]);
    assert.deepEqual(opResults(host, "grpc_cancel"), ["0", "1"]);
    assert.deepEqual(opResults(host, "grpc_close"), ["2"]);
    const [call, stream, cancelled] = host.getGrpcCalloutAttributes();
    assert.deepEqual(
      { ...call, messages: call.messages.map((m) => new TextDecoder().decode(m)) },
      {
        token: 5,
        kind: "call",
        service: "grpc-backend",
        serviceName: "pkg.Svc",
        method: "Get",
        initialMetadata: [["x-md", "1"]],
        messages: ["req"],
        timeoutMs: 300,
        contextId: 1,
        rootContextId: 1,
        state: "open",
      },
    );
    assert.equal(stream.kind, "stream");
    assert.equal(cancelled.state, "cancelled");
    assert.throws(() => host.callOnGrpcReceive(9, "x"), /cancelled/);
  });

  it("delivers metadata, messages and close to the root context with maps 4/5 and buffer 5", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "configure grpc_stream backend pkg.Svc Watch -",
        "grpc_initial_metadata get_pairs 4",
        "grpc_receive get_body 5",
        "grpc_trailing_metadata get_pairs 5",
        "grpc_close get_status",
        "grpc_close get_body 5",
        "tick get_status",
        "configure tick_period 10",
      ),
    });
    host.callOnGrpcReceiveInitialMetadata(6, [["x-a", "1"]]);
    host.callOnGrpcReceive(6, "event");
    host.callOnGrpcReceiveTrailingMetadata(6, [["grpc-status", "0"]]);
    host.callOnGrpcClose(6, 5, "not found");
    assert.deepEqual(traces(host, "grpc_"), [
      "grpc_initial_metadata token=6 n=1",
      "grpc_receive token=6 size=5",
      "grpc_trailing_metadata token=6 n=1",
      "grpc_close token=6 status=5",
    ]);
    assert.deepEqual(opResults(host, "get_pairs"), ["0 x-a=1", "0 grpc-status=0"]);
    assert.deepEqual(opResults(host, "get_body"), ["0 event", "1"]);
    host.tick();
    // Envoy clears the message once the close callback returned
    assert.deepEqual(opResults(host, "get_status"), ["0 5 not found", "0 5 "]);
    assert.throws(() => host.callOnGrpcClose(6, 0), /closed/);
  });
});
