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

// Delivers stream callback `phase` with its two arguments (the access log ignores them); the
// exports convert the answer to the phase's status type. One hook per phase, so each stream
// class's handler for a phase is compiled only into plugins that turn that phase on; a plugin
// that wants them all gets one function for all six (deliverLaterPhases).
type PhaseHook = (phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool) => u32;

let requestBody: PhaseHook | null = null;
let requestTrailers: PhaseHook | null = null;
let responseHeaders: PhaseHook | null = null;
let responseBody: PhaseHook | null = null;
let responseTrailers: PhaseHook | null = null;
let accessLog: PhaseHook | null = null;

// Each of these turns on its phase and every phase before it: what a handler may look at was
// recorded by the earlier phases' callbacks (the execution phase, say), so those run too.

/** Delivers request body callbacks. Call it from code that only a plugin using them compiles. */
export function deliverRequestBody(): void {
  requestBody = (phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool): u32 => {
    const stream = streamFor(contextId, StreamCallback.RequestBody);
    if (stream == null) return 0; // Continue, in whichever of the three status types
    const status = stream.onRequestBody(count, endOfStream);
    leaveStream(stream);
    return status;
  };
}

/** Delivers request trailers callbacks and those of the phases before them. */
export function deliverRequestTrailers(): void {
  deliverRequestBody();
  requestTrailers = (phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool): u32 => {
    const stream = streamFor(contextId, StreamCallback.RequestTrailers);
    if (stream == null) return 0;
    const status = stream.onRequestTrailers(<u32>count);
    leaveStream(stream);
    return status;
  };
}

/** Delivers response headers callbacks and those of the phases before them. */
export function deliverResponseHeaders(): void {
  deliverRequestTrailers();
  responseHeaders = (phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool): u32 => {
    const stream = streamFor(contextId, StreamCallback.ResponseHeaders);
    if (stream == null) return 0;
    const status = stream.onResponseHeaders(<u32>count, endOfStream);
    leaveStream(stream);
    return status;
  };
}

/** Delivers response body callbacks and those of the phases before them. */
export function deliverResponseBody(): void {
  deliverResponseHeaders();
  responseBody = (phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool): u32 => {
    const stream = streamFor(contextId, StreamCallback.ResponseBody);
    if (stream == null) return 0;
    const status = stream.onResponseBody(count, endOfStream);
    leaveStream(stream);
    return status;
  };
}

/** Delivers response trailers callbacks and those of the phases before them. */
export function deliverResponseTrailers(): void {
  deliverResponseBody();
  responseTrailers = (phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool): u32 => {
    const stream = streamFor(contextId, StreamCallback.ResponseTrailers);
    if (stream == null) return 0;
    const status = stream.onResponseTrailers(<u32>count);
    leaveStream(stream);
    return status;
  };
}

/** Delivers every callback after request headers, the access log included. */
export function deliverLaterPhases(): void {
  requestBody = deliverAny;
  requestTrailers = deliverAny;
  responseHeaders = deliverAny;
  responseBody = deliverAny;
  responseTrailers = deliverAny;
  accessLog = deliverAny;
}

function deliverAny(phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool): u32 {
  const stream = streamFor(contextId, phase);
  if (stream == null) return 0;
  let status: u32 = 0;
  switch (phase) {
    case StreamCallback.RequestBody: status = stream.onRequestBody(count, endOfStream); break;
    case StreamCallback.RequestTrailers: status = stream.onRequestTrailers(<u32>count); break;
    case StreamCallback.ResponseHeaders: status = stream.onResponseHeaders(<u32>count, endOfStream); break;
    case StreamCallback.ResponseBody: status = stream.onResponseBody(count, endOfStream); break;
    case StreamCallback.ResponseTrailers: status = stream.onResponseTrailers(<u32>count); break;
    default: stream.onLog();
  }
  leaveStream(stream);
  return status;
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

/** proxy_on_request_body. */
export function onRequestBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const deliver = requestBody;
  return deliver == null ? FilterDataStatus.Continue : <FilterDataStatus>deliver(StreamCallback.RequestBody, contextId, bodySize, endOfStream);
}

/** proxy_on_request_trailers. */
export function onRequestTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const deliver = requestTrailers;
  return deliver == null ? FilterTrailersStatus.Continue : <FilterTrailersStatus>deliver(StreamCallback.RequestTrailers, contextId, numTrailers, false);
}

/** proxy_on_response_headers. */
export function onResponseHeaders(contextId: u32, numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
  const deliver = responseHeaders;
  return deliver == null ? FilterHeadersStatus.Continue : <FilterHeadersStatus>deliver(StreamCallback.ResponseHeaders, contextId, numHeaders, endOfStream);
}

/** proxy_on_response_body. */
export function onResponseBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const deliver = responseBody;
  return deliver == null ? FilterDataStatus.Continue : <FilterDataStatus>deliver(StreamCallback.ResponseBody, contextId, bodySize, endOfStream);
}

/** proxy_on_response_trailers. */
export function onResponseTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const deliver = responseTrailers;
  return deliver == null ? FilterTrailersStatus.Continue : <FilterTrailersStatus>deliver(StreamCallback.ResponseTrailers, contextId, numTrailers, false);
}

/** proxy_on_log (HTTP streams only; the host never sends it for roots). */
export function onLog(contextId: u32): void {
  const deliver = accessLog;
  if (deliver != null) deliver(StreamCallback.Log, contextId, 0, false);
}
