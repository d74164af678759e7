// examples/key-auth, built from its asconfig.json and run in MockHost: the cases of the Higress
// Go plugin's main_test.go and README (config validation, header and query keys, global_auth,
// `_rules_` with allow lists), plus gjson's coercions of the config values.
//
// Go's test host reports ActionContinue after a denial because the plugin returns Continue; Envoy
// (and MockHost) stop the request whenever the callback sent a local reply, which is asserted here.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { readFileSync } from "node:fs";
import { compile } from "../helpers/compile.js";

const consumers = [
  { name: "consumer1", credential: "token1" },
  { name: "consumer2", credential: "token2" },
];
const basicKeyAuthConfig = { consumers, keys: ["x-api-key", "apikey"], in_header: true, in_query: false, global_auth: true };
const globalAuthFalseConfig = { consumers: [consumers[0]], keys: ["x-api-key"], in_header: true, in_query: false, global_auth: false };
const queryKeyConfig = { consumers: [consumers[0]], keys: ["apikey"], in_header: false, in_query: true, global_auth: true };
const multipleKeysConfig = { consumers: [consumers[0]], keys: ["x-api-key", "apikey", "authorization"], in_header: true, in_query: true, global_auth: true };
const ruleConfig = {
  consumers,
  keys: ["x-api-key"],
  in_header: true,
  in_query: false,
  global_auth: true,
  _rules_: [{ _match_route_: ["test-route"], allow: ["consumer1"] }],
};

const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const text = (bytes) => new TextDecoder().decode(bytes);

let wasm;
before(async () => {
  wasm = await compile([], ["--config", "examples/key-auth/asconfig.json"]);
});

async function started(config) {
  const host = await MockHost.create(wasm, { config });
  assert.equal(host.startStatus, "ok", host.getLogs().join("\n"));
  return host;
}

function request(host, { path = "/test", headers = [], route } = {}) {
  host.initHttp();
  if (route !== undefined) host.setRouteName(route);
  const action = host.callOnHttpRequestHeaders([[":authority", "example.com"], [":path", path], [":method", "GET"], ...headers], { endOfStream: true });
  const result = { action, reply: host.getLocalResponse(), headers: host.getRequestHeaders() };
  host.completeHttp();
  return result;
}

function assertPassed(result, consumer) {
  assert.equal(result.action, "Continue");
  assert.equal(result.reply, null);
  assert.equal(value(result.headers, "x-mse-consumer"), consumer);
}

function assertDenied(result, status, detail, body) {
  assert.equal(result.action, "StopAllIterationAndWatermark");
  assert.equal(result.reply.statusCode, status);
  assert.equal(result.reply.statusCodeDetails, detail);
  assert.equal(text(result.reply.body), body);
  assert.equal(value(result.reply.headers, "www-authenticate"), "Key realm=MSE Gateway");
}

const NO_KEY = ["key-auth.no_key", "Request denied by Key Auth check. No Key Authentication information found."];
const MULTI_KEY = ["key-auth.multi_key", "Request denied by Key Auth check. Multi Key Authentication information found."];
const UNAUTHORIZED = ["key-auth.unauthorized", "Request denied by Key Auth check. Unauthorized consumer."];

describe("configuration (TestParseGlobalConfig, TestParseRuleConfig)", () => {
  for (const [label, config] of [
    ["basic key-auth config", basicKeyAuthConfig],
    ["global auth false config", globalAuthFalseConfig],
    ["query key config", queryKeyConfig],
    ["multiple keys config", multipleKeysConfig],
    ["valid rule config", ruleConfig],
  ]) {
    it(`starts with the ${label}`, async () => {
      await started(config);
    });
  }

  const { keys: _keys, ...noKeys } = basicKeyAuthConfig;
  const { consumers: _consumers, ...noConsumers } = basicKeyAuthConfig;
  const { in_header: _h, in_query: _q, ...noSource } = basicKeyAuthConfig;
  for (const [label, config, message] of [
    ["no keys", noKeys, "keys is required"],
    ["empty keys", { ...basicKeyAuthConfig, keys: [] }, "keys cannot be empty"],
    ["no consumers", noConsumers, "consumers is required"],
    ["empty consumers", { ...basicKeyAuthConfig, consumers: [] }, "consumers cannot be empty"],
    ["neither in_query nor in_header", noSource, "must one of in_query/in_header required"],
    ["a duplicate credential", { ...basicKeyAuthConfig, consumers: [consumers[0], { name: "consumer2", credential: "token1" }] }, "duplicate consumer credential: token1"],
    ["a consumer without a name", { ...basicKeyAuthConfig, consumers: [{ credential: "token1" }] }, "consumer name is required"],
    ["a consumer with an empty credential", { ...basicKeyAuthConfig, consumers: [{ name: "c", credential: "" }] }, "consumer credential is required"],
    ["a rule with an empty allow list", { ...ruleConfig, _rules_: [{ _match_route_: ["test-route"], allow: [] }] }, "allow cannot be empty"],
    ["a rule without allow", { ...ruleConfig, _rules_: [{ _match_route_: ["test-route"] }] }, "allow is required"],
  ]) {
    it(`fails to start with ${label}, saying "${message}"`, async () => {
      const host = await MockHost.create(wasm, { config });
      assert.equal(host.startStatus, "configure-failed");
      assert.ok(host.getErrorLogs().some((line) => line.includes("[key-auth]") && line.includes(message)), host.getErrorLogs().join("\n"));
    });
  }

  it("keeps gjson's coercions: a lone key string, \"true\" as a bool, a numeric credential", async () => {
    const host = await started({ consumers: [{ name: "n", credential: 42 }], keys: "x-api-key", in_header: "true", global_auth: 1 });
    assertPassed(request(host, { headers: [["x-api-key", "42"]] }), "n");
    assertDenied(request(host), 401, ...NO_KEY);
  });
});

describe("request headers (TestOnHTTPRequestHeaders)", () => {
  it("global auth true - valid api key: adds X-Mse-Consumer", async () => {
    const host = await started(basicKeyAuthConfig);
    assertPassed(request(host, { headers: [["x-api-key", "token1"]] }), "consumer1");
    assertPassed(request(host, { headers: [["apikey", "token2"]] }), "consumer2");
  });

  it("global auth true - invalid api key: 403", async () => {
    const host = await started(basicKeyAuthConfig);
    assertDenied(request(host, { headers: [["x-api-key", "invalid-token"]] }), 403, ...UNAUTHORIZED);
    assert.ok(host.getWarnLogs().some((line) => line.includes('credential "invalid-token" is not configured')));
  });

  it("global auth true - missing api key: 401", async () => {
    const host = await started(basicKeyAuthConfig);
    assertDenied(request(host), 401, ...NO_KEY);
  });

  it("global auth true - multiple api keys: 401", async () => {
    const host = await started(basicKeyAuthConfig);
    assertDenied(request(host, { headers: [["x-api-key", "token1"], ["apikey", "token2"]] }), 401, ...MULTI_KEY);
  });

  it("looks header keys up case-insensitively, as Envoy does", async () => {
    const host = await started({ ...basicKeyAuthConfig, keys: ["X-Api-Key"] });
    assertPassed(request(host, { headers: [["x-api-key", "token1"]] }), "consumer1");
  });

  it("ignores an empty header value", async () => {
    const host = await started(basicKeyAuthConfig);
    assertPassed(request(host, { headers: [["x-api-key", ""], ["apikey", "token1"]] }), "consumer1");
  });

  it("global auth false - no allow list: passes without a key", async () => {
    const host = await started(globalAuthFalseConfig);
    const result = request(host);
    assert.equal(result.action, "Continue");
    assert.equal(result.reply, null);
    assert.equal(value(result.headers, "x-mse-consumer"), undefined);
  });

  it("query api key: valid, invalid, missing, repeated", async () => {
    const host = await started(queryKeyConfig);
    assertPassed(request(host, { path: "/test?apikey=token1" }), "consumer1");
    assertDenied(request(host, { path: "/test?apikey=invalid-token" }), 403, ...UNAUTHORIZED);
    assertDenied(request(host, { path: "/test" }), 401, ...NO_KEY);
    assertDenied(request(host, { path: "/test?apikey=token1&apikey=token1" }), 401, ...MULTI_KEY);
    assertPassed(request(host, { path: "/test?x=%41&apikey=token%31" }), "consumer1");
  });

  it("reads only headers when both in_header and in_query are set, as Go does", async () => {
    const host = await started(multipleKeysConfig);
    assertPassed(request(host, { headers: [["authorization", "token1"]] }), "consumer1");
    assertDenied(request(host, { path: "/test?apikey=token1" }), 401, ...NO_KEY);
  });
});

describe("_rules_ with allow (README)", () => {
  it("starts with the sample config.json and applies its rules", async () => {
    const host = await started(readFileSync("examples/key-auth/config.json", "utf8"));
    assertPassed(request(host, { route: "route-a", path: "/?apikey=2bda943c-ba2b-11ec-ba07-00163e1250b5" }), "consumer1");
    assertDenied(request(host, { route: "route-a", path: "/?apikey=c8c8e9ca-558e-4a2d-bb62-e700dcc40e35" }), 403, ...UNAUTHORIZED);
  });
  it("global_auth true: a rule's allow list narrows who may call the route; other routes take any consumer", async () => {
    const host = await started(ruleConfig);
    assertPassed(request(host, { route: "test-route", headers: [["x-api-key", "token1"]] }), "consumer1");
    assertDenied(request(host, { route: "test-route", headers: [["x-api-key", "token2"]] }), 403, ...UNAUTHORIZED);
    assertPassed(request(host, { route: "other-route", headers: [["x-api-key", "token2"]] }), "consumer2");
    assertDenied(request(host, { route: "other-route" }), 401, ...NO_KEY);
  });

  it("global_auth false: only matching routes need a key", async () => {
    const host = await started({ ...ruleConfig, global_auth: false });
    assertPassed(request(host, { route: "test-route", headers: [["x-api-key", "token1"]] }), "consumer1");
    assertDenied(request(host, { route: "test-route" }), 401, ...NO_KEY);
    const open = request(host, { route: "other-route" });
    assert.equal(open.action, "Continue");
    assert.equal(open.reply, null);
  });

  it("global_auth unset: once a rule exists, routes without one are open", async () => {
    const { global_auth: _g, ...unset } = ruleConfig;
    const host = await started(unset);
    assertDenied(request(host, { route: "test-route", headers: [["x-api-key", "token2"]] }), 403, ...UNAUTHORIZED);
    assert.equal(request(host, { route: "other-route" }).reply, null);
  });

  it("global_auth unset and no rules: every request needs a key", async () => {
    const { global_auth: _g, ...unset } = basicKeyAuthConfig;
    const host = await started(unset);
    assertDenied(request(host), 401, ...NO_KEY);
    assertPassed(request(host, { headers: [["x-api-key", "token2"]] }), "consumer2");
  });

  it("matches rules by domain too (WasmPlugin matchRules with domain)", async () => {
    const host = await started({ ...basicKeyAuthConfig, global_auth: false, _rules_: [{ _match_domain_: ["*.example.com", "example.com"], allow: ["consumer2"] }] });
    assertPassed(request(host, { headers: [["x-api-key", "token2"]] }), "consumer2");
    assertDenied(request(host, { headers: [["x-api-key", "token1"]] }), 403, ...UNAUTHORIZED);
  });
});
