// HTTP streams: header maps, deferred continue with replay, and body buffering as Envoy does them.
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

const text = (bytes) => new TextDecoder().decode(bytes);
const traces = (host, prefix) => host.getTraceLogs().filter((l) => l.startsWith(prefix));

describe("header maps", () => {
  it("returns the first value, NotFound for a missing key, and lowercases keys", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers get_header 0 X-Dup",
        "request_headers get_header 0 x-missing",
        "request_headers add_header 0 X-Added yes",
        "request_headers replace_header 0 x-dup only",
        "request_headers remove_header 0 x-absent",
        "request_headers header_size 0",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/a"], ["X-Dup", "1"], ["x-dup", "2"], ["accept", "*/*"]]);
    assert.deepEqual(opResults(host, "get_header"), ["0 X-Dup=1", "1 x-missing="]);
    assert.deepEqual(opResults(host, "add_header"), ["0"]);
    assert.deepEqual(opResults(host, "remove_header"), ["0"]);
    assert.deepEqual(host.getRequestHeaders(), [[":path", "/a"], ["accept", "*/*"], ["x-added", "yes"], ["x-dup", "only"]]);
    // byteSize: the sum of key and value lengths, not a count
    assert.deepEqual(opResults(host, "header_size"), ["0 35"]);
  });

  it("keeps pseudo-headers in front of regular headers", async () => {
    const host = await MockHost.create(plain, { config: "request_headers add_header 0 :authority example.com" });
    host.callOnHttpRequestHeaders([[":path", "/"], ["accept", "*/*"]]);
    assert.deepEqual(host.getRequestHeaders(), [[":path", "/"], [":authority", "example.com"], ["accept", "*/*"]]);
  });

  it("replaces every header with set_header_map_pairs", async () => {
    const host = await MockHost.create(plain, { config: "request_headers set_pairs 0 :path=/new,X-One=1" });
    host.callOnHttpRequestHeaders([[":path", "/old"], ["x-gone", "1"]]);
    assert.deepEqual(opResults(host, "set_pairs"), ["0"]);
    assert.deepEqual(host.getRequestHeaders(), [[":path", "/new"], ["x-one", "1"]]);
  });

  it("wipes all headers when the pairs buffer is malformed, and still answers Ok", async () => {
    // one pair "a"="b" without the NUL after the value
    const host = await MockHost.create(plain, { config: "request_headers set_pairs_raw 0 0100000001000000010000006100 62" });
    host.callOnHttpRequestHeaders([[":path", "/"], ["x-a", "1"]]);
    assert.deepEqual(opResults(host, "set_pairs_raw"), ["0"]);
    assert.deepEqual(host.getRequestHeaders(), []);
  });

  it("makes request headers unavailable to body callbacks once on_request_headers returned Continue", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_body get_header 0 :path", "request_body add_header 0 x-late 1", "request_body get_pairs 0"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpRequestBody("data");
    assert.deepEqual(opResults(host, "get_header"), ["2 :path="]);
    assert.deepEqual(opResults(host, "add_header"), ["2"]);
    assert.deepEqual(opResults(host, "get_pairs"), ["0"]);
  });

  it("lets the final body callback create trailers, and no other", async () => {
    const host = await MockHost.create(plain, { config: "request_body add_header 1 x-checksum abc" });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpStreamingRequestBody("a", false);
    host.callOnHttpStreamingRequestBody("b", true);
    assert.deepEqual(opResults(host, "add_header"), ["2", "0"]);
    assert.deepEqual(host.getRequestTrailers(), [["x-checksum", "abc"]]);
  });

  it("gives on_log read-only access-log copies without request trailers", async () => {
    const host = await MockHost.create(plain, {
      config: script("log get_header 0 :path", "log get_header 2 :status", "log get_header 1 x-t", "log add_header 2 x-late 1"),
    });
    host.callOnHttpRequestHeaders([[":path", "/p"]]);
    host.callOnHttpRequestTrailers([["x-t", "1"]]);
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    host.completeHttp();
    assert.deepEqual(opResults(host, "get_header"), ["0 :path=/p", "0 :status=200", "1 x-t="]);
    assert.deepEqual(opResults(host, "add_header"), ["2"]);
  });

  it("rejects map types above 7", async () => {
    const host = await MockHost.create(plain, { config: script("request_headers get_pairs 8", "request_headers get_header 9 a") });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "get_pairs"), ["2"]);
    assert.deepEqual(opResults(host, "get_header"), ["2 a="]);
  });
});

describe("pause and resume", () => {
  const authScript = script(
    "request_headers http_call auth :path=/check,:method=GET,:authority=auth",
    "request_headers return 1",
    "http_call_response effective_from_token",
    "http_call_response add_header 0 x-user alice",
    "http_call_response continue 0",
    "http_call_response get_header 0 x-user",
    "request_body get_body 0",
  );

  it("defers continue_stream until the callback returned, nulling header access at once", async () => {
    const host = await MockHost.create(plain, { config: authScript });
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true }), "StopAllIterationAndWatermark");
    assert.equal(host.getHttpStreamAction(), "StopAllIterationAndWatermark");
    assert.equal(host.isRequestResumed(), false);
    host.callOnHttpCall([[":status", "200"]]);
    // the edit before continue landed; the read after it failed with BadArgument
    assert.deepEqual(opResults(host, "get_header"), ["2 x-user="]);
    assert.deepEqual(host.getRequestHeaders(), [[":path", "/"], ["x-user", "alice"]]);
    assert.equal(host.isRequestResumed(), true);
    assert.equal(host.getHttpStreamAction(), "Continue");
    assert.deepEqual(host.getHostErrors(), []);
  });

  it("holds body and trailers while paused, then replays one body callback with the total, then trailers", async () => {
    const host = await MockHost.create(plain, { config: authScript });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.equal(host.callOnHttpStreamingRequestBody("ab", false), "StopAllIterationAndWatermark");
    assert.equal(host.callOnHttpStreamingRequestBody("cd", false), "StopAllIterationAndWatermark");
    host.callOnHttpRequestTrailers([["x-t", "1"]]);
    assert.deepEqual(traces(host, "request_"), ["request_headers ctx=2 n=1 eos=0"]);
    host.callOnHttpCall([[":status", "200"]]);
    assert.deepEqual(traces(host, "request_"), [
      "request_headers ctx=2 n=1 eos=0",
      "request_body ctx=2 size=4 eos=0",
      "request_trailers ctx=2 n=1",
    ]);
    assert.deepEqual(opResults(host, "get_body"), ["0 abcd"]);
    assert.equal(text(host.getRequestBody()), "abcd");
    // the replay comes after the callback that continued
    const logs = host.getLogs();
    assert.ok(logs.indexOf("continue -> 0") < logs.indexOf("request_body ctx=2 size=4 eos=0"));
  });

  it("flags continue_stream when the stream is not paused", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers http_call auth :path=/,:method=GET,:authority=a",
        "http_call_response effective_from_token",
        "http_call_response continue 0",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpCall([[":status", "200"]]);
    assert.deepEqual(host.getHostErrors(), ["proxy_continue_stream(request) on stream 2, which was not paused"]);
  });

  it("flags continue_stream called from the stream's own callback, which Envoy runs before seeing the return", async () => {
    const host = await MockHost.create(plain, { config: script("request_headers continue 0", "request_headers return 1") });
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]]), "StopAllIterationAndWatermark");
    assert.equal(host.isRequestResumed(), false);
    assert.match(host.getHostErrors()[0], /proxy_continue_stream\(request\) called from proxy_on_request_headers of stream 2/);
  });

  it("answers Ok and does nothing for continue_stream on a root context, Unimplemented for Upstream", async () => {
    const host = await MockHost.create(plain, { config: script("configure continue 0", "configure continue 3", "configure continue 9") });
    assert.deepEqual(opResults(host, "continue"), ["0", "12", "2"]);
    assert.deepEqual(host.getHostErrors(), []);
  });

  it("keeps delivering body callbacks under a real StopIteration, and a Continue from the body resumes", async () => {
    const host = await MockHost.create(higress, {
      config: script("request_headers return 1", "request_body add_header 0 x-body-seen yes", "request_body return 0"),
    });
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]]), "StopIteration");
    assert.equal(host.callOnHttpRequestBody("payload"), "Continue");
    assert.deepEqual(opResults(host, "add_header"), ["0"]);
    assert.deepEqual(host.getRequestHeaders(), [[":path", "/"], ["x-body-seen", "yes"]]);
    assert.equal(host.getHttpStreamAction(), "Continue");
  });
});

describe("bodies", () => {
  const bufferScript = script("request_body get_body 0", "request_body return 1");

  async function bufferRun(options) {
    const host = await MockHost.create(plain, { config: bufferScript, ...options });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpStreamingRequestBody("ab", false);
    host.callOnHttpStreamingRequestBody("cd", false);
    host.configure(script("request_body get_body 0", "request_body return 0"));
    host.callOnHttpStreamingRequestBody("ef", true);
    return host;
  }

  it("accumulates buffered chunks, body_size including the current chunk (Envoy >= 1.32)", async () => {
    const host = await bufferRun({});
    assert.deepEqual(traces(host, "request_body"), [
      "request_body ctx=2 size=2 eos=0",
      "request_body ctx=2 size=4 eos=0",
      "request_body ctx=2 size=6 eos=1",
    ]);
    assert.deepEqual(opResults(host, "get_body"), ["0 ab", "0 abcd", "0 abcdef"]);
    assert.equal(text(host.getRequestBody()), "abcdef");
  });

  it("lags one chunk with legacy body-size semantics (Envoy < 1.32, Higress 1.27)", async () => {
    const host = await bufferRun({ bodySizeSemantics: "legacy" });
    assert.deepEqual(traces(host, "request_body"), [
      "request_body ctx=2 size=2 eos=0",
      "request_body ctx=2 size=2 eos=0",
      "request_body ctx=2 size=4 eos=1",
    ]);
    assert.deepEqual(opResults(host, "get_body"), ["0 ab", "0 ab", "0 abcd"]);
    assert.equal(text(host.getRequestBody()), "abcdef");
  });

  it("implements set_buffer_bytes as replace-prefix, prepend and append only", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_body set_body 0 0 5 HOWDY",
        "request_body set_body 0 0 0 %3E%3E",
        "request_body set_body 0 2147483647 0 %3C%3C",
        "request_body set_body 0 3 1 x",
        "request_body set_body 6 0 0 x",
        "request_body set_body 4 0 0 x",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpRequestBody("hello world");
    assert.deepEqual(opResults(host, "set_body"), ["0", "0", "0", "2", "2", "1"]);
    assert.equal(text(host.getRequestBody()), ">>HOWDY world<<");
  });

  it("reads an empty, unwritable body buffer when no body is held", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_headers body_status 0", "request_headers set_body 0 0 0 x", "request_headers get_body 0"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "body_status"), ["0 0"]);
    assert.deepEqual(opResults(host, "set_body"), ["2"]);
    assert.deepEqual(opResults(host, "get_body"), ["0"]);
  });

  it("drops a chunk answered with StopIterationNoBuffer", async () => {
    const host = await MockHost.create(plain, { config: "request_body return 3" });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpStreamingRequestBody("dropped", false);
    host.configure("request_body return 0");
    host.callOnHttpStreamingRequestBody("kept", true);
    assert.equal(text(host.getRequestBody()), "kept");
  });

  it("replies 413 when a buffered request exceeds the buffer limit", async () => {
    const host = await MockHost.create(plain, { config: "request_body return 1", bufferLimitBytes: 8 });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpStreamingRequestBody("12345", false);
    host.callOnHttpStreamingRequestBody("67890", false);
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 413);
    assert.equal(reply.statusCodeDetails, "request_payload_too_large");
    assert.equal(text(reply.body), "Payload Too Large");
    // Envoy >= 1.32 adds the chunk before calling the plugin and replies without calling it
    assert.equal(traces(host, "request_body").length, 1);
    // the reply runs through this plugin's response callbacks
    assert.deepEqual(traces(host, "response_"), ["response_headers ctx=2 n=3 eos=0", "response_body ctx=2 size=17 eos=1"]);
  });

  it("replies 413 for StopAllIterationAndBuffer headers but only applies backpressure for Watermark", async () => {
    const buffer = await MockHost.create(plain, { config: "request_headers return 3", bufferLimitBytes: 4 });
    buffer.callOnHttpRequestHeaders([[":path", "/"]]);
    buffer.callOnHttpStreamingRequestBody("123456", false);
    assert.equal(buffer.getLocalResponse()?.statusCode, 413);

    const watermark = await MockHost.create(plain, { config: "request_headers return 4", bufferLimitBytes: 4 });
    watermark.callOnHttpRequestHeaders([[":path", "/"]]);
    watermark.callOnHttpStreamingRequestBody("123456", false);
    assert.equal(watermark.getLocalResponse(), null);
  });

  it("honours Higress's set_decoder_buffer_limit property", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_headers set_property set_decoder_buffer_limit 100", "request_body return 1"),
      bufferLimitBytes: 4,
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpStreamingRequestBody("123456", false);
    assert.equal(host.getLocalResponse(), null);
  });

  it("answers 500 for a response over the limit while its headers are held, and resets once they left", async () => {
    const held = await MockHost.create(plain, { config: "response_headers return 3", bufferLimitBytes: 4 });
    held.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    held.callOnHttpResponseHeaders([[":status", "200"]]);
    held.callOnHttpStreamingResponseBody("123456", false);
    assert.equal(held.getLocalResponse()?.statusCode, 500);
    assert.equal(held.getLocalResponse()?.statusCodeDetails, "response_payload_too_large");

    const sent = await MockHost.create(plain, { config: "response_body return 1", bufferLimitBytes: 4 });
    sent.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    sent.callOnHttpResponseHeaders([[":status", "200"]]);
    sent.callOnHttpStreamingResponseBody("123456", false);
    assert.equal(sent.getLocalResponse(), null);
    assert.equal(sent.getStreamResetDetails(), "response_payload_too_large");
  });
});
