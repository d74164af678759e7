// Log, the module-level log functions and proxywasm.Log*: Go's prefix format, the host's level
// gate (checked before anything is built), formatting, per-plugin ids, and logging from module
// top level where the host allows nothing but proxy_log (tests/fixtures/wrapper/log-plugin.ts).
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";
import { callsOf, createSpiedHost } from "./host-spy.js";

const REQUEST = [[":method", "GET"], [":authority", "example.com"], [":scheme", "http"]];
const request = (path, requestId) => [...REQUEST, [":path", path], ...(requestId ? [["x-request-id", requestId]] : [])];
const LEVELS = ["trace", "debug", "info", "warn", "error", "critical"];
// The default properties of the mock host, as wasm-go's test host sets them.
const DEFAULT_REQUEST_ID = "test-request-id-default";

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/wrapper/log-plugin.ts"], ["--config", "asconfig.json"]);
});

const start = (options = {}) => MockHost.create(wasm, { rootId: "alpha", config: "id=a-1;bind", ...options });

// Sends one request on a fresh stream and returns the log lines it produced, per level.
function run(host, path, requestId, plugin) {
  const before = Object.fromEntries(LEVELS.map((l) => [l, host.getLogs(l).length]));
  host.initHttp(plugin);
  host.callOnHttpRequestHeaders(request(path, requestId), { endOfStream: true });
  host.completeHttp();
  return Object.fromEntries(LEVELS.map((l) => [l, host.getLogs(l).slice(before[l])]));
}

describe("Log", () => {
  it("prefixes every line with [plugin name] [plugin id] [x_request_id], at the right level", async () => {
    const host = await start();
    assert.equal(host.startStatus, "ok");
    const lines = run(host, "/levels", "req-1");
    for (const level of LEVELS) {
      assert.deepEqual(lines[level], [`[alpha] [a-1] [req-1] plain ${level}`, `[alpha] [a-1] [req-1] formatted ${level}`]);
    }
  });

  it("takes the request id from the host property, and shows nil when there is none", async () => {
    const host = await start();
    assert.equal(run(host, "/levels").warn[0], `[alpha] [a-1] [${DEFAULT_REQUEST_ID}] plain warn`);
    const { host: bare } = await createSpiedHost(wasm, { rootId: "alpha", config: "id=a-1" }, { hideProperties: ["x_request_id"] });
    assert.equal(run(bare, "/levels").warn[0], "[alpha] [a-1] [nil] plain warn");
  });

  it("shows nil for the plugin id until ResetID, and again after ResetID(\"\")", async () => {
    const host = await start({ config: "" });
    assert.equal(run(host, "/levels", "r").info[0], "[alpha] [nil] [r] plain info");
    const withId = await start();
    assert.deepEqual(run(withId, "/reset", "r").info, ["[alpha] [nil] [r] after reset"]);
  });

  it("logs from the root context while configuring", async () => {
    const host = await start();
    assert.ok(host.getInfoLogs().includes(`[alpha] [a-1] [${DEFAULT_REQUEST_ID}] configured with "id=a-1;bind"`), host.getInfoLogs().join("\n"));
  });

  it("drops the levels the host has off, and builds nothing for them", async () => {
    const host = await start({ logLevel: "warn" });
    const lines = run(host, "/levels", "req-2");
    assert.deepEqual([...lines.trace, ...lines.debug, ...lines.info], []);
    assert.deepEqual(lines.warn, ["[alpha] [a-1] [req-2] plain warn", "[alpha] [a-1] [req-2] formatted warn"]);
    assert.equal(lines.critical.length, 2);
  });

  it("asks the level before reading the request id or writing: a disabled level costs one host call", async () => {
    const disabled = await createSpiedHost(wasm, { rootId: "alpha", config: "id=a-1", logLevel: "info" });
    const from = disabled.calls.length;
    run(disabled.host, "/debug-only");
    const calls = disabled.calls.slice(from);
    assert.equal(callsOf(calls, "proxy_get_log_level").length, 2, "one level check per line");
    assert.equal(callsOf(calls, "proxy_get_property", "x_request_id").length, 0, "no request-id lookup");
    assert.equal(callsOf(calls, "proxy_log").length, 0, "no line written");

    const enabled = await createSpiedHost(wasm, { rootId: "alpha", config: "id=a-1", logLevel: "debug" });
    const enabledFrom = enabled.calls.length;
    const lines = run(enabled.host, "/debug-only");
    const enabledCalls = enabled.calls.slice(enabledFrom);
    assert.equal(callsOf(enabledCalls, "proxy_get_property", "x_request_id").length, 2);
    assert.equal(callsOf(enabledCalls, "proxy_log").length, 2);
    assert.deepEqual(lines.debug, [`[alpha] [a-1] [${DEFAULT_REQUEST_ID}] debug only`, `[alpha] [a-1] [${DEFAULT_REQUEST_ID}] debug only`]);
  });

  it("formats like Go's fmt for string arguments", async () => {
    const host = await start();
    const prefix = "[alpha] [a-1] [f] ";
    assert.deepEqual(run(host, "/format", "f").info, [
      `${prefix}count=-7 (ok) 100% "a\\"b"`,
      `${prefix}missing one and %!d(MISSING)`,
      `${prefix}extra one%!(EXTRA string=two, string=three)`,
      `${prefix}bad verb %!x(string=hex)`,
      `${prefix}trailing %!(NOVERB)`,
      `${prefix}|    ab|cd    |-0042|xy|`,
    ]);
  });
});

describe("several plugins in one VM", () => {
  it("keeps each plugin's id in its own lines (unlike Go's VM-wide logger)", async () => {
    const host = await start();
    const beta = host.addPlugin({ rootId: "beta", config: "id=b-2;bind" });
    assert.equal(beta.startStatus, "ok");
    assert.equal(run(host, "/levels", "r1").info[0], "[alpha] [a-1] [r1] plain info");
    assert.equal(run(host, "/levels", "r2", beta).info[0], "[beta] [b-2] [r2] plain info");
  });

  it("routes the module-level functions to the running plugin's bound Log, else the VM default", async () => {
    const host = await start();
    const beta = host.addPlugin({ rootId: "beta", config: "id=b-2" });
    const alpha = run(host, "/module", "r1");
    for (const level of LEVELS) {
      assert.deepEqual(alpha[level], [`[alpha] [a-1] [r1] module ${level}`, `[alpha] [a-1] [r1] module ${level}f`]);
    }
    const unbound = run(host, "/module", "r2", beta);
    assert.deepEqual(unbound.info, ["[vm-default] [nil] [r2] module info", "[vm-default] [nil] [r2] module infof"]);
  });
});

describe("module top level", () => {
  it("logs without trapping, through an unnamed Log until one is bound", async () => {
    const host = await start();
    assert.equal(host.vmFailed, false);
    const info = host.getInfoLogs();
    assert.equal(info[0], "[] [nil] [nil] before any binding");
    assert.equal(info[1], "[vm-default] [nil] [nil] bound the vm-wide logger");
    assert.equal(host.getWarnLogs()[0], "raw at start 1");
  });
});

describe("proxywasm.Log*", () => {
  it("writes the message as is, without the plugin prefix", async () => {
    const host = await start();
    const lines = run(host, "/raw", "r");
    for (const level of LEVELS) assert.deepEqual(lines[level], [`raw ${level}`, `raw ${level}f`]);
  });

  it("leaves the disabled levels out", async () => {
    const host = await start({ logLevel: "error" });
    const lines = run(host, "/raw", "r");
    assert.deepEqual([...lines.trace, ...lines.debug, ...lines.info, ...lines.warn], []);
    assert.deepEqual(lines.error, ["raw error", "raw errorf"]);
  });
});
