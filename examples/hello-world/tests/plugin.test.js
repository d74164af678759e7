// examples/hello-world, run in MockHost.
import { it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";

// `npm run build` (or `build:debug`) writes build/plugin.wasm; the repository's test run builds the
// example itself and passes the module's path in PLUGIN_WASM.
const wasmPath = process.env.PLUGIN_WASM ?? fileURLToPath(new URL("../build/plugin.wasm", import.meta.url));
const request = [[":authority", "a"], [":path", "/"], [":method", "GET"]];

it("adds x-custom-header and lets the request through", async () => {
  const host = await MockHost.create(wasmPath, { config: { mockEnable: false } });
  assert.equal(host.callOnHttpRequestHeaders(request, { endOfStream: true }), "Continue");
  assert.ok(host.getRequestHeaders().some(([k, v]) => k === "x-custom-header" && v === "higress-plugin"));
  assert.equal(host.getLocalResponse(), null);
});

it("answers 200 with the configured content when mockEnable is set", async () => {
  const host = await MockHost.create(wasmPath, { config: { mockEnable: true, content: "hello world" } });
  assert.notEqual(host.callOnHttpRequestHeaders(request, { endOfStream: true }), "Continue");
  const reply = host.getLocalResponse();
  assert.equal(reply.statusCode, 200);
  assert.equal(new TextDecoder().decode(reply.body), "hello world");
});

it("refuses a config that is not UTF-8, naming the byte offset, instead of misreading it", async () => {
  const config = new TextEncoder().encode('{"content":"caf?","mockEnable":false}');
  config[15] = 0xe9; // Latin-1 é
  const host = await MockHost.create(wasmPath, { config });
  assert.equal(host.startStatus, "configure-failed");
  assert.ok(host.getErrorLogs().some((line) => line.includes("invalid JSON at offset 15: invalid UTF-8 sequence starting with byte 0xe9")),
    host.getErrorLogs().join("\n"));
});
