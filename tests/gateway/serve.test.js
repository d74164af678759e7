// `higress-as serve` end to end: the CLI in a child process, a real upstream and callout service on
// loopback, real HTTP requests. Examples and tests/fixtures/gateway plugins, built debug.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import http from "node:http";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildExample, compile } from "../helpers/compile.js";
import { buildScripted } from "../host/build-fixture.js";
import { eventually, request, startGateway, startServer } from "../helpers/gateway.js";

const dir = mkdtempSync(join(tmpdir(), "higress-as-serve-"));
const wasm = {};
let upstream;
/** Requests the upstream received: method, url, headers, body. */
const seen = [];
/** Hooks the streaming test installs for path /stream. */
let streamHandler = null;

// Writes a file by rename, as a build does, so the gateway never reads it half written.
function replaceFile(path, contents) {
  writeFileSync(`${path}.tmp`, contents);
  renameSync(`${path}.tmp`, path);
}

function upstreamSaw(path) {
  return seen.filter((r) => r.url === path);
}

before(async () => {
  const build = (entry) => compile([entry], ["--config", "asconfig.json"]);
  [wasm.addHeader, wasm.helloWorld, wasm.auth, wasm.body, wasm.ticks, wasm.client] = await Promise.all([
    buildExample("add-header"),
    buildExample("hello-world"),
    buildExample("http-callout-auth"),
    build("tests/fixtures/gateway/body-rewrite.ts"),
    build("tests/fixtures/gateway/ticks.ts"),
    build("tests/fixtures/http/client.ts"),
  ]);
  for (const [name, bytes] of Object.entries(wasm)) writeFileSync(join(dir, `${name}.wasm`), bytes);
  upstream = await startServer((req, res) => {
    if (req.url === "/stream" && streamHandler) return streamHandler(req, res);
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const record = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(record);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ url: req.url, body: record.body }));
    });
  });
});

after(() => upstream?.close());

describe("add-header", () => {
  let gateway;
  before(async () => {
    gateway = await startGateway(["--plugin", join(dir, "addHeader.wasm"), "--upstream", upstream.url]);
  });
  after(() => gateway?.stop());

  it("prints its address and the plugin's log lines with their level", async () => {
    assert.match(gateway.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await gateway.waitForLine(/^\[info\] \[plugin\] add-header: configured$/);
  });

  it("adds a header the upstream sees, and one to the response", async () => {
    const res = await request(`${gateway.url}/hello?x=1`);
    assert.equal(res.status, 200);
    assert.equal(res.headers["x-powered-by"], "higress-as");
    const [received] = upstreamSaw("/hello?x=1");
    assert.equal(received.headers["x-powered-by"], "higress-as");
    assert.equal(received.headers.host, new URL(gateway.url).host);
  });

  it("answers locally without calling the upstream", async () => {
    const res = await request(`${gateway.url}/admin`);
    assert.equal(res.status, 403);
    assert.equal(res.body, "admin area is closed\n");
    assert.equal(res.headers["x-powered-by"], "higress-as");
    assert.equal(upstreamSaw("/admin").length, 0);
    await gateway.waitForLine(/^\[info\] \[plugin\] add-header: denied \/admin$/);
  });
});

describe("hello-world with a YAML config", () => {
  let gateway;
  before(async () => {
    const config = join(dir, "hello.yaml");
    writeFileSync(config, "# the guide's mock reply\nmockEnable: true\ncontent: 'hello from the plugin'\n");
    gateway = await startGateway(["--plugin", join(dir, "helloWorld.wasm"), "--config", config, "--upstream", upstream.url]);
  });
  after(() => gateway?.stop());

  it("answers with the configured local reply", async () => {
    const res = await request(`${gateway.url}/mocked`);
    assert.equal(res.status, 200);
    assert.equal(res.body, "hello from the plugin");
    assert.equal(upstreamSaw("/mocked").length, 0);
  });
});

describe("bodies", () => {
  let gateway;
  before(async () => {
    gateway = await startGateway(["--plugin", join(dir, "body.wasm"), "--upstream", upstream.url]);
  });
  after(() => gateway?.stop());

  it("rewrites a buffered request body and a buffered response body", async () => {
    const res = await request(`${gateway.url}/buffered`, { method: "POST", headers: { "content-type": "text/plain" }, body: "shout this" });
    assert.equal(res.status, 200);
    assert.equal(upstreamSaw("/buffered")[0].body, "SHOUT THIS");
    assert.equal(res.body, `rewritten: ${JSON.stringify({ url: "/buffered", body: "SHOUT THIS" })}`);
  });

  it("resets a response whose body no longer matches its content-length, and says why", async () => {
    await assert.rejects(request(`${gateway.url}/stale-length`), /socket hang up|ECONNRESET|Parse Error/);
    await gateway.waitForLine(/^\[warn\] \[gateway\] stream \d+: the response passed .* content-length says \d+; remove content-length/);
  });

  it("streams both bodies: each chunk passes before the next one is sent", async () => {
    let upstreamGotFirst;
    const firstArrived = new Promise((resolve) => (upstreamGotFirst = resolve));
    let clientGotOne;
    const oneArrived = new Promise((resolve) => (clientGotOne = resolve));
    let upstreamBody = "";
    streamHandler = (req, res) => {
      req.setEncoding("utf8");
      req.on("data", (c) => {
        upstreamBody += c;
        if (upstreamBody.includes("first")) upstreamGotFirst();
      });
      req.on("end", async () => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("one");
        // The second chunk waits for the client to hold the first: a gateway that buffered the
        // response would never release it, and the test would fail on its bounded wait.
        await oneArrived;
        res.end("two");
      });
    };
    try {
      const response = await new Promise((resolve, reject) => {
        const req = http.request(`${gateway.url}/stream`, { method: "POST", agent: false }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c) => {
            body += c;
            if (body.includes("[one]")) clientGotOne();
          });
          res.on("end", () => resolve({ status: res.statusCode, body }));
        });
        req.on("error", reject);
        req.setTimeout(30_000, () => req.destroy(new Error("streaming exchange stalled")));
        req.write("first ");
        // Likewise the request: its second chunk is sent only once the upstream has the first.
        firstArrived.then(() => req.end("second"));
      });
      assert.equal(response.status, 200);
      assert.equal(upstreamBody, "first second");
      assert.ok(response.body.startsWith("[one]"), response.body);
      assert.equal(response.body.replace(/[[\]]/g, ""), "onetwo");
    } finally {
      streamHandler = null;
    }
  });
});

describe("http-callout-auth", () => {
  let gateway;
  let auth;
  /** Auth requests waiting for an answer: { authorization, answer(status) }. */
  const waiting = [];
  before(async () => {
    auth = await startServer((req, res) => {
      waiting.push({
        path: req.url,
        authorization: req.headers.authorization,
        answer: (status) => {
          res.statusCode = status;
          res.end();
        },
      });
    });
    const config = join(dir, "auth.json");
    writeFileSync(config, JSON.stringify({ serviceName: "auth.dns", servicePort: auth.port, timeout: 30000 }));
    gateway = await startGateway(["--plugin", join(dir, "auth.wasm"), "--config", config, "--upstream", upstream.url]);
  });
  after(async () => {
    await gateway?.stop();
    await auth?.close();
  });

  const answerAll = () => {
    for (const call of waiting.splice(0)) call.answer(call.authorization === "Bearer good" ? 200 : 403);
  };

  it("holds the request while the auth service decides, then resumes it with its body", async () => {
    const pending = request(`${gateway.url}/orders`, { method: "POST", headers: { authorization: "Bearer good" }, body: "payload" });
    await eventually("the auth call", () => waiting.length === 1);
    assert.equal(waiting[0].path, "/api/auth");
    assert.equal(upstreamSaw("/orders").length, 0, "the request went upstream while paused");
    answerAll();
    const res = await pending;
    assert.equal(res.status, 200);
    const [received] = upstreamSaw("/orders");
    assert.equal(received.body, "payload");
    assert.equal(received.headers.authorization, "Bearer good");
  });

  it("answers 401 when the auth service refuses", async () => {
    const pending = request(`${gateway.url}/refused`, { headers: { authorization: "Bearer bad" } });
    await eventually("the auth call", () => waiting.length === 1);
    answerAll();
    const res = await pending;
    assert.equal(res.status, 401);
    assert.equal(res.body, "Unauthorized");
    assert.equal(upstreamSaw("/refused").length, 0);
  });

  it("gives concurrent requests their own contexts, all paused at once", async () => {
    const paths = Array.from({ length: 6 }, (_, i) => `/concurrent/${i}`);
    const pending = paths.map((path, i) =>
      request(`${gateway.url}${path}`, { headers: { authorization: i % 2 === 0 ? "Bearer good" : "Bearer bad" } }),
    );
    // Every request is held in its own context until all six auth calls are out.
    await eventually("six auth calls", () => waiting.length === paths.length);
    answerAll();
    const results = await Promise.all(pending);
    results.forEach((res, i) => {
      if (i % 2 === 0) {
        assert.equal(res.status, 200);
        assert.equal(JSON.parse(res.body).url, paths[i]);
      } else {
        assert.equal(res.status, 401);
        assert.equal(upstreamSaw(paths[i]).length, 0);
      }
    });
  });
});

describe("cluster mapping", () => {
  const serveClient = (name, cluster) => {
    const config = join(dir, `${name}.json`);
    writeFileSync(config, JSON.stringify({ cluster }));
    return startGateway(["--plugin", join(dir, "client.wasm"), "--config", config, "--upstream", upstream.url]);
  };

  it("sends a RouteCluster call to the upstream", async () => {
    const gateway = await serveClient("route", { kind: "Route" });
    try {
      const res = await request(`${gateway.url}/via-route`, { headers: { "x-call": "Get", "x-url": "/route-check" } });
      assert.equal(res.status, 200);
      assert.equal(upstreamSaw("/route-check").length, 1);
      assert.equal(upstreamSaw("/via-route").length, 1);
    } finally {
      await gateway.stop();
    }
  });

  it("answers an unmappable cluster as Envoy does and says which flag maps it", async () => {
    const gateway = await serveClient("target", { kind: "Target", Cluster: "nowhere", Host: "nowhere" });
    try {
      const res = await request(`${gateway.url}/unmapped`, { headers: { "x-call": "Get" } });
      assert.equal(res.status, 403);
      assert.equal(res.headers["x-upstream-status"], "503");
      await gateway.waitForLine(/^\[warn\] \[gateway\] http_call to cluster "nowhere": no mapping; add --cluster 'nowhere=http:\/\/HOST:PORT'$/);
    } finally {
      await gateway.stop();
    }
  });
});

describe("gRPC callouts", () => {
  it("closes them as UNAVAILABLE, with a warning, since serve has no gRPC transport", async () => {
    const plugin = join(dir, "scripted.wasm");
    writeFileSync(plugin, await buildScripted());
    // A raw (non-JSON) configuration: the scripted plugin's ops, one per line.
    const config = join(dir, "grpc.script");
    writeFileSync(config, "configure grpc_call grpc-backend pkg.Svc Get - req 1000\n");
    const gateway = await startGateway(["--plugin", plugin, "--config", config, "--upstream", upstream.url, "--log-level", "trace"]);
    try {
      await gateway.waitForLine(/^\[warn\] \[gateway\] gRPC call to "grpc-backend" pkg.Svc\/Get: not supported by serve, closed as UNAVAILABLE$/);
      await gateway.waitForLine(/^\[trace\] \[plugin\] grpc_close token=5 status=14$/);
    } finally {
      await gateway.stop();
    }
  });
});

describe("timers", () => {
  it("fires the plugin's on_tick at the period it set", async () => {
    const gateway = await startGateway(["--plugin", join(dir, "ticks.wasm"), "--upstream", upstream.url]);
    try {
      let n = 0;
      await eventually("two ticks", async () => {
        const path = `/ticks/${n++}`;
        await request(`${gateway.url}${path}`);
        return Number(upstreamSaw(path)[0].headers["x-ticks"]) >= 2;
      });
    } finally {
      await gateway.stop();
    }
  });
});

describe("reload", () => {
  it("switches to the new plugin when the wasm file changes", async () => {
    const plugin = join(dir, "reload.wasm");
    writeFileSync(plugin, wasm.addHeader);
    const gateway = await startGateway(["--plugin", plugin, "--upstream", upstream.url]);
    try {
      await request(`${gateway.url}/before-reload`);
      assert.equal(upstreamSaw("/before-reload")[0].headers["x-powered-by"], "higress-as");
      replaceFile(plugin, wasm.helloWorld);
      await gateway.waitForLine(/\[info\] \[gateway\] reloaded /);
      await request(`${gateway.url}/after-reload`);
      const [received] = upstreamSaw("/after-reload");
      assert.equal(received.headers["x-custom-header"], "higress-plugin");
      assert.equal(received.headers["x-powered-by"], undefined);
    } finally {
      await gateway.stop();
    }
  });

  it("reports a bad config or plugin and keeps serving the last good one", async () => {
    const auth = await startServer((req, res) => res.end());
    const plugin = join(dir, "keep.wasm");
    const config = join(dir, "keep.json");
    writeFileSync(plugin, wasm.auth);
    writeFileSync(config, JSON.stringify({ serviceName: "auth.static", servicePort: auth.port }));
    const gateway = await startGateway(["--plugin", plugin, "--config", config, "--upstream", upstream.url]);
    const failures = () => gateway.lines.filter((l) => l.startsWith("[error] [gateway] reload failed")).length;
    try {
      assert.equal((await request(`${gateway.url}/keep/0`)).status, 200);
      // Rejected by the plugin's on_configure: serviceName is required.
      replaceFile(config, JSON.stringify({ servicePort: auth.port }));
      await eventually("a reported reload failure", () => failures() === 1);
      assert.equal((await request(`${gateway.url}/keep/1`)).status, 200);
      // Not even JSON.
      replaceFile(config, "{ serviceName: ");
      await eventually("a second reported reload failure", () => failures() === 2);
      assert.equal((await request(`${gateway.url}/keep/2`)).status, 200);
      // Not a wasm module.
      replaceFile(config, JSON.stringify({ serviceName: "auth.static", servicePort: auth.port }));
      await gateway.waitForLine(/\[info\] \[gateway\] reloaded /);
      replaceFile(plugin, "not wasm");
      await eventually("a third reported reload failure", () => failures() === 3);
      assert.equal((await request(`${gateway.url}/keep/3`)).status, 200);
      assert.deepEqual(upstreamSaw("/keep/3").map((r) => r.url), ["/keep/3"]);
    } finally {
      await gateway.stop();
      await auth.close();
    }
  });
});

describe("command line", () => {
  const bin = fileURLToPath(new URL("../../bin/higress-as.js", import.meta.url));
  const run = (...args) => spawnSync(process.execPath, [bin, "serve", ...args], { encoding: "utf8", timeout: 30_000 });

  it("--help explains the flags", () => {
    const result = run("--help");
    assert.equal(result.status, 0);
    for (const flag of ["--plugin", "--upstream", "--config", "--port", "--cluster", "--redis"]) assert.ok(result.stdout.includes(flag), flag);
  });

  it("refuses bad arguments with a one-line reason", () => {
    const missing = run("--plugin", join(dir, "addHeader.wasm"));
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, "higress-as serve: --upstream is required\n");
    const mapping = run("--plugin", "p.wasm", "--upstream", "http://127.0.0.1:1", "--cluster", "auth.dns");
    assert.equal(mapping.stderr, 'higress-as serve: --cluster expects NAME=URL, got "auth.dns"\n');
  });

  it("exits 1 when the first plugin does not load", () => {
    const bad = join(dir, "bad.wasm");
    writeFileSync(bad, "not wasm");
    const result = run("--plugin", bad, "--upstream", "http://127.0.0.1:1", "--port", "0");
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^higress-as serve: .*bad\.wasm: /);
  });
});
