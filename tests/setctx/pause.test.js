// Pause and resume through SetCtx handlers: a call out while the request waits, then
// ResumeHttpRequest or SendHttpResponse from the reply; and Higress's real StopIteration.
import { before, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const headers = (path) => [[":authority", "a"], [":path", path], [":method", "GET"]];

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/setctx/pause.ts"], ["--config", "asconfig.json"]);
});

it("pauses the request and resumes it from the callout reply", async () => {
  const host = await MockHost.create(wasm, { config: {} });
  assert.equal(host.callOnHttpRequestHeaders(headers("/go"), { endOfStream: true }), "StopAllIterationAndWatermark");
  host.callOnHttpCall([[":status", "200"]], "");
  assert.equal(host.isRequestResumed(), true);
  assert.equal(value(host.getRequestHeaders(), "x-checked"), "/go");
});

it("answers the paused request from the callout reply", async () => {
  const host = await MockHost.create(wasm, { config: {} });
  host.callOnHttpRequestHeaders(headers("/go"), { endOfStream: true });
  host.callOnHttpCall([[":status", "500"]], "");
  const reply = host.getLocalResponse();
  assert.equal(reply.statusCode, 403);
  assert.equal(value(reply.headers, "x-denied"), "1");
});

it("holds the headers with real StopIteration while the body arrives (Higress 0.2.100)", async () => {
  const host = await MockHost.create(wasm, { config: {}, flavor: "higress" });
  assert.equal(host.callOnHttpRequestHeaders(headers("/hold")), "StopIteration");
  assert.equal(host.callOnHttpStreamingRequestBody("abc", true), "Continue");
  assert.equal(value(host.getRequestHeaders(), "x-body-length"), "3");
});
