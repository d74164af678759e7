// proxywasm.*: every function a plugin calls, through MockHost, with its success and error results
// (tests/fixtures/wrapper/proxywasm-plugin.ts reports what it got in headers or info lines).
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const REQUEST = [[":method", "GET"], [":authority", "example.com"], [":scheme", "http"]];
const request = (path, extra = []) => [...REQUEST, [":path", path], ...extra];
const header = (pairs, key) => pairs.filter(([k]) => k === key).map(([, v]) => v);
const one = (pairs, key) => {
  const values = header(pairs, key);
  assert.equal(values.length, 1, `exactly one ${key} in ${JSON.stringify(pairs)}`);
  return values[0];
};
const text = (bytes) => new TextDecoder().decode(bytes);
const infoLines = (host, prefix) => host.getInfoLogs().filter((l) => l.startsWith(prefix));
const infoLine = (host, prefix) => {
  const lines = infoLines(host, prefix);
  assert.equal(lines.length, 1, `one info line starting "${prefix}" in ${JSON.stringify(host.getInfoLogs())}`);
  return lines[0].slice(prefix.length);
};

const NOT_FOUND = "error status returned by host: not found";
const BAD_ARGUMENT = "error status returned by host: bad argument";

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/wrapper/proxywasm-plugin.ts"], ["--config", "asconfig.json"]);
});

const start = (options = {}) => MockHost.create(wasm, { config: "cfg", ...options });

describe("request headers", () => {
  it("gets, adds, replaces and removes, with Go's errors for a missing header and a bad value", async () => {
    const host = await start();
    const action = host.callOnHttpRequestHeaders(
      request("/headers", [["x-in", "original"], ["x-multi", "1"], ["x-drop", "a"], ["x-drop", "b"]]),
    );
    assert.equal(action, "Continue");
    const h = host.getRequestHeaders();
    assert.equal(one(h, "x-get"), "original");
    assert.equal(one(h, "x-get-error"), "<nil>", "LastError is nil after a value was found");
    assert.equal(one(h, "x-missing"), "null");
    assert.equal(one(h, "x-missing-error"), NOT_FOUND);
    assert.equal(one(h, "x-missing-is-not-found"), "true", "LastError is the ErrorStatusNotFound object");
    assert.deepEqual(header(h, "x-multi"), ["1", "2"]);
    assert.equal(one(h, "x-add-error"), "<nil>");
    assert.deepEqual(header(h, "x-in"), ["replaced"]);
    assert.equal(one(h, "x-replace-error"), "<nil>");
    assert.deepEqual(header(h, "x-drop"), []);
    assert.equal(one(h, "x-remove-error"), "<nil>");
    assert.equal(one(h, "x-remove-absent-error"), "<nil>", "removing an absent header is not an error");
    assert.deepEqual(header(h, "x-bad"), [], "a value with CR/LF never reaches the host");
    assert.equal(one(h, "x-bad-error"), BAD_ARGUMENT);
    assert.equal(one(h, "x-bad-is-bad-argument"), "true");
    // 8 headers sent, 11 reports and one x-multi added, two x-drop removed before the count.
    assert.equal(one(h, "x-all"), "18");
  });

  it("replaces the whole map, and refuses a map with a bad pair without touching it", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/replace-all", [["x-gone", "1"]]));
    assert.deepEqual(host.getRequestHeaders(), [
      [":method", "POST"],
      [":path", "/replaced"],
      [":authority", "replaced.example"],
      [":scheme", "http"],
      ["x-only", "1"],
    ]);
    assert.equal(infoLine(host, "replace request headers: "), "<nil>");
    assert.equal(infoLine(host, "replace with a bad pair: "), BAD_ARGUMENT);
  });
});

describe("response headers", () => {
  it("gets, adds, replaces and removes", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/headers"), { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "201"], ["x-upstream", "a"], ["x-secret", "s"]], { endOfStream: true });
    const h = host.getResponseHeaders();
    assert.equal(one(h, "x-status"), "201");
    assert.equal(one(h, "x-missing"), NOT_FOUND);
    assert.deepEqual(header(h, "x-upstream"), ["replaced"]);
    assert.deepEqual(header(h, "x-secret"), []);
    // :status x-upstream x-status x-missing
    assert.equal(one(h, "x-all"), "4");
  });

  it("replaces the whole map", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/replace-all"), { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"], ["x-gone", "1"]], { endOfStream: true });
    assert.deepEqual(host.getResponseHeaders(), [[":status", "202"], ["x-only", "response"]]);
    assert.equal(infoLine(host, "replace response headers: "), "<nil>");
  });
});

describe("trailers", () => {
  it("edits request trailers and replaces them", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/trailers-all"));
    host.callOnHttpStreamingRequestBody("b", false);
    host.callOnHttpRequestTrailers([["x-t", "1"], ["x-t-drop", "2"]]);
    assert.equal(infoLine(host, "request trailer x-t: "), "1");
    assert.equal(infoLine(host, "request trailer missing: "), NOT_FOUND);
    // Replacing removes the old value and appends the new one, as Envoy's header map does.
    assert.equal(infoLine(host, "request trailers: "), "x-t-added=1;x-t=replaced");
    assert.equal(infoLine(host, "replace request trailers: "), "<nil>");
    assert.deepEqual(host.getRequestTrailers(), [["x-only-trailer", "1"]]);
  });

  it("edits response trailers and replaces them", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/trailers-all"), { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"]]);
    host.callOnHttpStreamingResponseBody("b", false);
    host.callOnHttpResponseTrailers([["grpc-status", "0"], ["grpc-message", "ok"], ["x-rt-drop", "1"]]);
    assert.equal(infoLine(host, "response trailer grpc-status: "), "0");
    assert.equal(infoLine(host, "response trailer missing: "), NOT_FOUND);
    assert.equal(infoLine(host, "response trailers: "), "grpc-status=0;x-rt-added=1;grpc-message=replaced");
    assert.equal(infoLine(host, "replace response trailers: "), "<nil>");
    assert.deepEqual(host.getResponseTrailers(), [["x-only-trailer", "response"]]);
  });

  it("keeps the edited trailers when not replacing them", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/plain"));
    host.callOnHttpStreamingRequestBody("b", false);
    host.callOnHttpRequestTrailers([["x-t", "1"]]);
    assert.deepEqual(host.getRequestTrailers(), [["x-t-added", "1"], ["x-t", "replaced"]]);
  });
});

describe("bodies", () => {
  const requestBody = async (path) => {
    const host = await start();
    host.callOnHttpRequestHeaders(request(path, [["content-length", "11"]]));
    assert.equal(host.callOnHttpStreamingRequestBody("hello ", false), "StopIterationAndBuffer");
    assert.equal(host.callOnHttpStreamingRequestBody("world", true), "Continue");
    assert.equal(infoLine(host, "request body: "), "hello world");
    assert.equal(infoLine(host, "request body from 2, 3 bytes: "), "llo");
    return host;
  };

  it("replaces the request body", async () => {
    const host = await requestBody("/body/replace");
    assert.equal(infoLine(host, "replace: "), "<nil>");
    assert.equal(text(host.getRequestBody()), "replaced");
  });

  it("appends to the request body", async () => {
    const host = await requestBody("/body/append");
    assert.equal(infoLine(host, "append: "), "<nil>");
    assert.equal(text(host.getRequestBody()), "hello world+tail");
  });

  it("prepends to the request body", async () => {
    const host = await requestBody("/body/prepend");
    assert.equal(infoLine(host, "prepend: "), "<nil>");
    assert.equal(text(host.getRequestBody()), "head+hello world");
  });

  const responseBody = async (path) => {
    const host = await start();
    host.callOnHttpRequestHeaders(request(path), { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"], ["content-length", "4"]]);
    assert.deepEqual(header(host.getResponseHeaders(), "content-length"), []);
    assert.equal(host.callOnHttpStreamingResponseBody("bo", false), "StopIterationAndBuffer");
    assert.equal(host.callOnHttpStreamingResponseBody("dy", true), "Continue");
    assert.equal(infoLine(host, "response body: "), "body");
    return host;
  };

  it("replaces the response body", async () => {
    const host = await responseBody("/rbody/replace");
    assert.equal(infoLine(host, "replace: "), "<nil>");
    assert.equal(text(host.getResponseBody()), "REPLACED");
  });

  it("appends to the response body", async () => {
    const host = await responseBody("/rbody/append");
    assert.equal(infoLine(host, "append: "), "<nil>");
    assert.equal(text(host.getResponseBody()), "body+TAIL");
  });

  it("prepends to the response body", async () => {
    const host = await responseBody("/rbody/prepend");
    assert.equal(infoLine(host, "prepend: "), "<nil>");
    assert.equal(text(host.getResponseBody()), "HEAD+body");
  });

  it("injects encoded data into the filter chain (Higress)", async () => {
    const host = await responseBody("/rbody/inject");
    assert.equal(infoLine(host, "inject: "), "<nil>");
    const injected = host.getInjectedData();
    assert.equal(injected.length, 1);
    assert.equal(text(injected[0].data), "injected");
    assert.equal(injected[0].endOfStream, true);
  });
});

describe("local replies", () => {
  it("sends status, headers and body; a second reply is answered Ok (the host ignores Higress's refusal) and dropped", async () => {
    const host = await start();
    assert.notEqual(host.callOnHttpRequestHeaders(request("/reply"), { endOfStream: true }), "Continue");
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 403);
    assert.equal(text(reply.body), "denied");
    assert.deepEqual(header(reply.headers, "x-reply"), ["1"]);
    assert.equal(reply.grpcStatus, -1);
    assert.equal(reply.statusCodeDetails, "");
    assert.equal(infoLine(host, "reply: "), "<nil>");
    assert.equal(infoLine(host, "second reply: "), "<nil>");
  });

  it("takes null headers and body as Go takes nil", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/reply-nil"), { endOfStream: true });
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 204);
    assert.equal(reply.body.length, 0);
    assert.equal(infoLine(host, "reply: "), "<nil>");
  });

  it("sends response code details", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/reply-detail"), { endOfStream: true });
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 429);
    assert.equal(reply.statusCodeDetails, "rate_limited");
    assert.equal(text(reply.body), "slow down");
    assert.deepEqual(header(reply.headers, "retry-after"), ["3"]);
  });

  it("passes a gRPC status", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/reply-grpc"), { endOfStream: true });
    const reply = host.getLocalResponse();
    assert.equal(reply.grpcStatus, 16);
    assert.equal(reply.statusCodeDetails, "grpc_denied");
  });
});

describe("resume and HTTP call replies", () => {
  it("reads the call reply and resumes the request; the request headers are then read-only", async () => {
    const host = await start();
    assert.equal(host.callOnHttpRequestHeaders(request("/callout"), { endOfStream: true }), "StopAllIterationAndWatermark");
    assert.equal(host.isRequestResumed(), false);
    host.callOnHttpCall([[":status", "200"], ["x-auth", "ok"]], "alice", [["x-call-trailer", "t"]]);
    assert.equal(host.isRequestResumed(), true);
    const h = host.getRequestHeaders();
    assert.equal(one(h, "x-callout-headers"), ":status=200;x-auth=ok");
    assert.equal(one(h, "x-callout-status"), "200");
    assert.equal(one(h, "x-callout-body"), "alice");
    assert.equal(one(h, "x-callout-body-tail"), "ice");
    assert.equal(one(h, "x-callout-trailers"), "x-call-trailer=t");
    assert.equal(infoLine(host, "resume request: "), "<nil>");
    assert.equal(infoLine(host, "add after resume: "), BAD_ARGUMENT);
    assert.deepEqual(header(h, "x-too-late"), []);
  });

  it("pauses the response and resumes it from a call reply", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/response-pause"), { endOfStream: true });
    assert.equal(host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true }), "StopAllIterationAndWatermark");
    assert.equal(host.isResponseResumed(), false);
    host.callOnHttpCall([[":status", "200"]], "late");
    assert.equal(host.isResponseResumed(), true);
    assert.deepEqual(header(host.getResponseHeaders(), "x-late"), ["late"]);
    assert.equal(infoLine(host, "resume response: "), "<nil>");
  });
});

describe("properties", () => {
  it("sets and gets a property, reads a map property, and reports Go's errors", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/props", [["x-in", "v"]]));
    const h = host.getRequestHeaders();
    assert.equal(one(h, "x-set-prop"), "<nil>");
    assert.equal(one(h, "x-prop"), "v1");
    assert.equal(one(h, "x-prop-missing"), "null");
    assert.equal(one(h, "x-prop-missing-error"), NOT_FOUND);
    assert.equal(one(h, "x-prop-map"), "v");
    assert.equal(one(h, "x-prop-map-of-string"), "null", "a plain string is not a pair map");
    assert.equal(one(h, "x-prop-map-of-string-error"), "error status returned by host: serialization failure");
    assert.equal(one(h, "x-prop-empty-path"), BAD_ARGUMENT);
    assert.equal(text(host.getProperty("fixture_key")), "v1");
  });
});

describe("configuration and timer", () => {
  it("reads the plugin and VM configuration where the host offers them", async () => {
    const host = await start({ config: "plugin-cfg", vmConfig: "vm-cfg" });
    host.callOnHttpRequestHeaders(request("/config"));
    const h = host.getRequestHeaders();
    assert.equal(one(h, "x-plugin-config"), "plugin-cfg");
    assert.equal(one(h, "x-vm-config"), "vm-cfg");
    assert.equal(one(h, "x-config-outside"), "null", "the plugin configuration exists only while configuring");
    assert.equal(one(h, "x-config-outside-error"), NOT_FOUND);
  });

  it("sets the tick period", async () => {
    const host = await start({ config: "tick" });
    assert.equal(infoLine(host, "set tick: "), "<nil>");
    assert.equal(host.getTickPeriod(), 250);
  });
});

describe("shared data and queues", () => {
  it("gets and sets with CAS, and registers, resolves, enqueues and dequeues", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request("/shared"));
    const h = host.getRequestHeaders();
    assert.equal(one(h, "x-set"), "<nil>");
    assert.equal(one(h, "x-shared"), "v1");
    assert.equal(one(h, "x-set-fresh-cas"), "<nil>");
    assert.equal(one(h, "x-set-stale-cas"), "error status returned by host: cas mismatch");
    assert.equal(one(h, "x-stale-is-cas-mismatch"), "true");
    assert.equal(text(host.getSharedData("fixture").value), "v2");
    assert.equal(one(h, "x-shared-missing"), "null");
    assert.equal(one(h, "x-shared-missing-error"), NOT_FOUND);
    assert.equal(one(h, "x-queue-resolved"), "true");
    assert.equal(one(h, "x-enqueue"), "<nil>");
    assert.equal(one(h, "x-dequeue"), "m1");
    assert.equal(one(h, "x-dequeue-empty"), "null");
    assert.equal(one(h, "x-dequeue-empty-error"), "error status returned by host: empty");
    assert.equal(one(h, "x-resolve-missing"), "0");
    assert.equal(one(h, "x-resolve-missing-error"), NOT_FOUND);
    assert.equal(one(h, "x-enqueue-unknown"), NOT_FOUND);
  });
});

describe("host extensions", () => {
  it("calls a foreign function, with and without an argument", async () => {
    const host = await start({
      foreignFunctions: { echo_upper: (args) => new TextEncoder().encode(`<${text(args).toUpperCase()}>`) },
    });
    host.callOnHttpRequestHeaders(request("/foreign"));
    const h = host.getRequestHeaders();
    assert.equal(one(h, "x-foreign"), "<ABC>");
    assert.equal(one(h, "x-foreign-nil"), "<>");
    assert.equal(one(h, "x-foreign-missing"), "null");
    assert.equal(one(h, "x-foreign-missing-error"), NOT_FOUND);
  });

  it("lists upstream hosts and overrides the upstream host (Higress)", async () => {
    const host = await start({ upstreamHosts: [["10.0.0.1:8080", "metric 1"], ["10.0.0.2:8080", ""]] });
    host.callOnHttpRequestHeaders(request("/upstream"));
    const h = host.getRequestHeaders();
    assert.equal(one(h, "x-upstream-hosts"), "10.0.0.1:8080=metric 1;10.0.0.2:8080=");
    assert.equal(one(h, "x-override"), "<nil>");
    assert.equal(host.getUpstreamOverrideHost(), "10.0.0.2:8080");
  });

  it("reads the host's log level", async () => {
    const host = await start({ logLevel: "warn" });
    host.callOnHttpRequestHeaders(request("/log-level"));
    assert.equal(one(host.getRequestHeaders(), "x-log-level"), "3");
  });
});
