// Header values are bytes in Envoy (HeaderString), not text: obs-text 0x80-0xFF that is not UTF-8
// reaches the plugin unchanged through proxy_get_header_map_value/_pairs, and what the plugin writes
// is kept byte for byte, NUL, CR and LF included (release builds only ASSERT validHeaderString).
// NUL, CR and LF never arrive from the wire: the codecs reject them, so MockHost refuses them in
// what a test sends.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { buildScripted, opResults, script } from "./build-fixture.js";

let plain;

before(async () => {
  plain = await buildScripted();
});

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const valueOf = (pairs, name) => pairs.find(([k]) => k === name)?.[1];
// Invalid UTF-8: a lone 0xff, an overlong "/" (c0 af), a truncated 3-byte sequence, an encoded surrogate.
const LONE_FF = Uint8Array.of(0x61, 0xff, 0x62);
const OVERLONG = Uint8Array.of(0xc0, 0xaf);
const TRUNCATED = Uint8Array.of(0x78, 0xe2, 0x82);
const SURROGATE = Uint8Array.of(0xed, 0xa0, 0x80);

describe("byte-valued headers", () => {
  it("hand the plugin the exact bytes a request carried, by value and in the pairs", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_headers get_header_hex 0 x-raw", "request_headers get_pairs_hex 0"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"], ["x-raw", LONE_FF], ["x-s", SURROGATE]]);
    assert.deepEqual(opResults(host, "get_header_hex"), ["0 x-raw=61ff62"]);
    assert.deepEqual(opResults(host, "get_pairs_hex"), ["0 :path=2f;x-raw=61ff62;x-s=eda080"]);
    // The string getters decode with one U+FFFD per maximal invalid subpart; the byte getters do not decode.
    assert.deepEqual(host.getRequestHeaders(), [[":path", "/"], ["x-raw", "a\uFFFDb"], ["x-s", "\uFFFD\uFFFD\uFFFD"]]);
    assert.deepEqual(host.getRequestHeaderBytes(), [[":path", Uint8Array.of(0x2f)], ["x-raw", LONE_FF], ["x-s", SURROGATE]]);
  });

  it("keep what the plugin writes byte for byte: add, replace and set_header_map_pairs", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers add_header_hex 0 x-added c0af",
        "request_headers replace_header_hex 0 x-raw 78e282",
        // one pair: count 1, sizes 3 and 1, "x-p" NUL 0xff NUL
        `response_headers set_pairs_raw 2 ${["01000000", "03000000", "01000000", "782d70", "00", "ff", "00"].join("")}`,
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"], ["x-raw", "text"]]);
    assert.deepEqual(opResults(host, "add_header_hex"), ["0"]);
    assert.deepEqual(opResults(host, "replace_header_hex"), ["0"]);
    assert.deepEqual(valueOf(host.getRequestHeaderBytes(), "x-added"), OVERLONG);
    assert.deepEqual(valueOf(host.getRequestHeaderBytes(), "x-raw"), TRUNCATED);
    assert.equal(valueOf(host.getRequestHeaders(), "x-raw"), "x\uFFFD");
    host.callOnHttpResponseHeaders([[":status", "200"]]);
    assert.deepEqual(opResults(host, "set_pairs_raw"), ["0"]);
    assert.deepEqual(host.getResponseHeaderBytes(), [["x-p", Uint8Array.of(0xff)]]);
  });

  it("merge byte values into an inline header with a comma, from the request and from the plugin", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_headers add_header_hex 0 user-agent c0af", "request_headers add_header_hex 0 x-custom ff", "request_headers get_header_hex 0 user-agent"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"], ["user-agent", Uint8Array.of(0xfe)], ["User-Agent", "b"], ["x-custom", Uint8Array.of(0x80)]]);
    assert.deepEqual(opResults(host, "get_header_hex"), [`0 user-agent=${hex([0xfe, 0x2c, 0x62, 0x2c, 0xc0, 0xaf])}`]);
    assert.deepEqual(host.getRequestHeaderBytes(), [
      [":path", Uint8Array.of(0x2f)],
      ["user-agent", Uint8Array.of(0xfe, 0x2c, 0x62, 0x2c, 0xc0, 0xaf)],
      ["x-custom", Uint8Array.of(0x80)],
      ["x-custom", Uint8Array.of(0xff)],
    ]);
  });

  it("store NUL, CR and LF a plugin writes, as Envoy's release build does (no check on the Wasm path)", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_headers add_header_hex 0 x-nul 610062", "request_headers replace_header_hex 0 x-crlf 610d0a62"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    assert.deepEqual(opResults(host, "add_header_hex"), ["0"]);
    assert.deepEqual(opResults(host, "replace_header_hex"), ["0"]);
    assert.deepEqual(valueOf(host.getRequestHeaderBytes(), "x-nul"), Uint8Array.of(0x61, 0x00, 0x62));
    assert.deepEqual(valueOf(host.getRequestHeaderBytes(), "x-crlf"), Uint8Array.of(0x61, 0x0d, 0x0a, 0x62));
  });

  it("reach the plugin unchanged through request.* properties", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers get_property_hex request.path",
        "request_headers get_property_hex request.url_path",
        "request_headers get_property_hex request.query",
        "request_headers get_property_hex request.host",
        "request_headers get_property_hex request.headers.x-raw",
      ),
    });
    // /\xff?q=\xc0\xaf#f with host a\xfe and two x-raw values
    const path = Uint8Array.of(0x2f, 0xff, 0x3f, 0x71, 0x3d, 0xc0, 0xaf, 0x23, 0x66);
    host.callOnHttpRequestHeaders([[":path", path], [":authority", Uint8Array.of(0x61, 0xfe)], ["x-raw", OVERLONG], ["x-raw", "b"]]);
    assert.deepEqual(opResults(host, "get_property_hex"), [`0 ${hex(path)}`, "0 2fff", "0 713dc0af", "0 61fe", "0 c0af2c62"]);
  });

  it("count bytes, not characters, in proxy_get_header_map_size", async () => {
    const host = await MockHost.create(plain, { config: "request_headers header_size 0" });
    host.callOnHttpRequestHeaders([["x", Uint8Array.of(0xff, 0xfe)], ["y", "é"]]);
    assert.deepEqual(opResults(host, "header_size"), ["0 6"]);
  });

  it("reach the plugin in trailers and in an http_call reply", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers http_call auth :path=/check,:method=GET,:authority=auth",
        "request_headers return 1",
        "http_call_response get_pairs_hex 6",
        "http_call_response get_pairs_hex 7",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpCall([[":status", "200"], ["x-r", OVERLONG]], "", [["x-t", LONE_FF]]);
    assert.deepEqual(opResults(host, "get_pairs_hex"), ["0 :status=323030;x-r=c0af", "0 x-t=61ff62"]);

    const trailers = await MockHost.create(plain, { config: "request_trailers get_pairs_hex 1" });
    trailers.callOnHttpRequestHeaders([[":path", "/"]]);
    trailers.callOnHttpRequestTrailers([["x-rt", SURROGATE]]);
    assert.deepEqual(opResults(trailers, "get_pairs_hex"), ["0 x-rt=eda080"]);
    assert.deepEqual(trailers.getRequestTrailerBytes(), [["x-rt", SURROGATE]]);
  });

  it("refuse NUL, CR or LF in anything a test sends, naming the header and the byte", async () => {
    const host = await MockHost.create(plain, { config: "" });
    assert.throws(() => host.callOnHttpRequestHeaders([[":path", "/"], ["x-a", "a\r\nb"]]), /request headers: the value of "x-a" holds 0x0d at byte 1/);
    assert.throws(() => host.callOnHttpRequestHeaders([["x-n", Uint8Array.of(0x61, 0x00)]]), /"x-n" holds 0x00 at byte 1/);
    host.callOnHttpRequestHeaders([[":path", "/"], ["x-obs", Uint8Array.of(0x80, 0xff)]]);
    assert.throws(() => host.callOnHttpRequestTrailers([["x-t", "\n"]]), /request trailers: the value of "x-t" holds 0x0a at byte 0/);
    assert.throws(() => host.callOnHttpResponseHeaders([[":status", "200"], ["x-r", "\0"]]), /response headers: .*0x00/);
  });
});
