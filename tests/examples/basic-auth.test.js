// examples/basic-auth, built from its asconfig.json and run in MockHost: the cases of the Higress
// Go plugin's main_test.go and README (config validation, every way a credential is refused,
// global_auth, `_rules_` with allow lists by route, domain, service and route prefix).
//
// Go's test host reports ActionContinue after a denial because the plugin returns Continue; Envoy
// (and MockHost) stop the request whenever the callback sent a local reply, which is asserted here.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { readFileSync } from "node:fs";
import { compile } from "../helpers/compile.js";

const consumers = [
  { name: "consumer1", credential: "admin:123456" },
  { name: "consumer2", credential: "guest:abc" },
];
const basicGlobalConfig = { consumers, global_auth: false };
const globalAuthTrueConfig = { consumers, global_auth: true };
const routeAuthConfig = { consumers, global_auth: false, allow: ["consumer1"] };

const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const text = (bytes) => new TextDecoder().decode(bytes);
const basic = (credential) => ["authorization", "Basic " + Buffer.from(credential).toString("base64")];

let wasm;
before(async () => {
  wasm = await compile([], ["--config", "examples/basic-auth/asconfig.json"]);
});

async function started(config) {
  const host = await MockHost.create(wasm, { config });
  assert.equal(host.startStatus, "ok", host.getLogs().join("\n"));
  return host;
}

function request(host, { headers = [], authority = "example.com", route, cluster } = {}) {
  host.initHttp();
  if (route !== undefined) host.setRouteName(route);
  if (cluster !== undefined) host.setClusterName(cluster);
  const action = host.callOnHttpRequestHeaders([[":authority", authority], [":path", "/api/test"], [":method", "GET"], ...headers], { endOfStream: true });
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
  assert.equal(value(result.reply.headers, "www-authenticate"), "Basic realm=MSE Gateway");
}

const NO_DATA = [401, "basic-auth.no_auth_data", "Request denied by Basic Auth check. No Basic Authentication information found."];
const BAD_CREDENTIAL = [401, "basic-auth.bad_credential", "Request denied by Basic Auth check. Invalid username and/or password."];
const UNAUTHORIZED = [403, "basic-auth.unauthorized", "Request denied by Basic Auth check. Unauthorized consumer."];

describe("configuration (TestParseGlobalConfig, TestParseOverrideRuleConfig, TestParseRuleConfig)", () => {
  const rules = (...items) => ({ consumers: [...consumers, { name: "consumer3", credential: "user:def" }], global_auth: false, _rules_: items });
  for (const [label, config] of [
    ["basic global config", basicGlobalConfig],
    ["global auth true config", globalAuthTrueConfig],
    ["route auth config", routeAuthConfig],
    ["domain auth config", { consumers, global_auth: false, allow: ["consumer2"] }],
    ["route level config", rules({ _match_route_: ["route-a", "route-b"], allow: ["consumer1"] }, { _match_route_: ["route-c"], allow: ["consumer2"] })],
    ["domain level config", rules({ _match_domain_: ["*.example.com", "test.com"], allow: ["consumer2"] }, { _match_domain_: ["api.example.com"], allow: ["consumer1"] })],
    ["service level config", rules({ _match_service_: ["service-a:8080", "service-b"], allow: ["consumer1"] }, { _match_service_: ["service-c:9090"], allow: ["consumer2"] })],
    ["route prefix level config", rules({ _match_route_prefix_: ["api-", "web-"], allow: ["consumer1"] }, { _match_route_prefix_: ["admin-", "internal-"], allow: ["consumer2"] })],
    ["route and service level config", rules({ _match_route_: ["route-a"], _match_service_: ["service-a:8080"], allow: ["consumer1"] }, { _match_route_: ["route-b"], _match_service_: ["service-b:9090"], allow: ["consumer2"] })],
    ["mixed level config", rules(
      { _match_route_: ["api-route"], allow: ["consumer1"] },
      { _match_domain_: ["*.example.com"], allow: ["consumer2"] },
      { _match_service_: ["internal-service:8080"], allow: ["consumer3"] },
      { _match_route_prefix_: ["web-"], allow: ["consumer1", "consumer2"] },
    )],
    ["a password containing a colon", { consumers: [{ name: "consumer1", credential: "admin:first:second" }], global_auth: true }],
  ]) {
    it(`starts with the ${label}`, async () => {
      await started(config);
    });
  }

  for (const [label, config, message] of [
    ["missing consumers", { global_auth: false }, "consumers is required"],
    ["empty consumers", { consumers: [], global_auth: false }, "consumers cannot be empty"],
    ["a duplicate credential", { consumers: [consumers[0], { name: "consumer2", credential: "admin:123456" }] }, "duplicate consumer credential: admin:123456"],
    ["an invalid credential format", { consumers: [{ name: "consumer1", credential: "admin" }] }, "invalid credential format: admin"],
    ["a missing consumer name", { consumers: [{ credential: "admin:123456" }] }, "consumer name is required"],
    ["an empty consumer name", { consumers: [{ name: "", credential: "admin:123456" }] }, "consumer name is required"],
    ["an empty credential", { consumers: [{ name: "consumer1", credential: "" }] }, "consumer credential is required"],
    ["an empty allow list and no consumers", { allow: [] }, "consumers is required"],
    ["a rule without match keys", { consumers, global_auth: false, _rules_: [{ allow: ["consumer1"] }] }, "_match_route_"],
    ["a rule with an empty match list", { consumers, global_auth: false, _rules_: [{ _match_route_: [], allow: ["consumer1"] }] }, "_match_route_"],
    ["a rule with an empty allow list", { consumers, _rules_: [{ _match_route_: ["r"], allow: [] }] }, "allow cannot be empty"],
  ]) {
    it(`fails to start with ${label}`, async () => {
      const host = await MockHost.create(wasm, { config });
      assert.equal(host.startStatus, "configure-failed");
      assert.ok(host.getErrorLogs().some((line) => line.includes("[basic-auth]") && line.includes(message)), host.getErrorLogs().join("\n"));
    });
  }
});

describe("request headers (TestOnHttpRequestHeaders, TestAuthenticateCompleteCredential, TestCompleteFlow)", () => {
  it("global_auth false and no allow: a request without, or with empty, credentials passes", async () => {
    const host = await started(basicGlobalConfig);
    for (const headers of [[], [["authorization", ""]]]) {
      const result = request(host, { headers });
      assert.equal(result.action, "Continue");
      assert.equal(result.reply, null);
    }
  });

  it("global_auth true: refuses a missing, empty or non-Basic Authorization with no_auth_data", async () => {
    const host = await started(globalAuthTrueConfig);
    assertDenied(request(host), ...NO_DATA);
    assertDenied(request(host, { headers: [["authorization", ""]] }), ...NO_DATA);
    assertDenied(request(host, { headers: [["authorization", "Bearer token123"]] }), ...NO_DATA);
    assertDenied(request(host, { headers: [["authorization", "basic " + Buffer.from("admin:123456").toString("base64")]] }), ...NO_DATA);
  });

  it("global_auth true: refuses bad base64, a credential without ':', an unknown user and a wrong password with bad_credential", async () => {
    const host = await started(globalAuthTrueConfig);
    assertDenied(request(host, { headers: [["authorization", "Basic invalid-base64"]] }), ...BAD_CREDENTIAL);
    assert.ok(host.getWarnLogs().some((line) => line.includes("illegal base64 data at input byte 7")));
    assertDenied(request(host, { headers: [["authorization", "Basic YWRtaW46MTIzNDU2="]] }), ...BAD_CREDENTIAL);
    assertDenied(request(host, { headers: [basic("admin")] }), ...BAD_CREDENTIAL);
    assertDenied(request(host, { headers: [basic("unknown:password")] }), ...BAD_CREDENTIAL);
    assert.ok(host.getWarnLogs().some((line) => line.includes('credential username "unknown" is not configured')));
    assertDenied(request(host, { headers: [basic("admin:wrongpassword")] }), ...BAD_CREDENTIAL);
    assert.ok(host.getWarnLogs().some((line) => line.includes('credential password is not correct for username "admin"')));
  });

  it("global_auth true: valid credentials pass with X-Mse-Consumer (complete flow)", async () => {
    const host = await started(globalAuthTrueConfig);
    assertDenied(request(host), ...NO_DATA);
    assertPassed(request(host, { headers: [basic("admin:123456")] }), "consumer1");
    assertPassed(request(host, { headers: [basic("guest:abc")] }), "consumer2");
  });

  it("authenticates the complete credential: shared user names and passwords with colons", async () => {
    const shared = await started({ consumers: [{ name: "consumer1", credential: "shared:first" }, { name: "consumer2", credential: "shared:second" }], global_auth: true });
    assertPassed(request(shared, { headers: [basic("shared:first")] }), "consumer1");
    assertPassed(request(shared, { headers: [basic("shared:second")] }), "consumer2");
    const colon = await started({ consumers: [{ name: "consumer1", credential: "admin:first:second" }], global_auth: true });
    assertPassed(request(colon, { headers: [basic("admin:first:second")] }), "consumer1");
  });

  it("a top-level allow is not a rule: global_auth false lets everything through", async () => {
    const host = await started(routeAuthConfig);
    for (const credential of ["admin:123456", "guest:abc"]) {
      const result = request(host, { headers: [basic(credential)] });
      assert.equal(result.action, "Continue");
      assert.equal(result.reply, null);
      assert.equal(value(result.headers, "x-mse-consumer"), undefined);
    }
  });
});

describe("_rules_ with allow (README)", () => {
  it("starts with the sample config.json and applies its rules", async () => {
    const host = await started(readFileSync("examples/basic-auth/config.json", "utf8"));
    assertPassed(request(host, { route: "route-a", headers: [basic("admin:123456")] }), "consumer1");
    assertDenied(request(host, { route: "route-a", headers: [basic("guest:abc")] }), ...UNAUTHORIZED);
  });
  const ruleConfig = (globalAuth, rules) => ({ consumers, ...(globalAuth === undefined ? {} : { global_auth: globalAuth }), _rules_: rules });

  it("route rules: the allow list decides on matching routes; other routes are open when global_auth is false", async () => {
    const host = await started(ruleConfig(false, [{ _match_route_: ["route-a", "route-b"], allow: ["consumer1"] }]));
    assertPassed(request(host, { route: "route-b", headers: [basic("admin:123456")] }), "consumer1");
    assertDenied(request(host, { route: "route-a", headers: [basic("guest:abc")] }), ...UNAUTHORIZED);
    assertDenied(request(host, { route: "route-a" }), ...NO_DATA);
    assert.equal(request(host, { route: "route-z" }).reply, null);
  });

  it("global_auth true: routes without a rule accept any consumer", async () => {
    const host = await started(ruleConfig(true, [{ _match_route_: ["route-a"], allow: ["consumer1"] }]));
    assertPassed(request(host, { route: "route-z", headers: [basic("guest:abc")] }), "consumer2");
    assertDenied(request(host, { route: "route-z" }), ...NO_DATA);
    assertDenied(request(host, { route: "route-a", headers: [basic("guest:abc")] }), ...UNAUTHORIZED);
  });

  it("global_auth unset with a rule: behaves as false", async () => {
    const host = await started(ruleConfig(undefined, [{ _match_domain_: ["*.example.com"], allow: ["consumer2"] }]));
    assertPassed(request(host, { authority: "api.example.com", headers: [basic("guest:abc")] }), "consumer2");
    assertDenied(request(host, { authority: "api.example.com", headers: [basic("admin:123456")] }), ...UNAUTHORIZED);
    assert.equal(request(host, { authority: "example.org" }).reply, null);
  });

  it("service and route-prefix rules match the request's cluster and route", async () => {
    const host = await started(ruleConfig(false, [
      { _match_service_: ["service-a:8080"], allow: ["consumer1"] },
      { _match_route_prefix_: ["admin-"], allow: ["consumer2"] },
    ]));
    assertPassed(request(host, { cluster: "outbound|8080||service-a", headers: [basic("admin:123456")] }), "consumer1");
    assertDenied(request(host, { cluster: "outbound|8080||service-a", headers: [basic("guest:abc")] }), ...UNAUTHORIZED);
    // Route and cluster are host properties: they stay set until changed, like in wasm-go's test host.
    assertPassed(request(host, { cluster: "outbound|80||web", route: "admin-console", headers: [basic("guest:abc")] }), "consumer2");
    assert.equal(request(host, { cluster: "outbound|9090||service-a", route: "public" }).reply, null);
  });
});
