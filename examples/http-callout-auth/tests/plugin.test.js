// examples/http-callout-auth, run in MockHost: the auth call it
// makes, and every way the call can end (allowed, denied, no :status, failed, stream gone,
// never sent), none of which leaves the request paused.
import { it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";

// `npm run build` (or `build:debug`) writes build/plugin.wasm; the repository's test run builds the
// example itself and passes the module's path in PLUGIN_WASM.
const wasmPath = process.env.PLUGIN_WASM ?? fileURLToPath(new URL("../build/plugin.wasm", import.meta.url));
const CONFIG = { serviceName: "auth.dns", servicePort: 8080, serviceHost: "auth.example.com", timeout: 2000 };
const AUTH_CLUSTER = "outbound|8080||auth.dns";
const request = (extra = []) => [[":authority", "shop.example.com"], [":path", "/orders"], [":method", "GET"], ...extra];
const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const text = (bytes) => new TextDecoder().decode(bytes);

// A request that is waiting for the auth service.
async function held(config = CONFIG) {
  const host = await MockHost.create(wasmPath, { config });
  const action = host.callOnHttpRequestHeaders(request([["authorization", "Bearer abc"]]), { endOfStream: true });
  assert.equal(action, "StopAllIterationAndWatermark");
  assert.equal(host.isRequestResumed(), false);
  return host;
}

function assertUnauthorized(host) {
  const reply = host.getLocalResponse();
  assert.equal(reply.statusCode, 401);
  assert.equal(text(reply.body), "Unauthorized");
  assert.equal(host.isRequestResumed(), false);
}

it("asks the auth service GET /api/auth with the request's credentials and the configured timeout", async () => {
  const host = await held();
  const [call] = host.getHttpCalloutAttributes();
  assert.equal(call.upstream, AUTH_CLUSTER);
  assert.equal(value(call.headers, ":method"), "GET");
  assert.equal(value(call.headers, ":path"), "/api/auth");
  assert.equal(value(call.headers, ":authority"), "auth.example.com");
  assert.equal(value(call.headers, "authorization"), "Bearer abc");
  assert.equal(call.timeoutMs, 2000);
});

it("uses the service name as Host and a 1000 ms timeout when they are not configured", async () => {
  const host = await held({ serviceName: "auth.static", servicePort: 80 });
  const [call] = host.getHttpCalloutAttributes();
  assert.equal(call.upstream, "outbound|80||auth.static");
  assert.equal(value(call.headers, ":authority"), "auth.static");
  assert.equal(call.timeoutMs, 1000);
});

it("lets the request through when the auth service answers 200", async () => {
  const host = await held();
  host.callOnHttpCall([[":status", "200"]], "ok");
  assert.equal(host.isRequestResumed(), true);
  assert.equal(host.getLocalResponse(), null);
});

it("answers 401 when the auth service answers 403", async () => {
  const host = await held();
  host.callOnHttpCall([[":status", "403"]], "forbidden");
  assertUnauthorized(host);
  assert.ok(host.getInfoLogs().some((l) => l.endsWith("auth service answered 403, request refused")));
});

it("answers 401 when the reply has no :status (reported as 502)", async () => {
  const host = await held();
  host.callOnHttpCall([["content-type", "text/plain"]], "");
  assertUnauthorized(host);
  assert.ok(host.getInfoLogs().some((l) => l.endsWith("auth service answered 502, request refused")));
});

it("answers 401 when the call fails (reported as 503)", async () => {
  const host = await held();
  host.failHttpCall();
  assertUnauthorized(host);
  assert.ok(host.getInfoLogs().some((l) => l.endsWith("auth service answered 503, request refused")));
});

it("drops the reply when the request is already gone", async () => {
  const host = await held();
  host.completeHttp();
  host.callOnHttpCall([[":status", "200"]], "ok");
  assert.equal(host.vmFailed, false);
  assert.deepEqual(host.getHostErrors(), []);
  assert.equal(host.isRequestResumed(), false);
  assert.equal(host.getLocalResponse(), null);
  assert.ok(host.getDebugLogs().some((l) => l.includes("dropped: the stream has ended")));
});

it("answers 503 at once when the auth service's cluster does not exist", async () => {
  const host = await MockHost.create(wasmPath, { config: CONFIG, clusters: ["outbound|80||other.dns"] });
  const action = host.callOnHttpRequestHeaders(request(), { endOfStream: true });
  assert.notEqual(action, "Continue");
  assert.equal(host.getHttpCalloutAttributes().length, 0);
  const reply = host.getLocalResponse();
  assert.equal(reply.statusCode, 503);
  assert.equal(text(reply.body), "auth service unavailable");
  assert.ok(host.getErrorLogs().some((l) => l.includes(`auth call not sent: http call to cluster ${AUTH_CLUSTER} failed`)));
});

it("refuses a config without the auth service, naming the key and what it holds", async () => {
  for (const [config, reason] of [
    [{}, "serviceName must name the auth service, got no serviceName"],
    [{ serviceName: "" }, 'serviceName must name the auth service, got ""'],
    [{ serviceName: "auth.dns" }, "servicePort must be 1-65535, got no servicePort"],
    [{ serviceName: "auth.dns", servicePort: 70000 }, "servicePort must be 1-65535, got 70000"],
    [{ serviceName: "auth.dns", servicePort: "80x" }, 'servicePort must be 1-65535, got "80x"'],
    [{ serviceName: "auth.dns", servicePort: 8080, timeout: 0 }, "timeout must be 1-60000 ms"],
  ]) {
    const host = await MockHost.create(wasmPath, { config });
    assert.equal(host.startStatus, "configure-failed", JSON.stringify(config));
    assert.ok(host.getErrorLogs().some((line) => line.includes(reason)), host.getErrorLogs().join("\n"));
  }
});
