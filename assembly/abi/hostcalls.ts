// Typed wrappers over the raw host functions: strings go out as UTF-8, bytes stay ArrayBuffers,
// header maps are (de)serialized in the host's pair format. Nothing here traps: every wrapper
// hands back the host's WasmResult, either as its return value or, for getters that return data,
// through lastResult(), with null meaning "no value" (missing stays distinct from empty).
//
// The hot path allocates only what it returns: arguments are encoded into cached or scratch
// memory (utf8.ts) and answers are decoded from the allocator's reusable region (memory.ts). A
// call that returns data and failed only because that region was too small is made once more
// after the region has grown (retryWithRoom): growing is never done inside the host's call.

import * as imp from "./imports";
import { BufferType, LogLevel, MapType, MetricType, StreamType, WasmResult } from "./enums";
import { HeaderPair, deserializePairsAt, serializePairs } from "./pairs";
import {
  reserveHostRegion,
  resetReturnCells,
  retryWithRoom,
  returnPtrCell,
  returnSizeCell,
  returnWordCell,
  returnedBuffer,
  returnedBytes,
  returnedSize,
  returnedU32,
  returnedU64,
} from "./memory";
import { decodeString, encodePath, encodeString, encodedHasForbiddenHeaderChar, encodedSize } from "./utf8";

let lastStatus: WasmResult = WasmResult.Ok;

/** The WasmResult of the last getter in this file (the ones that return data or null). */
export function lastResult(): WasmResult {
  return lastStatus;
}

// Records the status of a call that returns data; true when there is data to take.
@inline function finished(status: i32): bool {
  lastStatus = <WasmResult>status;
  return status == WasmResult.Ok;
}

// The string the host returned through the pointer/size cells.
function returnedString(): string {
  const ptr = returnedBytes();
  return ptr == 0 ? "" : decodeString(ptr, returnedSize());
}

@inline function ptr(buffer: ArrayBuffer): usize {
  return changetype<usize>(buffer);
}

@inline function size(buffer: ArrayBuffer): usize {
  return <usize>buffer.byteLength;
}

// Shared-queue messages are removed by the host before it copies them out, so a dequeue must
// never fail for room: this much is reserved before one.
const QUEUE_MESSAGE_ROOM: usize = 64 * 1024;

// ── Logging ─────────────────────────────────────────────────────────────────────────────────────

/** Writes one log line at `level`. */
export function log(level: LogLevel, message: string): WasmResult {
  const m = encodeString(message, 0);
  return <WasmResult>imp.proxy_log(level, m, encodedSize());
}

/** The host's current log level, or Trace if the host cannot say (so nothing is lost). */
export function getLogLevel(): LogLevel {
  resetReturnCells();
  if (!finished(imp.proxy_get_log_level(returnWordCell()))) return LogLevel.Trace;
  return <LogLevel>returnedU32();
}

// ── Properties ──────────────────────────────────────────────────────────────────────────────────

// proxy_get_property for `path`; true when the value is in the return cells.
function fetchProperty(path: string[]): bool {
  const p = encodePath(path, 0);
  const pn = encodedSize();
  resetReturnCells();
  let status = imp.proxy_get_property(p, pn, returnPtrCell(), returnSizeCell());
  if (retryWithRoom(status)) {
    resetReturnCells();
    status = imp.proxy_get_property(p, pn, returnPtrCell(), returnSizeCell());
  }
  return finished(status);
}

/** The raw value of a property (§7 encodings), or null when the host has none. */
export function getProperty(path: string[]): ArrayBuffer | null {
  return fetchProperty(path) ? returnedBuffer() : null;
}

/** A string property, or null when the host has none. */
export function getPropertyString(path: string[]): string | null {
  return fetchProperty(path) ? returnedString() : null;
}

/** Stores a property (filter state `wasm.<path>`) on the current stream. */
export function setProperty(path: string[], value: ArrayBuffer): WasmResult {
  const p = encodePath(path, 0);
  return <WasmResult>imp.proxy_set_property(p, encodedSize(), ptr(value), size(value));
}

/** setProperty with a string value, stored as its UTF-8 bytes. */
export function setPropertyString(path: string[], value: string): WasmResult {
  const p = encodePath(path, 0);
  const pn = encodedSize();
  const v = encodeString(value, 1);
  return <WasmResult>imp.proxy_set_property(p, pn, v, encodedSize());
}

// ── Header maps ─────────────────────────────────────────────────────────────────────────────────

/** Every pair of a map, in order, duplicates kept; empty when the map is unavailable. */
export function getHeaderMapPairs(mapType: MapType): HeaderPair[] {
  resetReturnCells();
  let status = imp.proxy_get_header_map_pairs(mapType, returnPtrCell(), returnSizeCell());
  if (retryWithRoom(status)) {
    resetReturnCells();
    status = imp.proxy_get_header_map_pairs(mapType, returnPtrCell(), returnSizeCell());
  }
  if (!finished(status)) return new Array<HeaderPair>();
  const data = returnedBytes();
  const pairs = deserializePairsAt(data, data == 0 ? 0 : returnedSize());
  if (pairs == null) {
    lastStatus = WasmResult.SerializationFailure;
    return new Array<HeaderPair>();
  }
  return pairs;
}

/** Replaces a whole map. Refused (BadArgument) before the host sees pairs it would mangle. */
export function setHeaderMapPairs(mapType: MapType, pairs: HeaderPair[]): WasmResult {
  const data = serializePairs(pairs);
  if (data == null) return WasmResult.BadArgument;
  return <WasmResult>imp.proxy_set_header_map_pairs(mapType, ptr(data), size(data));
}

/** The first value of `key`, or null when it is absent (or the map is unavailable). */
export function getHeaderMapValue(mapType: MapType, key: string): string | null {
  const k = encodeString(key, 0);
  const kn = encodedSize();
  resetReturnCells();
  let status = imp.proxy_get_header_map_value(mapType, k, kn, returnPtrCell(), returnSizeCell());
  if (retryWithRoom(status)) {
    resetReturnCells();
    status = imp.proxy_get_header_map_value(mapType, k, kn, returnPtrCell(), returnSizeCell());
  }
  return finished(status) ? returnedString() : null;
}

/** Appends a value to `key`. CR, LF or NUL in either are refused with BadArgument. */
export function addHeaderMapValue(mapType: MapType, key: string, value: string): WasmResult {
  const k = encodeString(key, 0);
  const kn = encodedSize();
  if (encodedHasForbiddenHeaderChar()) return WasmResult.BadArgument;
  const v = encodeString(value, 1);
  if (encodedHasForbiddenHeaderChar()) return WasmResult.BadArgument;
  return <WasmResult>imp.proxy_add_header_map_value(mapType, k, kn, v, encodedSize());
}

/** Sets `key` to exactly one value, adding it when absent. CR, LF or NUL are refused. */
export function replaceHeaderMapValue(mapType: MapType, key: string, value: string): WasmResult {
  const k = encodeString(key, 0);
  const kn = encodedSize();
  if (encodedHasForbiddenHeaderChar()) return WasmResult.BadArgument;
  const v = encodeString(value, 1);
  if (encodedHasForbiddenHeaderChar()) return WasmResult.BadArgument;
  return <WasmResult>imp.proxy_replace_header_map_value(mapType, k, kn, v, encodedSize());
}

/** Removes every value of `key`; Ok when it was absent. */
export function removeHeaderMapValue(mapType: MapType, key: string): WasmResult {
  const k = encodeString(key, 0);
  return <WasmResult>imp.proxy_remove_header_map_value(mapType, k, encodedSize());
}

// ── Buffers ─────────────────────────────────────────────────────────────────────────────────────

/** Bytes currently in a buffer, or -1 when it is unavailable (see lastResult()). */
export function getBufferSize(bufferType: BufferType): i64 {
  resetReturnCells();
  // The flags go into the size cell and are ignored: Envoy always writes 0 there.
  const status = imp.proxy_get_buffer_status(bufferType, returnWordCell(), returnSizeCell());
  lastStatus = <WasmResult>status;
  return status == WasmResult.Ok ? <i64>returnedU32() : -1;
}

/** Up to `maxSize` bytes of a buffer from `start` (clamped by the host), or null when unavailable. */
export function getBufferBytes(bufferType: BufferType, start: u32, maxSize: u32): ArrayBuffer | null {
  // Callers mostly ask for exactly what a callback announced, so room for it is made up front
  // rather than through a failed call; "the whole buffer" sizes are left to the retry.
  if (maxSize <= 64 * 1024 * 1024) reserveHostRegion(<usize>maxSize);
  resetReturnCells();
  let status = imp.proxy_get_buffer_bytes(bufferType, start, maxSize, returnPtrCell(), returnSizeCell());
  if (retryWithRoom(status)) {
    resetReturnCells();
    status = imp.proxy_get_buffer_bytes(bufferType, start, maxSize, returnPtrCell(), returnSizeCell());
  }
  return finished(status) ? returnedBuffer() : null;
}

/**
 * Writes into a buffer the way the host allows: start 0 drains `size` bytes then prepends `data`
 * (so (0, length) replaces everything); start at or past the end appends. Anything else is refused.
 */
export function setBufferBytes(bufferType: BufferType, start: u32, size_: u32, data: ArrayBuffer): WasmResult {
  return <WasmResult>imp.proxy_set_buffer_bytes(bufferType, start, size_, ptr(data), size(data));
}

// ── Stream control and HTTP ─────────────────────────────────────────────────────────────────────

/** Resumes a paused direction once the current callback returns. */
export function continueStream(streamType: StreamType): WasmResult {
  return <WasmResult>imp.proxy_continue_stream(streamType);
}

/** Resets a direction (the client sees a reset, not an HTTP reply). */
export function closeStream(streamType: StreamType): WasmResult {
  return <WasmResult>imp.proxy_close_stream(streamType);
}

/** Answers the current stream locally once the callback returns. Headers are validated first. */
export function sendLocalResponse(statusCode: u32, details: string, body: ArrayBuffer, headers: HeaderPair[], grpcStatus: i32): WasmResult {
  const pairs = serializePairs(headers);
  if (pairs == null) return WasmResult.BadArgument;
  const d = encodeString(details, 0);
  return <WasmResult>imp.proxy_send_local_response(statusCode, d, encodedSize(), ptr(body), size(body), ptr(pairs), size(pairs), grpcStatus);
}

/**
 * Dispatches an HTTP call to `cluster`; returns its token (0 on failure, see lastResult()). The
 * host needs `:method`, `:path` and `:authority` among the headers and a timeout below 2^31 ms.
 */
export function httpCall(cluster: string, headers: HeaderPair[], body: ArrayBuffer, trailers: HeaderPair[], timeoutMs: u32): u32 {
  const h = serializePairs(headers);
  const t = serializePairs(trailers);
  if (h == null || t == null) {
    lastStatus = WasmResult.BadArgument;
    return 0;
  }
  const c = encodeString(cluster, 0);
  const cn = encodedSize();
  resetReturnCells();
  const status = imp.proxy_http_call(c, cn, ptr(h), size(h), ptr(body), size(body), ptr(t), size(t), timeoutMs, returnWordCell());
  return finished(status) ? returnedU32() : 0;
}

/** The root context's last call status: code and message (after a failed http_call: 11, "reset"). */
export class HostStatus {
  constructor(public code: u32, public message: string) {}
}

/** Reads the status the host keeps for the last callout; null when it cannot be read. */
export function getStatus(): HostStatus | null {
  resetReturnCells();
  // The code goes into the word cell, the message through the pointer/size cells.
  let status = imp.proxy_get_status(returnWordCell(), returnPtrCell(), returnSizeCell());
  if (retryWithRoom(status)) {
    resetReturnCells();
    status = imp.proxy_get_status(returnWordCell(), returnPtrCell(), returnSizeCell());
  }
  if (!finished(status)) return null;
  return new HostStatus(returnedU32(), returnedString());
}

// ── Shared data and queues ──────────────────────────────────────────────────────────────────────

/** A shared-data value with the CAS stamp to pass back when updating it. */
export class SharedData {
  constructor(public value: ArrayBuffer, public cas: u32) {}
}

/** The shared value under `key`, or null (NotFound when absent). */
export function getSharedData(key: string): SharedData | null {
  const k = encodeString(key, 0);
  const kn = encodedSize();
  resetReturnCells();
  let status = imp.proxy_get_shared_data(k, kn, returnPtrCell(), returnSizeCell(), returnWordCell());
  if (retryWithRoom(status)) {
    resetReturnCells();
    status = imp.proxy_get_shared_data(k, kn, returnPtrCell(), returnSizeCell(), returnWordCell());
  }
  return finished(status) ? new SharedData(returnedBuffer(), returnedU32()) : null;
}

/** Sets a shared value; cas 0 is unconditional, otherwise CasMismatch when someone wrote first. */
export function setSharedData(key: string, value: ArrayBuffer, cas: u32): WasmResult {
  const k = encodeString(key, 0);
  return <WasmResult>imp.proxy_set_shared_data(k, encodedSize(), ptr(value), size(value), cas);
}

/** Creates (or reopens) a queue owned by this VM; returns its token, 0 on failure. */
export function registerSharedQueue(name: string): u32 {
  const n = encodeString(name, 0);
  const nn = encodedSize();
  resetReturnCells();
  return finished(imp.proxy_register_shared_queue(n, nn, returnWordCell())) ? returnedU32() : 0;
}

/** Finds a queue registered by the VM `vmId` ("" for this one); returns its token, 0 if absent. */
export function resolveSharedQueue(vmId: string, name: string): u32 {
  const v = encodeString(vmId, 0);
  const vn = encodedSize();
  const n = encodeString(name, 1);
  const nn = encodedSize();
  resetReturnCells();
  return finished(imp.proxy_resolve_shared_queue(v, vn, n, nn, returnWordCell())) ? returnedU32() : 0;
}

/** Appends a message to a queue. */
export function enqueueSharedQueue(token: u32, data: ArrayBuffer): WasmResult {
  return <WasmResult>imp.proxy_enqueue_shared_queue(token, ptr(data), size(data));
}

/**
 * Takes the oldest message of a queue, or null (Empty when there is none). A message larger than
 * QUEUE_MESSAGE_ROOM that the region cannot already hold is lost: the host removes it first.
 */
export function dequeueSharedQueue(token: u32): ArrayBuffer | null {
  reserveHostRegion(QUEUE_MESSAGE_ROOM);
  resetReturnCells();
  return finished(imp.proxy_dequeue_shared_queue(token, returnPtrCell(), returnSizeCell())) ? returnedBuffer() : null;
}

// ── Timers, time and metrics ────────────────────────────────────────────────────────────────────

/** Sets the calling root context's timer period; 0 stops it. */
export function setTickPeriodMilliseconds(periodMs: u32): WasmResult {
  return <WasmResult>imp.proxy_set_tick_period_milliseconds(periodMs);
}

/** Wall-clock time in nanoseconds since the epoch, or 0 when the host cannot say. */
export function getCurrentTimeNanoseconds(): u64 {
  resetReturnCells();
  return finished(imp.proxy_get_current_time_nanoseconds(returnWordCell())) ? returnedU64() : 0;
}

/** Defines a metric and returns its id, 0 on failure. */
export function defineMetric(metricType: MetricType, name: string): u32 {
  const n = encodeString(name, 0);
  const nn = encodedSize();
  resetReturnCells();
  return finished(imp.proxy_define_metric(metricType, n, nn, returnWordCell())) ? returnedU32() : 0;
}

/** Adds `delta` to a counter (which must be positive) or a gauge. */
export function incrementMetric(metricId: u32, delta: i64): WasmResult {
  return <WasmResult>imp.proxy_increment_metric(metricId, delta);
}

/** Sets a gauge, records a histogram sample, or adds to a counter (the host's behaviour). */
export function recordMetric(metricId: u32, value: u64): WasmResult {
  return <WasmResult>imp.proxy_record_metric(metricId, value);
}

/** A counter's or gauge's value, 0 when it cannot be read (see lastResult()). */
export function getMetric(metricId: u32): u64 {
  resetReturnCells();
  return finished(imp.proxy_get_metric(metricId, returnWordCell())) ? returnedU64() : 0;
}

// ── Context plumbing and foreign functions ──────────────────────────────────────────────────────

/** Makes later host calls in this callback act on `contextId`. */
export function setEffectiveContext(contextId: u32): WasmResult {
  return <WasmResult>imp.proxy_set_effective_context(contextId);
}

/** Tells the host a root context that deferred its shutdown is done. */
export function done(): WasmResult {
  return <WasmResult>imp.proxy_done();
}

/** Calls a host-registered foreign function (Envoy: compress, uncompress, ...). */
export function callForeignFunction(name: string, args: ArrayBuffer): ArrayBuffer | null {
  const n = encodeString(name, 0);
  const nn = encodedSize();
  resetReturnCells();
  let status = imp.proxy_call_foreign_function(n, nn, ptr(args), size(args), returnPtrCell(), returnSizeCell());
  if (retryWithRoom(status)) {
    resetReturnCells();
    status = imp.proxy_call_foreign_function(n, nn, ptr(args), size(args), returnPtrCell(), returnSizeCell());
  }
  return finished(status) ? returnedBuffer() : null;
}

// ── Higress extensions ──────────────────────────────────────────────────────────────────────────

/** Configures the Redis client of `cluster` (which may carry `?db=...` options). Higress only. */
export function redisInit(cluster: string, username: string, password: string, timeoutMs: u32): WasmResult {
  const c = encodeString(cluster, 0);
  const cn = encodedSize();
  const u = encodeString(username, 1);
  const un = encodedSize();
  const p = encodeString(password, 2);
  return <WasmResult>imp.proxy_redis_init(c, cn, u, un, p, encodedSize(), timeoutMs);
}

/** Sends a raw RESP query to `cluster`; returns its token, 0 on failure. Higress only. */
export function redisCall(cluster: string, query: ArrayBuffer): u32 {
  const c = encodeString(cluster, 0);
  const cn = encodedSize();
  resetReturnCells();
  return finished(imp.proxy_redis_call(c, cn, ptr(query), size(query), returnWordCell())) ? returnedU32() : 0;
}

/** Pushes response-direction data into the filter chain (streaming, SSE). Higress only. */
export function injectEncodedDataToFilterChain(data: ArrayBuffer, endOfStream: bool): WasmResult {
  return <WasmResult>imp.proxy_inject_encoded_data_to_filter_chain(ptr(data), size(data), endOfStream ? 1 : 0);
}

/** The route's upstream hosts as (address, metrics text) pairs. Higress only. */
export function getUpstreamHosts(): HeaderPair[] | null {
  resetReturnCells();
  let status = imp.proxy_get_upstream_hosts(returnPtrCell(), returnSizeCell());
  if (retryWithRoom(status)) {
    resetReturnCells();
    status = imp.proxy_get_upstream_hosts(returnPtrCell(), returnSizeCell());
  }
  if (!finished(status)) return null;
  const data = returnedBytes();
  return deserializePairsAt(data, data == 0 ? 0 : returnedSize());
}

/** Sends this request to `address`, bypassing load balancing. Higress only. */
export function setUpstreamOverrideHost(address: string): WasmResult {
  const a = encodeString(address, 0);
  return <WasmResult>imp.proxy_set_upstream_override_host(a, encodedSize());
}
