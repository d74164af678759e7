// SetCtx request/response flow: HttpContext methods, the body policy (buffered across chunks,
// streaming replacement, binary and websocket skipped, early 413), trailers, stream done, and
// per-request storage surviving a forced GC between phases.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const text = (bytes) => new TextDecoder().decode(bytes);
const requestHeaders = (path, extra = []) => [
  [":authority", "example.com"], [":path", path], [":method", "POST"], [":scheme", "https"], ...extra,
];

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/setctx/body.ts"], ["--config", "asconfig.json"]);
});
const start = () => MockHost.create(wasm, { config: { suffix: "!" } });

describe("HttpContext", () => {
  it("caches the request's scheme, host, path and method and knows the phase", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders("/a?b=1"));
    const headers = host.getRequestHeaders();
    assert.equal(value(headers, "x-seen"), "POST https://example.com/a?b=1");
    assert.equal(value(headers, "x-has-body"), "yes");
    assert.equal(value(headers, "x-phase"), "0");
    host.callOnHttpRequestBody("x");
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    assert.equal(value(host.getResponseHeaders(), "x-response-phase"), "2");
    assert.equal(value(host.getResponseHeaders(), "x-response-has-body"), "no");
  });

  it("tells a websocket upgrade and a binary body", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders("/ws", [["connection", "Upgrade"], ["upgrade", "WebSocket"]]), { endOfStream: true });
    assert.equal(value(host.getRequestHeaders(), "x-websocket"), "yes");
    assert.equal(value(host.getRequestHeaders(), "x-has-body"), "no");
    host.initHttp();
    host.callOnHttpRequestHeaders(requestHeaders("/bin", [["content-encoding", "gzip"]]), { endOfStream: true });
    assert.equal(value(host.getRequestHeaders(), "x-binary"), "yes");
  });

  it("keeps typed per-request storage across a forced GC between phases", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders("/store"), { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    const headers = host.getResponseHeaders();
    assert.equal(value(headers, "x-marker"), "kept /store");
    assert.equal(value(headers, "x-number"), "42");
    assert.equal(value(headers, "x-flag"), "yes");
    assert.equal(value(headers, "x-text"), "hello");
    assert.equal(value(headers, "x-wrong-type"), "fallback", "a value of another type is a miss");
    assert.equal(value(headers, "x-missing"), "fallback");
    assert.equal(value(headers, "x-buffers"), "a1", "PopBuffer takes the oldest, BufferQueueSize counts the rest");
  });

  it("sets Higress's reroute and buffer-limit properties", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders("/reroute"), { endOfStream: true });
    assert.equal(text(host.getProperty("clear_route_cache")), "off");
    assert.equal(text(host.getProperty("set_decoder_buffer_limit")), "2048");
    assert.equal(text(host.getProperty("set_encoder_buffer_limit")), "4096");
  });

  it("writes user attributes to the access log and trace at stream done", async () => {
    const host = await start();
    host.setProperty("custom_log", '{\\"existing\\":\\"kept\\"}');
    host.callOnHttpRequestHeaders(requestHeaders("/attrs"), { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    host.completeHttp();
    const log = JSON.parse(JSON.parse(`"${text(host.getProperty("custom_log"))}"`));
    assert.deepEqual(log, { existing: "kept", path: "/attrs", status: 200 });
    assert.equal(text(host.getProperty(["trace_span_tag.path"])), "/attrs");
    assert.equal(text(host.getProperty(["trace_span_tag.status"])), "200");
    assert.ok(host.getInfoLogs().some((line) => line.endsWith("done /attrs")));
  });
});

describe("request body", () => {
  it("buffers every chunk and calls the handler once with the whole body", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders("/upper"));
    assert.equal(host.callOnHttpStreamingRequestBody("ab", false), "StopIterationAndBuffer");
    assert.equal(host.callOnHttpStreamingRequestBody("cd", false), "StopIterationAndBuffer");
    assert.equal(host.callOnHttpStreamingRequestBody("ef", true), "Continue");
    assert.equal(text(host.getRequestBody()), "ABCDEF!");
  });

  for (const [label, extra, path] of [
    ["a binary body", [["content-type", "application/octet-stream"]], "/bin"],
    ["a websocket", [["connection", "upgrade"], ["upgrade", "websocket"]], "/ws"],
    ["DontReadRequestBody", [], "/skip"],
  ]) {
    it(`leaves the body alone for ${label}`, async () => {
      const host = await start();
      host.callOnHttpRequestHeaders(requestHeaders(path, extra));
      assert.equal(host.callOnHttpStreamingRequestBody("raw", true), "Continue");
      assert.equal(text(host.getRequestBody()), "raw");
    });
  }

  it("answers 413 at the headers when content-length is over the cap", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders("/big", [["content-length", "17"]]));
    assert.equal(host.getLocalResponse().statusCode, 413);
  });

  it("answers 413 when a body without content-length grows over the cap", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders("/big"));
    host.callOnHttpStreamingRequestBody("0123456789", false);
    host.callOnHttpStreamingRequestBody("0123456789", false);
    assert.equal(host.getLocalResponse().statusCode, 413);
  });

  it("passes trailers to the trailers handler", async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders("/t"));
    host.callOnHttpStreamingRequestBody("x", false);
    assert.equal(host.callOnHttpRequestTrailers([["grpc-status", "0"]]), "Continue");
    assert.equal(value(host.getRequestTrailers(), "x-trailer-seen"), "request");
  });
});

describe("response body", () => {
  async function responding(path, responseHeaders = []) {
    const host = await start();
    host.callOnHttpRequestHeaders(requestHeaders(path), { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"], ...responseHeaders]);
    return host;
  }

  it("replaces each chunk with what the streaming handler returns", async () => {
    const host = await responding("/stream");
    assert.equal(host.callOnHttpStreamingResponseBody("ab", false), "Continue");
    assert.equal(host.callOnHttpStreamingResponseBody("cd", true), "Continue");
    assert.equal(text(host.getResponseBody()), "[AB][CD|end]");
  });

  it("uses the buffered handler after BufferResponseBody", async () => {
    const host = await responding("/buffer");
    assert.equal(host.callOnHttpStreamingResponseBody("ab", false), "StopIterationAndBuffer");
    assert.equal(host.callOnHttpStreamingResponseBody("cd", true), "Continue");
    assert.equal(text(host.getResponseBody()), "buffered:abcd");
  });

  it("pauses after each chunk with NeedPauseStreamingResponse", async () => {
    const host = await responding("/pause-stream");
    assert.equal(host.callOnHttpStreamingResponseBody("ab", false), "StopIterationNoBuffer");
  });

  it("leaves an encoded response alone", async () => {
    const host = await responding("/gz", [["content-encoding", "gzip"]]);
    assert.equal(value(host.getResponseHeaders(), "x-response-binary"), "yes");
    host.callOnHttpStreamingResponseBody("zz", true);
    assert.equal(text(host.getResponseBody()), "zz");
  });

  it("passes response trailers to the trailers handler", async () => {
    const host = await responding("/t");
    host.callOnHttpStreamingResponseBody("x", false);
    host.callOnHttpResponseTrailers([["x-upstream", "1"]]);
    assert.equal(value(host.getResponseTrailers(), "x-trailer-seen"), "response");
  });
});
