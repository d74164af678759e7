// examples/response-rewrite run in MockHost: the streamed rewrite (matches split across chunks,
// characters split across chunks, content-length removed only when the length changes) and the
// buffered one (exact new content-length), compressed bodies left alone, and the config checks.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";

// `npm run build` (or `build:debug`) writes build/plugin.wasm; the repository's test run builds the
// example itself and passes the module's path in PLUGIN_WASM.
const wasmPath = process.env.PLUGIN_WASM ?? fileURLToPath(new URL("../build/plugin.wasm", import.meta.url));

const REQUEST = [[":authority", "example.com"], [":path", "/"], [":method", "GET"]];
const text = (bytes) => new TextDecoder().decode(bytes);
const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];

// A response of `chunks` (strings or bytes) through the plugin; returns the host.
async function respond(config, chunks, headers = []) {
  const host = await MockHost.create(wasmPath, { config });
  assert.equal(host.startStatus, "ok");
  host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
  const length = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  host.callOnHttpResponseHeaders([[":status", "200"], ["content-type", "text/html"], ["content-length", String(length)], ...headers], { endOfStream: false });
  chunks.forEach((chunk, i) => host.callOnHttpStreamingResponseBody(chunk, i === chunks.length - 1));
  return host;
}

describe("streaming (ProcessStreamingResponseBody)", () => {
  const config = { from: "world", to: "higress-as" };

  it("rewrites each chunk and drops content-length when the length changes", async () => {
    const host = await respond(config, ["hello world, ", "world!"]);
    assert.equal(text(host.getResponseBody()), "hello higress-as, higress-as!");
    assert.equal(value(host.getResponseHeaders(), "content-length"), undefined);
  });

  it("passes each chunk on at once, holding back only what may start a match", async () => {
    const host = await MockHost.create(wasmPath, { config });
    host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: false });
    assert.equal(host.callOnHttpStreamingResponseBody("hello wor", false), "Continue");
    assert.equal(text(host.getResponseBody()), "hello");
    host.callOnHttpStreamingResponseBody("ld", true);
    assert.equal(text(host.getResponseBody()), "hello higress-as");
  });

  it("finds a match split over several chunks", async () => {
    const host = await respond(config, ["w", "o", "rl", "d w", "orld"]);
    assert.equal(text(host.getResponseBody()), "higress-as higress-as");
  });

  it("flushes held bytes at the end, also on an empty last chunk", async () => {
    assert.equal(text((await respond(config, ["say wor", "l"])).getResponseBody()), "say worl");
    assert.equal(text((await respond(config, ["say wor", ""])).getResponseBody()), "say wor");
  });

  it("keeps a character split between chunks whole", async () => {
    const bytes = Buffer.from("né world");
    // "é" is two bytes; cut between them.
    const host = await respond({ from: "world", to: "monde" }, [bytes.subarray(0, 2), bytes.subarray(2)]);
    assert.equal(text(host.getResponseBody()), "né monde");
  });

  it("rewrites non-ASCII text", async () => {
    assert.equal(text((await respond({ from: "世界", to: "🌍" }, ["你好世", "界"])).getResponseBody()), "你好🌍");
  });

  it("keeps content-length when from and to have the same length in bytes", async () => {
    const host = await respond({ from: "world", to: "earth" }, ["hello world"]);
    assert.equal(text(host.getResponseBody()), "hello earth");
    assert.equal(value(host.getResponseHeaders(), "content-length"), "11");
  });

  it("deletes matches when to is empty", async () => {
    assert.equal(text((await respond({ from: "<!-- x -->" }, ["a<!-- x -->b<!-- ", "x -->c"])).getResponseBody()), "abc");
  });
});

describe("buffered (ProcessResponseBody)", () => {
  const config = { from: "world", to: "higress-as", buffered: true };

  it("holds the headers, rewrites the whole body and sets its exact content-length", async () => {
    const host = await MockHost.create(wasmPath, { config });
    host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    assert.notEqual(host.callOnHttpResponseHeaders([[":status", "200"], ["content-length", "18"]], { endOfStream: false }), "Continue");
    assert.notEqual(host.callOnHttpStreamingResponseBody("hello wor", false), "Continue");
    assert.equal(host.callOnHttpStreamingResponseBody("ld world", true), "Continue");
    const body = host.getResponseBody();
    assert.equal(text(body), "hello higress-as higress-as");
    assert.equal(value(host.getResponseHeaders(), "content-length"), String(body.length));
  });

  it("lets a response without a body (its headers end the stream) go on at once", async () => {
    const host = await MockHost.create(wasmPath, { config });
    host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    assert.equal(host.callOnHttpResponseHeaders([[":status", "204"]], { endOfStream: true }), "Continue");
  });

  it("counts bytes, not characters, in content-length", async () => {
    const host = await respond({ from: "a", to: "é", buffered: true }, ["aaa"]);
    assert.equal(text(host.getResponseBody()), "ééé");
    assert.equal(value(host.getResponseHeaders(), "content-length"), "6");
  });
});

describe("what it leaves alone", () => {
  for (const buffered of [false, true]) {
    it(`a compressed body (${buffered ? "buffered" : "streaming"})`, async () => {
      const host = await respond({ from: "world", to: "x", buffered }, ["hello world"], [["content-encoding", "gzip"]]);
      assert.equal(text(host.getResponseBody()), "hello world");
      assert.equal(value(host.getResponseHeaders(), "content-length"), "11");
    });
  }

  it("refuses a config without from", async () => {
    for (const config of [{}, { from: "" }, { to: "x" }]) {
      const host = await MockHost.create(wasmPath, { config });
      assert.equal(host.startStatus, "configure-failed");
      assert.ok(host.getErrorLogs().some((l) => l.includes("from: the text to replace is required")));
    }
  });
});
