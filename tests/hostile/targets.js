// The plugins the hostile suite attacks: every example, with a working sample config, and the
// driving that ends one request whatever the plugin did (answers its callouts, then completes the
// stream), so each case can check it ended in a defined outcome.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildExample } from "../helpers/compile.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

// The kind of callout a request makes, for the examples that make one.
const CALLOUTS = { "http-callout-auth": "http", "redis-rate-limit": "redis" };

/** Every example folder: its name, its sample config.json, and the callout kind a request makes. */
export const TARGETS = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(EXAMPLES, entry.name, "config.json")))
  .map((entry) => ({
    name: entry.name,
    config: JSON.parse(readFileSync(join(EXAMPLES, entry.name, "config.json"), "utf8")),
    callout: CALLOUTS[entry.name] ?? "none",
  }));

const builds = new Map();

/** The example's wasm (debug build, cached across test files). */
export function wasmOf(target) {
  if (!builds.has(target.name)) builds.set(target.name, buildExample(target.name));
  return builds.get(target.name);
}

export const REQUEST = [[":authority", "shop.example.com"], [":path", "/orders?id=1"], [":method", "GET"], [":scheme", "https"], ["authorization", "Bearer abc"]];

/** A reply a well-behaved service gives to the target's callout. */
export function answerCallouts(host) {
  for (const call of host.getHttpCalloutAttributes().filter((c) => !c.answered)) host.callOnHttpCall([[":status", "200"]], "ok", [], call.token);
  for (const call of host.getRedisCalloutAttributes().filter((c) => !c.answered)) host.callOnRedisCall(0, ":1\r\n", call.token);
}

/**
 * Asserts the current request ended in a defined outcome: the VM did not trap, and the request
 * either went on (never paused, or resumed) or got a local reply; then completes the stream.
 */
export function assertEnded(host, what) {
  assert.equal(host.vmFailure, null, `${what}: the VM trapped: ${host.vmFailure}`);
  const replied = host.getLocalResponse() !== null;
  const action = host.getHttpStreamAction();
  assert.ok(replied || action === "Continue" || host.isRequestResumed(), `${what}: the request is left paused (${action})`);
  host.completeHttp();
  assert.equal(host.vmFailure, null, `${what}: the VM trapped at the end of the stream: ${host.vmFailure}`);
}

/** Runs one ordinary request through `host` to its end, answering callouts as a healthy service. */
export function runRequest(host, what, headers = REQUEST) {
  host.initHttp();
  host.callOnHttpRequestHeaders(headers, { endOfStream: true });
  answerCallouts(host);
  if (host.getLocalResponse() === null && !host.vmFailed) {
    host.callOnHttpResponseHeaders([[":status", "200"], ["content-type", "text/plain"]], { endOfStream: true });
  }
  assertEnded(host, what);
}

/**
 * Drives a whole exchange through the current stream: request headers, body chunks and trailers,
 * then the response's; the target's callouts are answered as they appear, and driving stops at a
 * local reply. Then checks the defined outcome and completes the stream.
 */
export function drive(host, what, plan) {
  const { request = REQUEST, requestChunks = [], requestTrailers, response = [[":status", "200"]], responseChunks = [], responseTrailers } = plan;
  host.initHttp();
  const steps = [];
  const last = (chunks, trailers) => chunks.length === 0 && trailers === undefined;
  steps.push(() => host.callOnHttpRequestHeaders(request, { endOfStream: last(requestChunks, requestTrailers) }));
  requestChunks.forEach((chunk, i) => steps.push(() => host.callOnHttpStreamingRequestBody(chunk, i === requestChunks.length - 1 && requestTrailers === undefined)));
  if (requestTrailers !== undefined) steps.push(() => host.callOnHttpRequestTrailers(requestTrailers));
  steps.push(() => host.callOnHttpResponseHeaders(response, { endOfStream: last(responseChunks, responseTrailers) }));
  responseChunks.forEach((chunk, i) => steps.push(() => host.callOnHttpStreamingResponseBody(chunk, i === responseChunks.length - 1 && responseTrailers === undefined)));
  if (responseTrailers !== undefined) steps.push(() => host.callOnHttpResponseTrailers(responseTrailers));
  for (const step of steps) {
    if (host.vmFailed || host.getLocalResponse() !== null) break;
    step();
    answerCallouts(host);
  }
  assertEnded(host, what);
}
