// WAMR 2.1.1 (Higress) keeps a stale memory bound when linear memory grows inside the host's call
// to the plugin's allocator, and the plugin traps later. MockHost imitates it for the higress
// flavour; the SDK's allocator must never grow memory, however full the heap is.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";
import { buildFixture } from "../host/build-fixture.js";

// 20 headers of 5 KB: 100 KB that the host hands over through the allocator in one piece.
const BIG_HEADERS = Array.from({ length: 20 }, (_, i) => [`x-big-${i}`, String.fromCharCode(97 + i).repeat(5 * 1024)]);
const REQUEST = [[":authority", "example.com"], [":path", "/upload"], [":method", "POST"], ...BIG_HEADERS];
const HEADER_BYTES = BIG_HEADERS.reduce((n, [k, v]) => n + k.length + v.length, 0) + REQUEST.slice(0, 3).reduce((n, [k, v]) => n + k.length + v.length, 0);

let growing;
let sdk;
before(async () => {
  [growing, sdk] = await Promise.all([
    buildFixture("growing-malloc"),
    compile(["tests/fixtures/perf/memory-growth.ts"], ["--config", "asconfig.json"]),
  ]);
});

describe("MockHost imitates WAMR's allocator-growth hazard", () => {
  it("fails the call when the plugin's malloc grows memory during a host call (higress)", async () => {
    const host = await MockHost.create(growing, { flavor: "higress" });
    host.initHttp();
    host.callOnHttpRequestHeaders(REQUEST);
    assert.equal(host.vmFailed, true);
    assert.match(host.vmFailure, /proxy_on_request_headers failed: .*out of bounds memory access/);
  });

  it("lets plain Envoy (V8) grow memory there", async () => {
    const host = await MockHost.create(growing, { flavor: "envoy" });
    host.initHttp();
    host.callOnHttpRequestHeaders(REQUEST);
    assert.equal(host.vmFailed, false);
    assert.ok(host.getInfoLogs().some((line) => line.startsWith("get_header_map_pairs -> 0 ")), host.getInfoLogs().join("\n"));
  });
});

describe("the SDK's allocator never grows memory", () => {
  it("reads 100 KB of headers, a callout reply and a 1 MB body on a filling heap, request after request", async () => {
    const host = await MockHost.create(sdk, { flavor: "higress", config: {} });
    const body = new Uint8Array(1 << 20).fill(0x62);
    const reply = new Uint8Array(256 * 1024).fill(0x72);
    const grownFrom = host.vm.memory.byteLength;
    for (let i = 0; i < 40; i++) {
      host.initHttp();
      assert.equal(host.callOnHttpRequestHeaders(REQUEST), "StopIteration", `request ${i}`);
      host.callOnHttpCall([[":status", "200"], ...BIG_HEADERS], reply);
      host.callOnHttpRequestBody(body);
      host.completeHttp();
      assert.equal(host.vmFailure, null, `request ${i}`);
    }
    assert.ok(host.vm.memory.byteLength > grownFrom + 40 * 48 * 1024, "the heap did grow, outside the allocator");
    const lines = host.getInfoLogs();
    assert.equal(lines.filter((l) => l.endsWith(`headers: ${HEADER_BYTES} bytes, x-big-19: 5120 bytes`)).length, 40, lines.slice(0, 4).join("\n"));
    assert.equal(lines.filter((l) => l.endsWith(`reply: 21 headers, ${256 * 1024} body bytes`)).length, 40);
    assert.equal(lines.filter((l) => l.endsWith(`body: ${1 << 20} bytes`)).length, 40);
  });
});
