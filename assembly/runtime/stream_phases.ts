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

// Delivers stream callback `phase` (a StreamCallback bit) with its two arguments; the exports
// convert its answer back to the phase's status type. One hook for all these phases: each phase
// of its own would cost a function, a table slot and a signature apiece in every module.
type LaterPhase = (phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool) => u32;

let later: LaterPhase | null = null;

/**
 * Delivers the callbacks after request headers from now on (to the streams whose `callbacks`
 * bits want them). Call it from code that only a plugin using those phases compiles.
 */
export function deliverLaterPhases(): void {
  later = deliverLater;
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

function deliverLater(phase: StreamCallback, contextId: u32, count: usize, endOfStream: bool): u32 {
  const stream = streamFor(contextId, phase);
  // Continue, in whichever of the three status types, is 0.
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

/** proxy_on_request_body. */
export function onRequestBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const deliver = later;
  return deliver == null ? FilterDataStatus.Continue : <FilterDataStatus>deliver(StreamCallback.RequestBody, contextId, bodySize, endOfStream);
}

/** proxy_on_request_trailers. */
export function onRequestTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const deliver = later;
  return deliver == null ? FilterTrailersStatus.Continue : <FilterTrailersStatus>deliver(StreamCallback.RequestTrailers, contextId, numTrailers, false);
}

/** proxy_on_response_headers. */
export function onResponseHeaders(contextId: u32, numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
  const deliver = later;
  return deliver == null ? FilterHeadersStatus.Continue : <FilterHeadersStatus>deliver(StreamCallback.ResponseHeaders, contextId, numHeaders, endOfStream);
}

/** proxy_on_response_body. */
export function onResponseBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const deliver = later;
  return deliver == null ? FilterDataStatus.Continue : <FilterDataStatus>deliver(StreamCallback.ResponseBody, contextId, bodySize, endOfStream);
}

/** proxy_on_response_trailers. */
export function onResponseTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const deliver = later;
  return deliver == null ? FilterTrailersStatus.Continue : <FilterTrailersStatus>deliver(StreamCallback.ResponseTrailers, contextId, numTrailers, false);
}

/** proxy_on_log (HTTP streams only; the host never sends it for roots). */
export function onLog(contextId: u32): void {
  const deliver = later;
  if (deliver != null) deliver(StreamCallback.Log, contextId, 0, false);
}
