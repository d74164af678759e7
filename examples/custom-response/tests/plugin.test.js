// examples/custom-response run in MockHost: the cases of Higress's custom-response tests and
// README (D1-D5 in higress-as's reference tables), the fuzzy status vectors of its main_test.go,
// the validation of main_extra_test.go, and the deterministic choice between matching patterns.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";

// `npm run build` (or `build:debug`) writes build/plugin.wasm; the repository's test run builds the
// example itself and passes the module's path in PLUGIN_WASM.
const wasmPath = process.env.PLUGIN_WASM ?? fileURLToPath(new URL("../build/plugin.wasm", import.meta.url));

const REQUEST = [[":authority", "example.com"], [":path", "/test"], [":method", "GET"]];
const text = (bytes) => new TextDecoder().decode(bytes);
const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];

async function started(config) {
  const host = await MockHost.create(wasmPath, { config });
  assert.equal(host.startStatus, "ok", host.getErrorLogs().join("\n"));
  return host;
}

// A request that reaches the upstream, which answers `status`; returns the host.
async function upstreamAnswers(config, status) {
  const host = await started(config);
  assert.equal(host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true }), "Continue");
  assert.equal(host.getLocalResponse(), null);
  host.callOnHttpResponseHeaders([[":status", status], ["content-type", "text/html"]], { endOfStream: false });
  return host;
}

// The plugin's own headers in a local reply, in order (MockHost lists them before Envoy's).
const pluginHeaders = (reply, names) => reply.headers.filter(([k]) => names.includes(k));

async function refused(config) {
  const host = await MockHost.create(wasmPath, { config });
  assert.equal(host.startStatus, "configure-failed", JSON.stringify(config));
  return host.getErrorLogs().join("\n");
}

describe("the reference cases", () => {
  it("D1 mocks every request with the configured reply", async () => {
    const host = await started({ status_code: 200, headers: ["Content-Type=application/json", "Hello=World"], body: '{"hello":"world"}' });
    assert.notEqual(host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true }), "Continue");
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 200);
    assert.equal(reply.statusCodeDetails, "custom-response");
    assert.equal(text(reply.body), '{"hello":"world"}');
    assert.deepEqual(pluginHeaders(reply, ["hello", "content-type"]), [["hello", "World"], ["content-type", "application/json"]]);
  });

  const rateLimited = { status_code: 302, headers: ["Location=https://example.com"], body: "Redirect to example.com", enable_on_status: ["429"] };

  it("D2 lets requests through when enable_on_status is set", async () => {
    const host = await started(rateLimited);
    assert.equal(host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true }), "Continue");
    assert.equal(host.getLocalResponse(), null);
  });

  it("D2b replaces a 429 from upstream", async () => {
    const host = await upstreamAnswers(rateLimited, "429");
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 302);
    assert.equal(reply.statusCodeDetails, "custom-response");
    assert.equal(text(reply.body), "Redirect to example.com");
    assert.deepEqual(pluginHeaders(reply, ["location", "content-type"]), [["location", "https://example.com"], ["content-type", "text/plain; charset=utf-8"]]);
  });

  const twoRules = {
    rules: [
      { body: '{"hello":"world 200"}', enable_on_status: ["200", "201"], headers: ["key1=value1", "key2=value2"], status_code: 200 },
      { body: '{"hello":"world 404"}', enable_on_status: ["404"], headers: ["key1=value1", "key2=value2"], status_code: 200 },
    ],
  };

  it("D3 picks the rule of the upstream's status", async () => {
    for (const [status, body] of [["200", "world 200"], ["201", "world 200"], ["404", "world 404"]]) {
      const reply = (await upstreamAnswers(twoRules, status)).getLocalResponse();
      assert.equal(reply.statusCode, 200);
      assert.equal(text(reply.body), `{"hello":"${body}"}`);
      assert.deepEqual(pluginHeaders(reply, ["key1", "key2", "content-type"]), [["key1", "value1"], ["key2", "value2"], ["content-type", "application/json; charset=utf-8"]]);
    }
  });

  it("D3b leaves other statuses alone", async () => {
    const host = await upstreamAnswers(twoRules, "500");
    assert.equal(host.getLocalResponse(), null);
    assert.equal(value(host.getResponseHeaders(), ":status"), "500");
  });

  it("D4 never uses the default rule while any rule has enable_on_status", async () => {
    const config = { rules: [{ body: '{"hello":"world default"}' }, { body: '{"hello":"world 404"}', enable_on_status: ["404"] }] };
    const host = await started(config);
    assert.equal(host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true }), "Continue");
    assert.equal(host.getLocalResponse(), null);
  });

  it("D4b mocks every request with a lone default rule", async () => {
    const host = await started({ rules: [{ body: '{"hello":"world pure default"}' }] });
    assert.notEqual(host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true }), "Continue");
    const reply = host.getLocalResponse();
    assert.equal(reply.statusCode, 200);
    assert.equal(text(reply.body), '{"hello":"world pure default"}');
  });

  it("D5 refuses an invalid enable_on_status", async () => {
    assert.match(await refused({ rules: [{ enable_on_status: ["invalid"], body: "x" }] }), /invalid enable_on_status "invalid": length must be 3/);
  });
});

describe("the README's examples", () => {
  it("redirects rate-limited requests", async () => {
    const reply = (await upstreamAnswers({ enable_on_status: [429], status_code: 302, headers: ["Location=https://example.com"] }, "429")).getLocalResponse();
    assert.equal(reply.statusCode, 302);
    assert.equal(value(reply.headers, "location"), "https://example.com");
    // No body and no content-type: the plugin sends an empty content-type as Go does, and Envoy
    // drops content-type from a local reply without a body.
    assert.equal(value(reply.headers, "content-type"), undefined);
    assert.equal(text(reply.body), "");
  });

  it("serves the 4xx pattern rule for any 4xx status", async () => {
    const config = { rules: [{ enable_on_status: ["4xx"], status_code: 200, body: "client error" }] };
    for (const status of ["400", "404", "451"]) {
      assert.equal(text((await upstreamAnswers(config, status)).getLocalResponse().body), "client error");
    }
    assert.equal((await upstreamAnswers(config, "500")).getLocalResponse(), null);
  });
});

describe("fuzzy statuses (main_test.go vectors)", () => {
  const patterns = ["x01", "2x3", "45x", "6xx", "x7x", "xx8"];
  const config = { rules: patterns.map((p) => ({ enable_on_status: [p], body: `rule ${p}` })) };
  for (const [status, hit] of [
    ["101", true], ["201", true], ["111", false], ["203", true], ["213", true], ["450", true], ["451", true],
    ["600", true], ["611", true], ["612", true], ["171", true], ["161", false], ["228", true], ["229", false], ["123", false],
  ]) {
    it(`${status} ${hit ? "matches" : "does not match"}`, async () => {
      const reply = (await upstreamAnswers(config, status)).getLocalResponse();
      assert.equal(reply !== null, hit);
    });
  }

  it("needs the status's length: 4040 matches no three-character pattern", async () => {
    assert.equal((await upstreamAnswers({ enable_on_status: ["4xx"] }, "4040")).getLocalResponse(), null);
  });

  it("prefers an exact status over a pattern", async () => {
    const config = { rules: [{ enable_on_status: ["4xx"], body: "pattern" }, { enable_on_status: ["404"], body: "exact" }] };
    assert.equal(text((await upstreamAnswers(config, "404")).getLocalResponse().body), "exact");
  });

  it("picks the first declared of several matching patterns (Go: random)", async () => {
    const first = { rules: [{ enable_on_status: ["40x"], body: "40x" }, { enable_on_status: ["4xx"], body: "4xx" }] };
    const second = { rules: [{ enable_on_status: ["4xx"], body: "4xx" }, { enable_on_status: ["40x"], body: "40x" }] };
    assert.equal(text((await upstreamAnswers(first, "404")).getLocalResponse().body), "40x");
    assert.equal(text((await upstreamAnswers(second, "404")).getLocalResponse().body), "4xx");
  });

  it("accepts patterns of x/X and digits, lower-cased", async () => {
    for (const pattern of ["x1x", "X2X", "xx1", "x12", "1x2", "12x"]) await started({ enable_on_status: [pattern] });
    assert.ok((await upstreamAnswers({ enable_on_status: ["X2X"] }, "121")).getLocalResponse());
    // "X2X" and "x2x" are the same pattern.
    assert.match(await refused({ enable_on_status: ["X2X", "x2x"] }), /enableOnStatus can only use once/);
  });

  for (const [pattern, reason] of [
    ["123x", "length must be 3"], ["xxx", "must contain at least one digit"], ["xYx", "must contain only digits and x/X"],
    ["x1", "length must be 3"], ["x123", "length must be 3"], ["é1", "must contain only digits and x/X"],
  ]) {
    it(`refuses ${pattern}: ${reason}`, async () => {
      assert.ok((await refused({ enable_on_status: [pattern] })).includes(reason));
    });
  }
});

describe("configuration (main_extra_test.go and gjson's coercions)", () => {
  it("drops a configured content-length and trims around =", async () => {
    const host = await started({ headers: ["Content-Length=999", " X-Other = keep "], body: "ok" });
    host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    const reply = host.getLocalResponse();
    assert.equal(value(reply.headers, "x-other"), "keep");
    assert.notEqual(value(reply.headers, "content-length"), "999");
  });

  it("refuses a header without =", async () => {
    assert.match(await refused({ headers: ["no_equals_sign"], body: "x" }), /invalid header pair format: no_equals_sign/);
    assert.match(await refused({ rules: [{ headers: ["no_equals"], body: "x", enable_on_status: ["200"] }] }), /invalid header pair format/);
  });

  it("refuses a status code that is not a number or not an HTTP status", async () => {
    assert.match(await refused({ status_code: "not-a-number", body: "x" }), /invalid status code value: not-a-number/);
    for (const status_code of [-1, 99, 600, "4294967296", 200.5]) await refused({ status_code, body: "x" });
  });

  it("reads status_code as gjson's String() gives it", async () => {
    for (const status_code of ["201", 201, 201.0, "+201"]) {
      const host = await started({ status_code, body: "x" });
      host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
      assert.equal(host.getLocalResponse().statusCode, 201, JSON.stringify(status_code));
    }
  });

  it("keeps a signed enable_on_status as written, so it never matches", async () => {
    const host = await upstreamAnswers({ enable_on_status: ["+404"], body: "x" }, "404");
    assert.equal(host.getLocalResponse(), null);
  });

  it("refuses the same status twice across rules", async () => {
    assert.match(await refused({ rules: [{ body: "a", enable_on_status: ["404"] }, { body: "b", enable_on_status: [404] }] }), /enableOnStatus can only use once/);
  });

  it("refuses an empty rules list", async () => {
    assert.match(await refused({ rules: [] }), /no valid config is found/);
  });

  it("reads a lone value as a one-element list, as gjson's Array() does", async () => {
    const reply = (await upstreamAnswers({ enable_on_status: 503, headers: "Retry-After=30", body: "later" }, "503")).getLocalResponse();
    assert.equal(value(reply.headers, "retry-after"), "30");
  });

  it("lets a response without :status through with an error log", async () => {
    const host = await started({ enable_on_status: ["500"] });
    host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    assert.equal(host.callOnHttpResponseHeaders([["content-type", "text/plain"]], { endOfStream: true }), "Continue");
    assert.equal(host.getLocalResponse(), null);
    assert.ok(host.getErrorLogs().some((l) => l.includes("get http response status code failed")));
  });

  it("answers with a text/plain type for a body that is not JSON", async () => {
    const host = await started({ body: "{not json" });
    host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
    assert.equal(value(host.getLocalResponse().headers, "content-type"), "text/plain; charset=utf-8");
  });
});
