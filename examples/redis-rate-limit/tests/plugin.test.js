// examples/redis-rate-limit, run in MockHost: the Eval it sends,
// 429 over the limit, resume under it, and every way Redis can fail, none of which leaves the
// request paused.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";

// `npm run build` (or `build:debug`) writes build/plugin.wasm; the repository's test run builds the
// example itself and passes the module's path in PLUGIN_WASM.
const wasmPath = process.env.PLUGIN_WASM ?? fileURLToPath(new URL("../build/plugin.wasm", import.meta.url));
const CONFIG = { serviceName: "redis.dns", servicePort: 6379, username: "default", password: "secret", timeout: 500, limit: 3, windowSeconds: 60 };
const REDIS_CLUSTER = "outbound|6379||redis.dns";
const request = (extra = []) => [[":authority", "shop.example.com"], [":path", "/orders"], [":method", "GET"], ...extra];
const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const text = (bytes) => new TextDecoder().decode(bytes);

// Splits a RESP array of bulk strings (what the plugin sends) into its arguments.
function args(query) {
  const parts = text(query).split("\r\n");
  const count = Number(parts[0].slice(1));
  const out = [];
  let at = 1;
  for (let i = 0; i < count; i++) {
    const length = Number(parts[at].slice(1));
    // A script holds line breaks of its own: rejoin until the declared length is reached.
    let arg = parts[at + 1];
    at += 2;
    while (Buffer.byteLength(arg) < length) arg += "\r\n" + parts[at++];
    out.push(arg);
  }
  return out;
}

// A request waiting for the count.
async function held(config = CONFIG, extra = []) {
  const host = await MockHost.create(wasmPath, { config });
  assert.equal(host.startStatus, "ok");
  assert.equal(host.callOnHttpRequestHeaders(request(extra), { endOfStream: true }), "StopAllIterationAndWatermark");
  assert.equal(host.isRequestResumed(), false);
  return host;
}

function assertFailedOpen(host, message) {
  assert.equal(host.isRequestResumed(), true);
  assert.equal(host.getLocalResponse(), null);
  assert.ok(host.getErrorLogs().some((l) => l.includes(message)), host.getErrorLogs().join("\n"));
}

describe("configuration", () => {
  it("logs in to the Redis cluster with the guide's settings and Go's batching defaults", async () => {
    const host = await MockHost.create(wasmPath, { config: CONFIG });
    assert.deepEqual(host.getRedisInits(), [{
      cluster: `${REDIS_CLUSTER}?buffer_flush_timeout=3&max_buffer_size_before_flush=1024`,
      username: "default",
      password: "secret",
      timeoutMs: 500,
    }]);
  });

  it("defaults the port to 6379 and the timeout to 1000 ms", async () => {
    const host = await MockHost.create(wasmPath, { config: { serviceName: "r.static", limit: 1 } });
    assert.equal(host.getRedisInits()[0].cluster.split("?")[0], "outbound|6379||r.static");
    assert.equal(host.getRedisInits()[0].timeoutMs, 1000);
  });

  for (const [what, config, reason] of [
    ["no serviceName", { limit: 1 }, "serviceName must name the Redis service, got no serviceName"],
    ["no limit", { serviceName: "redis.dns" }, "limit must be a positive number of requests"],
    ["a port out of range", { serviceName: "redis.dns", servicePort: 70000, limit: 1 }, "servicePort must be 1-65535, got 70000"],
    ["a zero window", { serviceName: "redis.dns", limit: 1, windowSeconds: 0 }, "windowSeconds must be positive"],
  ]) {
    it(`refuses a configuration with ${what}, saying which key and why`, async () => {
      const host = await MockHost.create(wasmPath, { config });
      assert.equal(host.startStatus, "configure-failed");
      assert.ok(host.getErrorLogs().some((line) => line.includes(reason)), host.getErrorLogs().join("\n"));
    });
  }

  it("needs Higress: plain Envoy has no Redis host functions", async () => {
    await assert.rejects(MockHost.create(wasmPath, { config: CONFIG, flavor: "envoy" }), /proxy_redis/);
  });
});

describe("counting", () => {
  it("counts the request with one Eval of the script, keyed globally by default", async () => {
    const host = await held();
    const [call] = host.getRedisCalloutAttributes();
    assert.equal(call.upstream, REDIS_CLUSTER);
    const sent = args(call.query);
    assert.equal(sent[0], "eval");
    assert.match(sent[1], /redis\.call\('incr', KEYS\[1\]\)/);
    assert.match(sent[1], /redis\.call\('expire', KEYS\[1\], ARGV\[1\]\)/);
    assert.deepEqual(sent.slice(2), ["1", "higress-rate-limit:global", "60"]);
  });

  it("keys the count by the configured header", async () => {
    const host = await held({ ...CONFIG, keyHeader: "x-api-key", windowSeconds: 10 }, [["x-api-key", "alice"]]);
    const sent = args(host.getRedisCalloutAttributes()[0].query);
    assert.deepEqual(sent.slice(2), ["1", "higress-rate-limit:key:alice", "10"]);
  });

  it("resumes a request under the limit and reports what is left on the response", async () => {
    const host = await held();
    host.callOnRedisCall(0, "*2\r\n:1\r\n:60\r\n");
    assert.equal(host.isRequestResumed(), true);
    assert.equal(host.getLocalResponse(), null);
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    const headers = host.getResponseHeaders();
    assert.equal(value(headers, "x-ratelimit-limit"), "3");
    assert.equal(value(headers, "x-ratelimit-remaining"), "2");
  });

  it("lets the request at the limit through, with nothing left", async () => {
    const host = await held();
    host.callOnRedisCall(0, "*2\r\n:3\r\n:12\r\n");
    assert.equal(host.isRequestResumed(), true);
    host.callOnHttpResponseHeaders([[":status", "200"]], { endOfStream: true });
    assert.equal(value(host.getResponseHeaders(), "x-ratelimit-remaining"), "0");
  });

  it("answers 429 over the limit, with the seconds until the window ends", async () => {
    const host = await held();
    host.callOnRedisCall(0, "*2\r\n:4\r\n:42\r\n");
    assert.equal(host.isRequestResumed(), false);
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 429);
    assert.equal(text(reply.body), "Too many requests\n");
    assert.equal(value(reply.headers, "retry-after"), "42");
    assert.equal(value(reply.headers, "x-ratelimit-limit"), "3");
    assert.equal(value(reply.headers, "x-ratelimit-remaining"), "0");
  });

  it("logs in again after NOAUTH and counts with the retried call", async () => {
    const host = await held();
    host.callOnRedisCall(0, "-NOAUTH Authentication required.\r\n");
    assert.equal(host.isRequestResumed(), false);
    assert.equal(host.getRedisInits().length, 2);
    host.callOnRedisCall(0, "*2\r\n:9\r\n:5\r\n");
    assert.equal(host.getLocalResponse().statusCode, 429);
  });
});

describe("Redis trouble fails open", () => {
  it("resumes with an error log on a malformed reply", async () => {
    const host = await held();
    host.callOnRedisCall(0, "*2\r\n:1\r\n:6");
    assertFailedOpen(host, "rate limit not applied, redis answered: cannot read redis response: truncated");
  });

  it("resumes with an error log on a reply of the wrong shape", async () => {
    for (const reply of ["+OK\r\n", "*1\r\n:1\r\n", "*2\r\n$1\r\n1\r\n:5\r\n", "*-1\r\n"]) {
      const host = await held();
      host.callOnRedisCall(0, reply);
      assertFailedOpen(host, "rate limit not applied, unexpected reply from the script");
    }
  });

  it("resumes with an error log on an error reply", async () => {
    const host = await held();
    host.callOnRedisCall(0, "-ERR Error running script\r\n");
    assertFailedOpen(host, "rate limit not applied, redis answered: ERR Error running script");
  });

  it("resumes with an error log when Redis cannot be reached", async () => {
    const host = await held();
    host.callOnRedisCall(1, "");
    assertFailedOpen(host, "rate limit not applied, redis answered: cannot connect to redis cluster");
  });

  it("lets the request go on at once when the call cannot be sent", async () => {
    const host = await MockHost.create(wasmPath, { config: CONFIG, clusters: ["outbound|80||other.dns"] });
    assert.equal(host.startStatus, "ok");
    assert.equal(host.callOnHttpRequestHeaders(request(), { endOfStream: true }), "Continue");
    assert.equal(host.getRedisCalloutAttributes().length, 0);
    assert.ok(host.getErrorLogs().some((l) => l.includes("rate limit not applied, redis call not sent: error status returned by host: bad argument")));
  });

  it("does nothing with a reply for a request that has gone", async () => {
    const host = await held();
    host.completeHttp();
    host.callOnRedisCall(0, "*2\r\n:9\r\n:5\r\n");
    assert.equal(host.vmFailed, false);
    assert.equal(host.getLocalResponse(), null);
  });
});
