// The stream callbacks after request headers (request body and trailers, response headers, body
// and trailers, access log), each reached through a hook that stays null until something may
// want that phase: a raw root context (its streams may override any callback), a SetCtx option
// for a later phase, a RouteCall or a callout. AssemblyScript compiles a function only once
// something compiled refers to it, so until then neither the phase's dispatch nor any stream
// class's handler for it is in the module, and its export answers Continue at once: a plugin
// that handles request headers alone carries none of that code.

import { FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus } from "../abi/enums";
import { enterCallback, leaveCallback } from "./collector";
import { enterContext, findStream } from "./contexts";
import { HttpStreamContext, StreamCallback } from "./http_stream_context";
import { applyTickPeriod } from "./ticks";

type HeadersPhase = (contextId: u32, numHeaders: u32, endOfStream: bool) => FilterHeadersStatus;
type BodyPhase = (contextId: u32, bodySize: usize, endOfStream: bool) => FilterDataStatus;
type TrailersPhase = (contextId: u32, numTrailers: u32) => FilterTrailersStatus;
type LogPhase = (contextId: u32) => void;

let requestBody: BodyPhase | null = null;
let requestTrailers: TrailersPhase | null = null;
let responseHeaders: HeadersPhase | null = null;
let responseBody: BodyPhase | null = null;
let responseTrailers: TrailersPhase | null = null;
let accessLog: LogPhase | null = null;

/**
 * Delivers the callbacks after request headers from now on (to the streams whose `callbacks`
 * bits want them). Call it from code that only a plugin using those phases compiles.
 */
export function deliverLaterPhases(): void {
  requestBody = deliverRequestBody;
  requestTrailers = deliverRequestTrailers;
  responseHeaders = deliverResponseHeaders;
  responseBody = deliverResponseBody;
  responseTrailers = deliverResponseTrailers;
  accessLog = deliverLog;
}

/**
 * The stream a stream callback is for, when it wants that callback (StreamCallback bit `wanted`):
 * the rest of the callback is then skipped, bookkeeping included, since nothing runs in it.
 */
export function streamFor(contextId: u32, wanted: StreamCallback): HttpStreamContext | null {
  const stream = findStream(contextId);
  if (stream == null || (stream.callbacks & wanted) == 0) return null;
  enterCallback();
  enterContext(contextId);
  return stream;
}

/** Ends a callback streamFor entered. */
export function leaveStream(stream: HttpStreamContext): void {
  applyTickPeriod(stream.root.ticks);
  leaveCallback();
}

function deliverRequestBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const stream = streamFor(contextId, StreamCallback.RequestBody);
  if (stream == null) return FilterDataStatus.Continue;
  const status = stream.onRequestBody(bodySize, endOfStream);
  leaveStream(stream);
  return status;
}

function deliverRequestTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const stream = streamFor(contextId, StreamCallback.RequestTrailers);
  if (stream == null) return FilterTrailersStatus.Continue;
  const status = stream.onRequestTrailers(numTrailers);
  leaveStream(stream);
  return status;
}

function deliverResponseHeaders(contextId: u32, numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
  const stream = streamFor(contextId, StreamCallback.ResponseHeaders);
  if (stream == null) return FilterHeadersStatus.Continue;
  const status = stream.onResponseHeaders(numHeaders, endOfStream);
  leaveStream(stream);
  return status;
}

function deliverResponseBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const stream = streamFor(contextId, StreamCallback.ResponseBody);
  if (stream == null) return FilterDataStatus.Continue;
  const status = stream.onResponseBody(bodySize, endOfStream);
  leaveStream(stream);
  return status;
}

function deliverResponseTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const stream = streamFor(contextId, StreamCallback.ResponseTrailers);
  if (stream == null) return FilterTrailersStatus.Continue;
  const status = stream.onResponseTrailers(numTrailers);
  leaveStream(stream);
  return status;
}

function deliverLog(contextId: u32): void {
  const stream = streamFor(contextId, StreamCallback.Log);
  if (stream == null) return;
  stream.onLog();
  leaveStream(stream);
}

/** proxy_on_request_body. */
export function onRequestBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const phase = requestBody;
  return phase == null ? FilterDataStatus.Continue : phase(contextId, bodySize, endOfStream);
}

/** proxy_on_request_trailers. */
export function onRequestTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const phase = requestTrailers;
  return phase == null ? FilterTrailersStatus.Continue : phase(contextId, numTrailers);
}

/** proxy_on_response_headers. */
export function onResponseHeaders(contextId: u32, numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
  const phase = responseHeaders;
  return phase == null ? FilterHeadersStatus.Continue : phase(contextId, numHeaders, endOfStream);
}

/** proxy_on_response_body. */
export function onResponseBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const phase = responseBody;
  return phase == null ? FilterDataStatus.Continue : phase(contextId, bodySize, endOfStream);
}

/** proxy_on_response_trailers. */
export function onResponseTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const phase = responseTrailers;
  return phase == null ? FilterTrailersStatus.Continue : phase(contextId, numTrailers);
}

/** proxy_on_log (HTTP streams only; the host never sends it for roots). */
export function onLog(contextId: u32): void {
  const phase = accessLog;
  if (phase != null) phase(contextId);
}
