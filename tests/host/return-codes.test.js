// Envoy converts what callbacks return; the conversion depends on the ABI version and the host.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { buildScripted, script } from "./build-fixture.js";

let plain; // ABI 0.2.1 only
let higress; // 0.2.100 first, then 0.2.1
let bothMarkers; // 0.2.100 first, then 0.2.1, without Higress imports

before(async () => {
  plain = await buildScripted();
  higress = await buildScripted({ higress: true });
  bothMarkers = await buildScripted({ higress: true, higressImports: false });
});

async function requestHeadersAction(bytes, code, options = {}) {
  const host = await MockHost.create(bytes, { config: `request_headers return ${code}`, ...options });
  return host.callOnHttpRequestHeaders([[":path", "/"]]);
}

describe("headers callbacks", () => {
  it("turns StopIteration (1) into StopAllIterationAndWatermark under ABI 0.2.1", async () => {
    assert.equal(await requestHeadersAction(plain, 1), "StopAllIterationAndWatermark");
    assert.equal(await requestHeadersAction(plain, 1, { flavor: "envoy" }), "StopAllIterationAndWatermark");
  });

  it("passes StopIteration through for Higress with the 0.2.100 marker, for requests and responses", async () => {
    const host = await MockHost.create(higress, { config: script("request_headers return 1", "response_headers return 1") });
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]]), "StopIteration");
    assert.equal(host.callOnHttpResponseHeaders([[":status", "200"]]), "StopIteration");
  });

  it("does not pass StopIteration through when upstream Envoy picks 0.2.1 from the same module", async () => {
    assert.equal(await requestHeadersAction(bothMarkers, 1), "StopIteration");
    assert.equal(await requestHeadersAction(bothMarkers, 1, { flavor: "envoy" }), "StopAllIterationAndWatermark");
  });

  it("passes StopIteration through with allowOnHeadersStopIteration", async () => {
    assert.equal(await requestHeadersAction(plain, 1, { flavor: "envoy", allowOnHeadersStopIteration: true }), "StopIteration");
  });

  it("maps the other codes as Envoy's switch does", async () => {
    assert.equal(await requestHeadersAction(plain, 0), "Continue");
    assert.equal(await requestHeadersAction(plain, 2), "Continue");
    assert.equal(await requestHeadersAction(plain, 3), "StopAllIterationAndBuffer");
    assert.equal(await requestHeadersAction(plain, 4), "StopAllIterationAndWatermark");
    assert.equal(await requestHeadersAction(plain, 9), "StopAllIterationAndWatermark");
  });

  it("forces Stop when the callback sent a local reply", async () => {
    const host = await MockHost.create(plain, { config: "request_headers local_reply 403 - - - -1" });
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]]), "StopAllIterationAndWatermark");
  });
});

describe("body and trailers callbacks", () => {
  async function bodyAction(code, config = `request_body return ${code}`) {
    const host = await MockHost.create(plain, { config });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    return host.callOnHttpStreamingRequestBody("x", false);
  }

  it("maps data codes, anything above 3 to StopIterationNoBuffer", async () => {
    assert.equal(await bodyAction(0), "Continue");
    assert.equal(await bodyAction(1), "StopIterationAndBuffer");
    assert.equal(await bodyAction(2), "StopIterationAndWatermark");
    assert.equal(await bodyAction(3), "StopIterationNoBuffer");
    assert.equal(await bodyAction(7), "StopIterationNoBuffer");
  });

  it("forces StopIterationNoBuffer when a body callback sent a local reply", async () => {
    assert.equal(await bodyAction(0, "request_body local_reply 400 bad - - -1"), "StopIterationNoBuffer");
  });

  it("maps any non-zero trailers code to StopIteration", async () => {
    for (const [code, action] of [[0, "Continue"], [1, "StopIteration"], [3, "StopIteration"]]) {
      const host = await MockHost.create(plain, { config: `request_trailers return ${code}` });
      host.callOnHttpRequestHeaders([[":path", "/"]]);
      assert.equal(host.callOnHttpRequestTrailers([["x-t", "1"]]), action);
    }
  });
});
