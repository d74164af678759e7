// SetCtx configuration: every parse option, `_rules_` matching through the plugin, failures with
// one clear line, reconfiguration, rule-level isolation and tick functions.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const build = (name) => compile([`tests/fixtures/setctx/${name}.ts`], ["--config", "asconfig.json"]);
const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];

let wasm;
before(async () => {
  const names = ["override", "plain", "with-context", "raw"];
  const built = await Promise.all(names.map(build));
  wasm = Object.fromEntries(names.map((name, i) => [name, built[i]]));
});

function request(host, { authority = "www.test.com", path = "/" } = {}) {
  host.initHttp();
  host.callOnHttpRequestHeaders([[":authority", authority], [":path", path], [":method", "GET"]], { endOfStream: true });
  const headers = host.getRequestHeaders();
  host.completeHttp();
  return { name: value(headers, "x-config-name"), limit: value(headers, "x-config-limit"), headers };
}

const errorLines = (host) => [...host.getErrorLogs(), ...host.getCriticalLogs()];

describe("global config", () => {
  it("parses the JSON with the gjson-like reader and hands the config to the handlers", async () => {
    const host = await MockHost.create(wasm.override, { config: { name: "global", limit: 7 } });
    assert.equal(host.startStatus, "ok");
    assert.deepEqual({ name: request(host).name, limit: request(host).limit }, { name: "global", limit: "7" });
    assert.ok(host.getInfoLogs().some((line) => line.includes("[override]") && line.includes("plugin start successfully")));
  });

  it("parses an empty config as {} with a warning", async () => {
    const host = await MockHost.create(wasm.override, { config: "" });
    assert.equal(host.startStatus, "ok");
    assert.ok(host.getWarnLogs().some((line) => line.includes("config is empty, but has ParseConfigFunc")));
    assert.equal(request(host).name, "");
  });

  for (const [label, config, reason] of [
    ["invalid JSON", '{"name": ', "not a valid json"],
    ["a config that is not an object", "[1, 2]", "must be a JSON object"],
    ["a parse function's error", { fail: true }, "fail was requested"],
  ]) {
    it(`fails configure on ${label} with one line naming the plugin and the reason`, async () => {
      const host = await MockHost.create(wasm.override, { config });
      assert.equal(host.startStatus, "configure-failed");
      const lines = errorLines(host);
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.match(lines[0], /\[override\]/);
      assert.ok(lines[0].includes(reason), lines[0]);
      assert.equal(host.vmFailed, false);
    });
  }

  it("strips _plugin_id_ and uses it in the log prefix", async () => {
    const host = await MockHost.create(wasm.raw, { config: '{"_plugin_id_":"p-42","name":"x"}' });
    assert.equal(request(host).name, '{"name":"x"}');
    assert.ok(host.getInfoLogs().some((line) => line.startsWith("[raw] [p-42] ")), host.getInfoLogs().join("\n"));
  });

  it("keeps the other members as written when it strips _plugin_id_ (escapes, spacing, number text)", async () => {
    const host = await MockHost.create(wasm.raw, { config: '{"_plugin_id_":"p-42", "name" : "x",\n "a\\u0062": 1.50, "name": "dup"}' });
    assert.equal(request(host).name, '{"name" : "x","a\\u0062": 1.50}');
  });

  it("hands raw parsers the bytes as written", async () => {
    const text = '{ "name" : "spaced",  "limit": 1 }';
    const host = await MockHost.create(wasm.raw, { config: text });
    assert.equal(request(host).name, text);
  });

  it("gives ParseConfigWithContext the plugin context", async () => {
    const host = await MockHost.create(wasm["with-context"], { config: { name: "ctx" } });
    assert.equal(value(request(host).headers, "x-parsed-name"), "ctx");
  });

  it("reports a failed reconfiguration, and takes the next good one", async () => {
    const host = await MockHost.create(wasm.override, { config: { name: "first" } });
    assert.equal(request(host).name, "first");
    assert.equal(host.configure({ fail: true }), false);
    assert.equal(host.configure({ name: "second" }), true);
    assert.equal(request(host).name, "second");
  });
});

describe("_rules_", () => {
  const rules = {
    name: "global",
    limit: 5,
    _rules_: [
      { _match_route_: ["route-a"], name: "by-route" },
      { _match_domain_: ["*.example.com", "exact.com"], name: "by-domain" },
      { _match_service_: ["svc.dns:8080"], name: "by-service" },
      { _match_route_prefix_: ["api-"], name: "by-prefix" },
    ],
  };

  it("picks the first matching rule, else the global config, with the override parser inheriting", async () => {
    const host = await MockHost.create(wasm.override, { config: rules });
    host.setRouteName("route-a");
    assert.deepEqual({ ...request(host), headers: undefined }, { name: "by-route", limit: "5", headers: undefined });
    host.setRouteName("other");
    assert.equal(request(host, { authority: "a.example.com:8443" }).name, "by-domain");
    assert.equal(request(host, { authority: "exact.com" }).name, "by-domain");
    assert.equal(request(host, { authority: "example.com" }).name, "global");
    host.setClusterName("outbound|8080||svc.dns");
    assert.equal(request(host).name, "by-service");
    host.setClusterName("outbound|9090||svc.dns");
    assert.equal(request(host).name, "global");
    host.setRouteName("api-users");
    assert.equal(request(host).name, "by-prefix");
  });

  it("leaves requests alone that match no rule when there is no global config", async () => {
    const host = await MockHost.create(wasm.override, { config: { _rules_: [{ _match_route_: ["route-a"], name: "only" }] } });
    host.setRouteName("route-b");
    assert.equal(request(host).name, undefined);
    host.setRouteName("route-a");
    assert.equal(request(host).name, "only");
  });

  it("parses rules on their own without an override parser (as Go does)", async () => {
    const host = await MockHost.create(wasm.plain, { config: { ...rules, _rules_: [{ _match_route_: ["r"], name: "rule" }] } });
    host.setRouteName("r");
    assert.deepEqual([request(host).name, request(host).limit], ["rule", "0"]);
  });

  it("hands raw rule parsers the rule's JSON", async () => {
    const host = await MockHost.create(wasm.raw, { config: '{"_rules_":[{"_match_route_":["r"]}]}' });
    host.setRouteName("r");
    assert.equal(request(host).name, 'rule:{"_match_route_":["r"]}');
  });

  for (const [label, config, reason] of [
    ["a rule without match keys", { _rules_: [{ name: "x" }] }, "at least one of '_match_route_'"],
    ["a rule with only empty match lists", { _rules_: [{ _match_route_: [""] }] }, "at least one of '_match_route_'"],
    ["a rule whose parser fails", { _rules_: [{ _match_route_: ["r"], fail: true }] }, "parse config of rule 0 failed: rule failure was requested"],
    ["a global config that fails next to rules", { fail: true, _rules_: [{ _match_route_: ["r"] }] }, "parse global config failed"],
    ["_rules_ that is not an array", { _rules_: { _match_route_: ["r"] } }, "'_rules_' must be an array"],
  ]) {
    it(`fails configure on ${label}`, async () => {
      const host = await MockHost.create(wasm.override, { config });
      assert.equal(host.startStatus, "configure-failed");
      const lines = errorLines(host);
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.ok(lines[0].includes(reason), lines[0]);
    });
  }

  it("rebuilds the rules on every configure", async () => {
    const host = await MockHost.create(wasm.override, { config: rules });
    host.setRouteName("route-a");
    assert.equal(request(host).name, "by-route");
    assert.equal(host.configure({ name: "new-global", _rules_: [{ _match_route_: ["route-b"], name: "b" }] }), true);
    assert.equal(request(host).name, "new-global");
  });

  it("with rule-level isolation, skips a broken rule or falls back to its last good JSON", async () => {
    const good = { isolate: true, name: "global", _rules_: [{ _match_route_: ["r"], name: "good" }] };
    const host = await MockHost.create(wasm["with-context"], { config: good });
    host.setRouteName("r");
    assert.equal(request(host).name, "good");

    const broken = { isolate: true, name: "global", _rules_: [{ _match_route_: ["r"], name: "bad", fail: true }, { _match_route_: ["s"], fail: true }] };
    assert.equal(host.configure(broken), true);
    assert.equal(request(host).name, "good", "the last good JSON of the same rule is used");
    host.setRouteName("s");
    assert.equal(request(host).name, "global", "a rule that never parsed is skipped");
    assert.ok(host.getWarnLogs().some((line) => line.includes("parse config of rule 1 failed")));
  });
});

describe("tick functions", () => {
  it("runs functions registered while parsing, and rebuilds them on reconfigure", async () => {
    const host = await MockHost.create(wasm.override, { config: { name: "t", tickMs: 100 } });
    assert.equal(host.getTickPeriod(), 100);
    host.tick();
    host.tick();
    assert.equal(value(request(host).headers, "x-ticks"), "2");
    assert.equal(host.configure({ name: "t" }), true);
    assert.equal(host.getTickPeriod(), 0);
  });

  it("fails configure when PrePluginStartOrReload returns an error", async () => {
    const host = await MockHost.create(wasm["with-context"], { config: { "pre-fail": true } });
    assert.equal(host.startStatus, "configure-failed");
    assert.ok(errorLines(host)[0].includes("prePluginStartOrReload hook failed: pre hook refused"), errorLines(host).join("\n"));
  });

  it("keeps functions registered in PrePluginStartOrReload (Go drops them)", async () => {
    const host = await MockHost.create(wasm["with-context"], { config: { name: "t", tickMs: 500 } });
    assert.equal(host.getTickPeriod(), 500);
    host.tick();
    host.tick();
    // 500 ms task on every tick, the 1000 ms one on every second tick.
    assert.equal(value(request(host).headers, "x-ticks"), "3");
  });
});
