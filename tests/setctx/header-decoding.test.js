// What proxywasm.GetHttpRequestHeader makes of header bytes that are not UTF-8. An AssemblyScript
// string cannot hold them, so the SDK must decode as WHATWG's TextDecoder does: one U+FFFD per
// maximal invalid subpart, and every character after it kept. Echoed back, the value is that
// string as UTF-8 (U+FFFD is ef bf bd).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const ascii = (text) => Array.from(text, (c) => c.charCodeAt(0));
const echoed = (host) => host.getRequestHeaderBytes().find(([k]) => k === "x-echo")?.[1];
const utf8 = (text) => new TextEncoder().encode(text);

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/setctx/echo-header.ts"], ["--config", "asconfig.json"]);
});

const CASES = [
  { name: "a lone 0xff", bytes: [...ascii("auth"), 0xff, ...ascii(".dns")], text: "auth\uFFFD.dns" },
  { name: "an overlong '/' (c0 af)", bytes: [...ascii("a"), 0xc0, 0xaf, ...ascii("/b")], text: "a\uFFFD\uFFFD/b" },
  { name: "an encoded surrogate (ed a0 80)", bytes: [...ascii("x"), 0xed, 0xa0, 0x80, ...ascii("yz")], text: "x\uFFFD\uFFFD\uFFFDyz" },
  { name: "a 3-byte sequence cut short before ASCII", bytes: [...ascii("p"), 0xe2, 0x82, ...ascii("q.r")], text: "p\uFFFDq.r" },
  { name: "a 4-byte sequence cut off at the end", bytes: [...ascii("end"), 0xf0, 0x9f, 0x98], text: "end\uFFFD" },
  { name: "a stray continuation byte between valid characters", bytes: [...utf8("é"), 0x80, ...utf8("ü!")], text: "é\uFFFDü!" },
];

describe("proxywasm.GetHttpRequestHeader on bytes that are not UTF-8", () => {
  for (const { name, bytes, text } of CASES) {
    it(`${name}: one U+FFFD per invalid sequence, the rest kept`, async () => {
      // The expectation is the WHATWG decoder's; check it is the one meant before asking the SDK.
      assert.equal(new TextDecoder().decode(Uint8Array.from(bytes)), text);
      const host = await MockHost.create(wasm, { config: {} });
      host.callOnHttpRequestHeaders([[":path", "/"], ["x-in", Uint8Array.from(bytes)]]);
      assert.equal(host.vmFailure, null);
      assert.deepEqual(echoed(host), utf8(text));
    });
  }
});

describe("strings the plugin cut in half, sent to the host", () => {
  it("go out as UTF-8: a lone surrogate in a local reply header is one U+FFFD (ef bf bd), not WTF-8", async () => {
    const host = await MockHost.create(wasm, { config: {} });
    host.callOnHttpRequestHeaders([[":path", "/"], ["x-cut", "\u{1F600}!"]]);
    assert.equal(host.vmFailure, null);
    const half = host.getLocalResponse()?.headers.find(([k]) => k === "x-half")?.[1];
    // WTF-8 (ed a0 bd) would decode as three U+FFFD.
    assert.equal(half, "\uFFFD");
  });
});
