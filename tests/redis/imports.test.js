// Redis host functions are Higress-only: a module that calls none of them must not import them,
// or plain Envoy refuses to load it. AssemblyScript imports only what is called, and nothing in the
// wrapper reaches the Redis code, so only Init and the commands bring the imports in. That is a
// property of the compiler, so the fixtures build debug (the build tests/redis/client.test.js
// uses too): -O3 only ever drops imports, so a debug build without Redis imports proves the release
// one has none, and tests/examples.test.js checks that Envoy refuses the release Redis example.
import { it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { buildExample, compile } from "../helpers/compile.js";

async function redisImports(wasm) {
  const module = await WebAssembly.compile(wasm);
  return WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`).filter((name) => name.includes("redis"));
}

it("a plugin that calls Redis imports proxy_redis_init and proxy_redis_call", async () => {
  const wasm = await compile(["tests/fixtures/redis/client.ts"], ["--config", "asconfig.json"]);
  assert.deepEqual((await redisImports(wasm)).sort(), ["env.proxy_redis_call", "env.proxy_redis_init"]);
});

it("the hello-world example imports no Redis host function and loads in plain Envoy", async () => {
  const wasm = await buildExample("hello-world", { release: true });
  assert.deepEqual(await redisImports(wasm), []);
  const host = await MockHost.create(wasm, { config: { mockEnable: false }, flavor: "envoy" });
  assert.equal(host.startStatus, "ok");
});

it("a plugin that builds a Redis client but never calls it imports no Redis host function", async () => {
  const wasm = await compile(["tests/fixtures/redis/unused.ts"], ["--config", "asconfig.json"]);
  assert.deepEqual(await redisImports(wasm), []);
  const host = await MockHost.create(wasm, { config: { serviceName: "redis.dns" }, flavor: "envoy" });
  assert.equal(host.startStatus, "ok");
  host.callOnHttpRequestHeaders([[":authority", "a"], [":path", "/"], [":method", "GET"]], { endOfStream: true });
  assert.ok(host.getRequestHeaders().some(([k, v]) => k === "x-redis-cluster" && v === "outbound|6379||redis.dns"));
});
