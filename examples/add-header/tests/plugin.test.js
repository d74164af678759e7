// examples/add-header run in MockHost: the header on both directions, and the local 403 for
// /admin, which must not also catch paths that merely start with the same letters.
import { it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";

// `npm run build` (or `build:debug`) writes build/plugin.wasm; the repository's test run builds the
// example itself and passes the module's path in PLUGIN_WASM.
const wasmPath = process.env.PLUGIN_WASM ?? fileURLToPath(new URL("../build/plugin.wasm", import.meta.url));
const request = (path) => [[":authority", "example.com"], [":path", path], [":method", "GET"]];
const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];

it("stamps the request and the response with x-powered-by", async () => {
  const host = await MockHost.create(wasmPath);
  assert.equal(host.startStatus, "ok");
  assert.equal(host.callOnHttpRequestHeaders(request("/hello"), { endOfStream: true }), "Continue");
  assert.equal(value(host.getRequestHeaders(), "x-powered-by"), "higress-as");
  assert.equal(host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true }), "Continue");
  assert.equal(value(host.getResponseHeaders(), "x-powered-by"), "higress-as");
  assert.equal(host.getLocalResponse(), null);
});

for (const path of ["/admin", "/admin/users", "/admin?debug=1"]) {
  it(`answers ${path} with a local 403`, async () => {
    const host = await MockHost.create(wasmPath);
    assert.notEqual(host.callOnHttpRequestHeaders(request(path), { endOfStream: true }), "Continue");
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 403);
    assert.equal(reply.statusCodeDetails, "add-header_denied");
    assert.equal(new TextDecoder().decode(reply.body), "admin area is closed\n");
    assert.equal(value(reply.headers, "x-powered-by"), "higress-as");
  });
}

it("lets /administrator through", async () => {
  const host = await MockHost.create(wasmPath);
  assert.equal(host.callOnHttpRequestHeaders(request("/administrator"), { endOfStream: true }), "Continue");
  assert.equal(host.getLocalResponse(), null);
});
