// examples/redis-rate-limit served by `higress-as serve` against a real redis-server on loopback
// (Debian package redis-server; npm test installs it with scripts/test-deps.sh). A missing redis-server fails the
// test: the point is the real RESP round trip.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildExample } from "../helpers/compile.js";
import { eventually, freePort, request, startGateway, startServer } from "../helpers/gateway.js";

const LIMIT = 3;
let redis;
let redisPort;
let upstream;
let gateway;

function redisAnswersPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.on("error", () => resolve(false));
    socket.on("connect", () => socket.write("*1\r\n$4\r\nPING\r\n"));
    socket.on("data", (data) => {
      socket.destroy();
      resolve(data.toString() === "+PONG\r\n");
    });
  });
}

before(async () => {
  redisPort = await freePort();
  redis = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const started = new Promise((resolve, reject) => {
    redis.once("error", (error) => reject(new Error(`cannot run redis-server (scripts/test-deps.sh installs it): ${error.message}`)));
    redis.once("spawn", resolve);
  });
  await started;
  await eventually("redis-server answering PING", () => redisAnswersPing(redisPort));

  upstream = await startServer((req, res) => res.end(`upstream ${req.url}`));
  const dir = mkdtempSync(join(tmpdir(), "higress-as-redis-"));
  const plugin = join(dir, "plugin.wasm");
  writeFileSync(plugin, await buildExample("redis-rate-limit"));
  const config = join(dir, "config.yaml");
  // A cluster name no rule maps (a real host name), so only the --redis flag can route it.
  writeFileSync(config, `serviceName: redis.example.internal\nservicePort: 6379\nlimit: ${LIMIT}\nwindowSeconds: 60\n`);
  gateway = await startGateway([
    "--plugin", plugin,
    "--config", config,
    "--upstream", upstream.url,
    "--redis", `redis.example.internal=redis://127.0.0.1:${redisPort}`,
  ]);
});

after(async () => {
  await gateway?.stop();
  await upstream?.close();
  redis?.kill();
});

it("counts requests in Redis and answers 429 over the limit", async () => {
  for (let i = 1; i <= LIMIT; i++) {
    const res = await request(`${gateway.url}/limited/${i}`);
    assert.equal(res.status, 200);
    assert.equal(res.body, `upstream /limited/${i}`);
    assert.equal(res.headers["x-ratelimit-remaining"], String(LIMIT - i));
  }
  const over = await request(`${gateway.url}/limited/over`);
  assert.equal(over.status, 429);
  assert.equal(over.body, "Too many requests\n");
  assert.equal(over.headers["x-ratelimit-limit"], String(LIMIT));
  assert.ok(Number(over.headers["retry-after"]) > 0);
});

it("keeps the count in the Redis server", async () => {
  const count = await new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port: redisPort });
    socket.on("error", reject);
    socket.on("connect", () => socket.write("*2\r\n$3\r\nGET\r\n$25\r\nhigress-rate-limit:global\r\n"));
    socket.on("data", (data) => {
      socket.destroy();
      resolve(data.toString());
    });
  });
  assert.equal(count, `$1\r\n${LIMIT + 1}\r\n`);
});
