// RedisClusterClient in MockHost: the exact RESP bytes and cluster of every command, Init's query
// string, Ready(), NOAUTH recovery, and failures delivered as error values or returned errors.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const CLUSTER = "outbound|6379||redis.dns";
const decoder = new TextDecoder();
const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];

// The RESP array of bulk strings Go's respString writes; lengths count UTF-8 bytes.
function resp(args) {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("");
}

// Each client method (as the fixture calls it) and the command Go sends for the same arguments.
const COMMANDS = {
  Command: ["SET", "k", "v"],
  Eval: ["eval", "return redis.call('get', KEYS[1])", "2", "k1", "k2", "a1"],
  Del: ["del", "k"],
  Exists: ["exists", "k"],
  Expire: ["expire", "k", "60"],
  Persist: ["persist", "k"],
  Get: ["get", "k"],
  Set: ["set", "k", "v"],
  SetEx: ["set", "k", "v", "ex", "10"],
  SetNX: ["set", "k", "v", "nx", "ex", "10"],
  SetNXNoTTL: ["set", "k", "v", "nx"],
  MGet: ["mget", "a", "b"],
  MSet: ["mset", "a", "1", "b", "2"],
  Incr: ["incr", "k"],
  Decr: ["decr", "k"],
  IncrBy: ["incrby", "k", "5"],
  DecrBy: ["decrby", "k", "-3"],
  LLen: ["llen", "k"],
  RPush: ["rpush", "k", "a", "b"],
  RPop: ["rpop", "k"],
  LPush: ["lpush", "k", "a", "b"],
  LPop: ["lpop", "k"],
  LIndex: ["lindex", "k", "-1"],
  LRange: ["lrange", "k", "0", "-1"],
  LRem: ["lrem", "k", "2", "v"],
  LInsertBefore: ["linsert", "k", "before", "p", "v"],
  LInsertAfter: ["linsert", "k", "after", "p", "v"],
  HExists: ["hexists", "k", "f"],
  HDel: ["hdel", "k", "f1", "f2"],
  HLen: ["hlen", "k"],
  HGet: ["hget", "k", "f"],
  HSet: ["hset", "k", "f", "v"],
  HMGet: ["hmget", "k", "f1", "f2"],
  HMSet: ["hmset", "k", "a", "1", "b", "2"],
  HKeys: ["hkeys", "k"],
  HVals: ["hvals", "k"],
  HGetAll: ["hgetall", "k"],
  HIncrBy: ["hincrby", "k", "f", "7"],
  HIncrByFloat: ["hincrbyfloat", "k", "f", "1.5"],
  SCard: ["scard", "k"],
  SAdd: ["sadd", "k", "a", "b"],
  SRem: ["srem", "k", "a"],
  SIsMember: ["sismember", "k", "a"],
  SMembers: ["smembers", "k"],
  SDiff: ["sdiff", "k1", "k2"],
  SDiffStore: ["sdiffstore", "d", "k1", "k2"],
  SInter: ["sinter", "k1", "k2"],
  SInterStore: ["sinterstore", "d", "k1", "k2"],
  SUnion: ["sunion", "k1", "k2"],
  SUnionStore: ["sunionstore", "d", "k1", "k2"],
  ZCard: ["zcard", "k"],
  ZAdd: ["zadd", "k", "1", "m1", "2.5", "m2"],
  ZCount: ["zcount", "k", "-inf", "(5"],
  ZIncrBy: ["zincrby", "k", "2", "m"],
  ZScore: ["zscore", "k", "m"],
  ZRank: ["zrank", "k", "m"],
  ZRevRank: ["zrevrank", "k", "m"],
  ZRem: ["zrem", "k", "m1", "m2"],
  ZRange: ["zrange", "k", "0", "-1"],
  ZRevRange: ["zrevrange", "k", "0", "10"],
  Unicode: ["set", "ключ", "värde €"],
};

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/redis/client.ts"], ["--config", "asconfig.json"]);
});

const request = (cmd, path = "/") => [[":authority", "a"], [":path", path], [":method", "GET"], ["x-cmd", cmd]];

async function started(config = {}, options = {}) {
  const host = await MockHost.create(wasm, { config: { cluster: CLUSTER, timeout: 1000, ...config }, ...options });
  assert.equal(host.startStatus, "ok");
  return host;
}

// Sends one request that makes a call; returns the host and the call it made.
async function withCall(cmd, config = {}, options = {}) {
  const host = await started(config, options);
  assert.equal(host.callOnHttpRequestHeaders(request(cmd, "/" + cmd)), "StopAllIterationAndWatermark");
  const calls = host.getRedisCalloutAttributes();
  assert.equal(calls.length, 1);
  return { host, call: calls[0] };
}

describe("commands", () => {
  it("writes a RESP array of bulk strings, byte for byte", async () => {
    const { call } = await withCall("Set");
    assert.equal(decoder.decode(call.query), "*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n");
  });

  for (const [method, args] of Object.entries(COMMANDS)) {
    it(`${method} sends ${args.slice(0, 2).join(" ")} ... to the cluster without the Init options`, async () => {
      const { call } = await withCall(method);
      assert.equal(decoder.decode(call.query), resp(args));
      assert.equal(call.upstream, CLUSTER);
    });
  }

  it("counts bulk lengths in UTF-8 bytes", async () => {
    const { call } = await withCall("Unicode");
    assert.match(decoder.decode(call.query), /^\*3\r\n\$3\r\nset\r\n\$8\r\nключ\r\n\$10\r\nvärde €\r\n$/);
  });

  it("hands the decoded reply to the callback, running as the request, which resumes it", async () => {
    const { host } = await withCall("MGet");
    host.callOnRedisCall(0, "*3\r\n$1\r\na\r\n$-1\r\n:7\r\n");
    assert.equal(host.isRequestResumed(), true);
    const headers = host.getRequestHeaders();
    assert.equal(value(headers, "x-redis-type"), "*");
    assert.equal(value(headers, "x-redis-array-length"), "3");
    assert.equal(value(headers, "x-redis-string"), "a  7");
    assert.equal(value(headers, "x-redis-error"), "");
    assert.equal(value(headers, "x-redis-path"), "/MGet");
  });

  it("reports an integer reply", async () => {
    const { host } = await withCall("Incr");
    host.callOnRedisCall(0, ":42\r\n");
    assert.equal(value(host.getRequestHeaders(), "x-redis-type"), ":");
    assert.equal(value(host.getRequestHeaders(), "x-redis-integer"), "42");
  });

  it("reports a null bulk string", async () => {
    const { host } = await withCall("Get");
    host.callOnRedisCall(0, "$-1\r\n");
    assert.equal(value(host.getRequestHeaders(), "x-redis-null"), "true");
    assert.equal(value(host.getRequestHeaders(), "x-redis-type"), "$");
  });

  it("delivers a Redis error reply as an error value", async () => {
    const { host } = await withCall("Incr");
    host.callOnRedisCall(0, "-ERR value is not an integer or out of range\r\n");
    assert.equal(value(host.getRequestHeaders(), "x-redis-error"), "ERR value is not an integer or out of range");
    assert.equal(host.isRequestResumed(), true);
  });

  it("sends raw RESP with RedisCall to the cluster given", async () => {
    const { call } = await withCall("RedisCall", { rawCluster: "outbound|6380||other.dns" });
    assert.equal(call.upstream, "outbound|6380||other.dns");
    assert.equal(decoder.decode(call.query), resp(["ping"]));
  });
});

describe("Init", () => {
  it("sends Go's default batching options and the credentials", async () => {
    const host = await started({ username: "u", password: "p", timeout: 750 });
    assert.deepEqual(host.getRedisInits(), [
      { cluster: `${CLUSTER}?buffer_flush_timeout=3&max_buffer_size_before_flush=1024`, username: "u", password: "p", timeoutMs: 750 },
    ]);
  });

  it("puts the database first, and takes the batching options", async () => {
    const host = await started({ db: 2, flushMs: 10, maxBuffer: 4096 });
    assert.equal(host.getRedisInits()[0].cluster, `${CLUSTER}?db=2&buffer_flush_timeout=10&max_buffer_size_before_flush=4096`);
  });

  it("WithDisableBuffer sets both batching options to 0", async () => {
    const host = await started({ db: 1, disableBuffer: true });
    assert.equal(host.getRedisInits()[0].cluster, `${CLUSTER}?db=1&buffer_flush_timeout=0&max_buffer_size_before_flush=0`);
  });

  it("is Ready after a successful Init", async () => {
    const host = await started();
    host.callOnHttpRequestHeaders(request("State"));
    assert.equal(value(host.getRequestHeaders(), "x-ready-after-init"), "true");
    assert.equal(value(host.getRequestHeaders(), "x-ready"), "true");
  });

  it("lets the plugin start when the host refuses, not ready, and commands then return the host's error", async () => {
    const host = await started({}, { clusters: ["outbound|80||other.dns"] });
    assert.ok(host.getWarnLogs().some((l) => l.includes("failed to init redis: error status returned by host: bad argument, will retry later")));
    assert.equal(host.callOnHttpRequestHeaders(request("Get")), "Continue");
    assert.equal(value(host.getRequestHeaders(), "x-ready"), "false");
    assert.equal(value(host.getRequestHeaders(), "x-redis-dispatch-error"), "error status returned by host: bad argument");
    assert.ok(host.getErrorLogs().some((l) => l.includes("failed to re-authenticate redis")));
    assert.equal(host.getRedisCalloutAttributes().length, 0);
  });

  it("refuses commands before Init with Go's message, sending nothing", async () => {
    const host = await started({ skipInit: true });
    assert.equal(host.callOnHttpRequestHeaders(request("Get")), "Continue");
    assert.equal(value(host.getRequestHeaders(), "x-redis-dispatch-error"), "redis client is not ready, please call Init() first");
    assert.equal(host.getRedisInits().length, 0);
    assert.equal(host.getRedisCalloutAttributes().length, 0);
  });
});

describe("failures", () => {
  it("returns the host's refusal of the call as an error, and the request goes on", async () => {
    const host = await started({ rawCluster: "outbound|1||missing.dns" }, { clusters: [CLUSTER] });
    assert.equal(host.callOnHttpRequestHeaders(request("RedisCall")), "Continue");
    assert.equal(value(host.getRequestHeaders(), "x-redis-dispatch-error"), "error status returned by host: bad argument");
    assert.ok(host.getCriticalLogs().some((l) => l.includes("redis call to outbound|1||missing.dns failed")));
  });

  it("delivers a network error (status 1) as an error value", async () => {
    const { host } = await withCall("Get");
    host.callOnRedisCall(1, "");
    assert.equal(value(host.getRequestHeaders(), "x-redis-type"), "-");
    assert.equal(value(host.getRequestHeaders(), "x-redis-error"), "cannot connect to redis cluster");
    assert.equal(host.isRequestResumed(), true);
    assert.ok(host.getCriticalLogs().some((l) => l.includes("cannot connect to the redis cluster")));
  });

  it("delivers a malformed reply as an error value with the reason", async () => {
    const { host } = await withCall("Get");
    host.callOnRedisCall(0, "$5\r\nab");
    assert.equal(value(host.getRequestHeaders(), "x-redis-error"), "cannot read redis response: truncated bulk string at byte 0");
    assert.ok(host.getCriticalLogs().some((l) => l.includes("failed to read the redis response")));
  });

  it("delivers an empty reply as an error value", async () => {
    const { host } = await withCall("Get");
    host.callOnRedisCall(0, "");
    assert.equal(value(host.getRequestHeaders(), "x-redis-error"), "cannot read redis response: empty reply");
  });

  it("reads a reply nested to the limit, refuses a deeper one, and reads a large one", async () => {
    const nested = await withCall("Get");
    nested.host.callOnRedisCall(0, "*1\r\n".repeat(256) + ":7\r\n");
    assert.equal(value(nested.host.getRequestHeaders(), "x-redis-string"), "7");
    const deeper = await withCall("Get");
    deeper.host.callOnRedisCall(0, "*1\r\n".repeat(257) + ":7\r\n");
    assert.equal(value(deeper.host.getRequestHeaders(), "x-redis-error"), "cannot read redis response: arrays nested deeper than 256 levels");
    const large = await withCall("Get");
    const payload = "x".repeat(1 << 20);
    large.host.callOnRedisCall(0, `$${payload.length}\r\n${payload}\r\n`);
    assert.equal(value(large.host.getRequestHeaders(), "x-redis-string").length, 1 << 20);
  });

  it("drops a reply for a request that has ended", async () => {
    const { host } = await withCall("Get");
    host.completeHttp();
    host.callOnRedisCall(0, "+OK\r\n");
    assert.equal(host.vmFailed, false);
    assert.ok(host.getDebugLogs().some((l) => l.includes("dropped")));
  });
});

describe("NOAUTH", () => {
  const NOAUTH = "-NOAUTH Authentication required.\r\n";

  it("logs in again and sends the same query once more; only the retry's reply reaches the callback", async () => {
    const { host, call } = await withCall("Get", { username: "u", password: "p" });
    host.callOnRedisCall(0, NOAUTH);
    assert.equal(host.isRequestResumed(), false);
    const inits = host.getRedisInits();
    assert.equal(inits.length, 2);
    assert.deepEqual(inits[1], inits[0]);
    const calls = host.getRedisCalloutAttributes();
    assert.equal(calls.length, 2);
    assert.deepEqual(calls[1].query, call.query);
    assert.equal(calls[1].upstream, CLUSTER);
    host.callOnRedisCall(0, "$1\r\nv\r\n");
    assert.equal(host.isRequestResumed(), true);
    assert.equal(value(host.getRequestHeaders(), "x-redis-string"), "v");
    assert.ok(host.getWarnLogs().some((l) => l.includes("redis authentication required")));
  });

  it("treats Redis's 'unauthenticated' protocol error the same way", async () => {
    const { host } = await withCall("Get");
    host.callOnRedisCall(0, "-ERR Protocol error: unauthenticated multibulk length\r\n");
    assert.equal(host.getRedisCalloutAttributes().length, 2);
  });

  it("retries once only: a second NOAUTH reaches the callback", async () => {
    const { host } = await withCall("Get");
    host.callOnRedisCall(0, NOAUTH);
    host.callOnRedisCall(0, NOAUTH);
    assert.equal(host.getRedisCalloutAttributes().length, 2);
    assert.equal(value(host.getRequestHeaders(), "x-redis-error"), "NOAUTH Authentication required.");
    assert.equal(host.isRequestResumed(), true);
  });

  it("does not retry other errors", async () => {
    const { host } = await withCall("Get");
    host.callOnRedisCall(0, "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert.equal(host.getRedisCalloutAttributes().length, 1);
    assert.equal(host.getRedisInits().length, 1);
  });
});

describe("calls made by the plugin itself", () => {
  it("sends from a tick function and delivers the reply with the plugin context", async () => {
    const host = await started({ tickMs: 1000 });
    host.tick();
    const calls = host.getRedisCalloutAttributes();
    assert.equal(calls.length, 1);
    assert.equal(decoder.decode(calls[0].query), resp(["ping"]));
    assert.equal(calls[0].contextId, host.plugin.rootContextId);
    host.callOnRedisCall(0, "+PONG\r\n");
    host.callOnHttpRequestHeaders(request("State"));
    const headers = host.getRequestHeaders();
    assert.equal(value(headers, "x-plugin-reply"), "PONG");
    assert.equal(value(headers, "x-tick-error"), "");
  });

  it("refuses a request-style command outside a request, sending nothing", async () => {
    const host = await started({ tickMs: 1000 });
    host.tick();
    host.callOnHttpRequestHeaders(request("State"));
    assert.match(value(host.getRequestHeaders(), "x-tick-get-error"), /outside a request/);
    assert.equal(host.getRedisCalloutAttributes().length, 1);
  });

  it("PluginCommand from a request does not hold it, and its callback gets the plugin", async () => {
    const host = await started();
    assert.equal(host.callOnHttpRequestHeaders(request("PluginCommand")), "Continue");
    host.callOnRedisCall(0, "+PONG\r\n");
    host.completeHttp();
    host.callOnHttpRequestHeaders(request("State"));
    assert.equal(value(host.getRequestHeaders(), "x-plugin-reply"), "PONG");
  });
});

describe("plugins on the runtime layer", () => {
  it("log in, but their commands are refused unsent: there is no SetCtx context to call back", async () => {
    const runtimeWasm = await compile(["tests/fixtures/redis/runtime.ts"], ["--config", "asconfig.json"]);
    const host = await MockHost.create(runtimeWasm);
    assert.equal(host.startStatus, "ok");
    assert.equal(host.getRedisInits().length, 1);
    assert.equal(host.getRedisCalloutAttributes().length, 0);
    assert.ok(host.getInfoLogs().includes(
      "ready; redis call made outside a SetCtx plugin's callbacks; " +
      "redis call made outside a request: use PluginCommand or PluginEval from tick functions and configuration",
    ), host.getInfoLogs().join("\n"));
  });
});
