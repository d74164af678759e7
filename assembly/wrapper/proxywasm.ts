// proxy-wasm-go-sdk's `proxywasm` functions that an HTTP plugin uses, with their Go names, each a
// thin call to the typed host calls, so handler bodies port line by line.
//
// Go returns `(value, error)` or `error`. Here:
// - a call that only succeeds or fails returns `WasmError | null`, null being Go's nil error:
//     if err := proxywasm.ResumeHttpRequest(); err != nil { ... }
//     const err = proxywasm.ResumeHttpRequest(); if (err != null) { ... }
//   The errors are the `types.ErrorStatus*` objects, so `err == types.ErrorStatusNotFound` works;
// - a call that returns a value returns it, or null when there is none or the call failed;
//   LastError() right after it says which (null: no error, the value is simply absent):
//     value, err := proxywasm.GetHttpRequestHeader("x")  →  const value = proxywasm.GetHttpRequestHeader("x")
//     if err != nil { ... }                              →  if (value == null) { ... }
// - a call that returns a queue id returns 0 when it fails, with LastError() saying why.
// Go's `[]byte` is an ArrayBuffer (`[]byte(s)` ports as `String.UTF8.encode(s)`), Go's
// `[][2]string` a HeaderPair[], and Go's `nil` headers or body in a local reply may be null.

import { BufferType, LogLevel, MapType, StreamType, WasmResult } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { HeaderPair, deserializePairs } from "../abi/pairs";
import { formatLog, logEnabled } from "../log/log";
import { currentContextId } from "../runtime/contexts";
import { Counter, Gauge, Histogram } from "./metrics";
import { WasmError, types } from "./types";

// The size Go asks for to mean "the whole buffer": the host clamps reads and drains to what it has.
const WHOLE: u32 = 0x7fffffff;

// Status of the last value-returning call here, for LastError().
let lastStatus: WasmResult = WasmResult.Ok;

function statusOfHost<T>(value: T): T {
  lastStatus = hostcalls.lastResult();
  return value;
}

// getHeaderMapPairs answers an empty list when the map is unavailable: null is what Go's error is.
function mapOrNull(mapType: MapType): HeaderPair[] | null {
  const pairs = hostcalls.getHeaderMapPairs(mapType);
  lastStatus = hostcalls.lastResult();
  return lastStatus == WasmResult.Ok ? pairs : null;
}

function pairsOrNull(data: ArrayBuffer | null): HeaderPair[] | null {
  if (data == null) return null;
  const pairs = deserializePairs(data);
  if (pairs == null) lastStatus = WasmResult.SerializationFailure;
  return pairs;
}

// Ok, by far the most common answer, skips the status switch.
@inline function toError(status: WasmResult): WasmError | null {
  return status == WasmResult.Ok ? null : types.StatusToError(status);
}

function logf(level: LogLevel, format: string, args: string[]): void {
  if (logEnabled(level)) hostcalls.log(level, formatLog(format, args));
}

export namespace proxywasm {
  /** Why the last value-returning call here gave null or 0; null when it did not fail. */
  export function LastError(): WasmError | null {
    return toError(lastStatus);
  }

  // ── Request headers ──────────────────────────────────────────────────────────────────────────

  /** Every request header in order, or null when they are not available. */
  export function GetHttpRequestHeaders(): HeaderPair[] | null {
    return mapOrNull(MapType.HttpRequestHeaders);
  }

  /** Replaces all request headers. */
  export function ReplaceHttpRequestHeaders(headers: HeaderPair[]): WasmError | null {
    return toError(hostcalls.setHeaderMapPairs(MapType.HttpRequestHeaders, headers));
  }

  /** The first value of a request header, or null (LastError(): ErrorStatusNotFound when absent). */
  export function GetHttpRequestHeader(key: string): string | null {
    return statusOfHost(hostcalls.getHeaderMapValue(MapType.HttpRequestHeaders, key));
  }

  /** Removes every value of a request header. */
  export function RemoveHttpRequestHeader(key: string): WasmError | null {
    return toError(hostcalls.removeHeaderMapValue(MapType.HttpRequestHeaders, key));
  }

  /** Sets a request header to one value, adding it when absent. */
  export function ReplaceHttpRequestHeader(key: string, value: string): WasmError | null {
    return toError(hostcalls.replaceHeaderMapValue(MapType.HttpRequestHeaders, key, value));
  }

  /** Adds a value to a request header. */
  export function AddHttpRequestHeader(key: string, value: string): WasmError | null {
    return toError(hostcalls.addHeaderMapValue(MapType.HttpRequestHeaders, key, value));
  }

  // ── Response headers ─────────────────────────────────────────────────────────────────────────

  /** Every response header in order, or null when they are not available. */
  export function GetHttpResponseHeaders(): HeaderPair[] | null {
    return mapOrNull(MapType.HttpResponseHeaders);
  }

  /** Replaces all response headers. */
  export function ReplaceHttpResponseHeaders(headers: HeaderPair[]): WasmError | null {
    return toError(hostcalls.setHeaderMapPairs(MapType.HttpResponseHeaders, headers));
  }

  /** The first value of a response header, or null. */
  export function GetHttpResponseHeader(key: string): string | null {
    return statusOfHost(hostcalls.getHeaderMapValue(MapType.HttpResponseHeaders, key));
  }

  /** Removes every value of a response header. */
  export function RemoveHttpResponseHeader(key: string): WasmError | null {
    return toError(hostcalls.removeHeaderMapValue(MapType.HttpResponseHeaders, key));
  }

  /** Sets a response header to one value, adding it when absent. */
  export function ReplaceHttpResponseHeader(key: string, value: string): WasmError | null {
    return toError(hostcalls.replaceHeaderMapValue(MapType.HttpResponseHeaders, key, value));
  }

  /** Adds a value to a response header. */
  export function AddHttpResponseHeader(key: string, value: string): WasmError | null {
    return toError(hostcalls.addHeaderMapValue(MapType.HttpResponseHeaders, key, value));
  }

  // ── Request trailers ─────────────────────────────────────────────────────────────────────────

  /** Every request trailer in order, or null when they are not available. */
  export function GetHttpRequestTrailers(): HeaderPair[] | null {
    return mapOrNull(MapType.HttpRequestTrailers);
  }

  /** Replaces all request trailers. */
  export function ReplaceHttpRequestTrailers(trailers: HeaderPair[]): WasmError | null {
    return toError(hostcalls.setHeaderMapPairs(MapType.HttpRequestTrailers, trailers));
  }

  /** The first value of a request trailer, or null. */
  export function GetHttpRequestTrailer(key: string): string | null {
    return statusOfHost(hostcalls.getHeaderMapValue(MapType.HttpRequestTrailers, key));
  }

  /** Removes every value of a request trailer. */
  export function RemoveHttpRequestTrailer(key: string): WasmError | null {
    return toError(hostcalls.removeHeaderMapValue(MapType.HttpRequestTrailers, key));
  }

  /** Sets a request trailer to one value, adding it when absent. */
  export function ReplaceHttpRequestTrailer(key: string, value: string): WasmError | null {
    return toError(hostcalls.replaceHeaderMapValue(MapType.HttpRequestTrailers, key, value));
  }

  /** Adds a value to a request trailer. */
  export function AddHttpRequestTrailer(key: string, value: string): WasmError | null {
    return toError(hostcalls.addHeaderMapValue(MapType.HttpRequestTrailers, key, value));
  }

  // ── Response trailers ────────────────────────────────────────────────────────────────────────

  /** Every response trailer in order, or null when they are not available. */
  export function GetHttpResponseTrailers(): HeaderPair[] | null {
    return mapOrNull(MapType.HttpResponseTrailers);
  }

  /** Replaces all response trailers. */
  export function ReplaceHttpResponseTrailers(trailers: HeaderPair[]): WasmError | null {
    return toError(hostcalls.setHeaderMapPairs(MapType.HttpResponseTrailers, trailers));
  }

  /** The first value of a response trailer, or null. */
  export function GetHttpResponseTrailer(key: string): string | null {
    return statusOfHost(hostcalls.getHeaderMapValue(MapType.HttpResponseTrailers, key));
  }

  /** Removes every value of a response trailer. */
  export function RemoveHttpResponseTrailer(key: string): WasmError | null {
    return toError(hostcalls.removeHeaderMapValue(MapType.HttpResponseTrailers, key));
  }

  /** Sets a response trailer to one value, adding it when absent. */
  export function ReplaceHttpResponseTrailer(key: string, value: string): WasmError | null {
    return toError(hostcalls.replaceHeaderMapValue(MapType.HttpResponseTrailers, key, value));
  }

  /** Adds a value to a response trailer. */
  export function AddHttpResponseTrailer(key: string, value: string): WasmError | null {
    return toError(hostcalls.addHeaderMapValue(MapType.HttpResponseTrailers, key, value));
  }

  // ── Bodies ───────────────────────────────────────────────────────────────────────────────────
  // Change content-length in the headers phase when a body changes size: the host does not.

  /** Up to `maxSize` bytes of the request body the host holds, from `start`, or null. */
  export function GetHttpRequestBody(start: u32, maxSize: u32): ArrayBuffer | null {
    return statusOfHost(hostcalls.getBufferBytes(BufferType.HttpRequestBody, start, maxSize));
  }

  /** Replaces the request body the host holds. */
  export function ReplaceHttpRequestBody(body: ArrayBuffer): WasmError | null {
    return toError(hostcalls.setBufferBytes(BufferType.HttpRequestBody, 0, WHOLE, body));
  }

  /** Appends to the request body the host holds. */
  export function AppendHttpRequestBody(body: ArrayBuffer): WasmError | null {
    return toError(hostcalls.setBufferBytes(BufferType.HttpRequestBody, WHOLE, 0, body));
  }

  /** Prepends to the request body the host holds. */
  export function PrependHttpRequestBody(body: ArrayBuffer): WasmError | null {
    return toError(hostcalls.setBufferBytes(BufferType.HttpRequestBody, 0, 0, body));
  }

  /** Up to `maxSize` bytes of the response body the host holds, from `start`, or null. */
  export function GetHttpResponseBody(start: u32, maxSize: u32): ArrayBuffer | null {
    return statusOfHost(hostcalls.getBufferBytes(BufferType.HttpResponseBody, start, maxSize));
  }

  /** Replaces the response body the host holds. */
  export function ReplaceHttpResponseBody(body: ArrayBuffer): WasmError | null {
    return toError(hostcalls.setBufferBytes(BufferType.HttpResponseBody, 0, WHOLE, body));
  }

  /** Appends to the response body the host holds. */
  export function AppendHttpResponseBody(body: ArrayBuffer): WasmError | null {
    return toError(hostcalls.setBufferBytes(BufferType.HttpResponseBody, WHOLE, 0, body));
  }

  /** Prepends to the response body the host holds. */
  export function PrependHttpResponseBody(body: ArrayBuffer): WasmError | null {
    return toError(hostcalls.setBufferBytes(BufferType.HttpResponseBody, 0, 0, body));
  }

  // ── Local replies and flow control ───────────────────────────────────────────────────────────

  /** Answers the request locally once the callback returns; then return a stop action. grpcStatus -1: none. */
  export function SendHttpResponse(statusCode: u32, headers: HeaderPair[] | null, body: ArrayBuffer | null, grpcStatus: i32 = -1): WasmError | null {
    return SendHttpResponseWithDetail(statusCode, "", headers, body, grpcStatus);
  }

  /** SendHttpResponse with the response-code details that access logs show (Higress). */
  export function SendHttpResponseWithDetail(
    statusCode: u32,
    detail: string,
    headers: HeaderPair[] | null,
    body: ArrayBuffer | null,
    grpcStatus: i32 = -1,
  ): WasmError | null {
    const pairs = headers != null ? headers : new Array<HeaderPair>();
    const bytes = body != null ? body : new ArrayBuffer(0);
    return toError(hostcalls.sendLocalResponse(statusCode, detail, bytes, pairs, grpcStatus));
  }

  /** Lets a paused request go on once the callback returns. */
  export function ResumeHttpRequest(): WasmError | null {
    return toError(hostcalls.continueStream(StreamType.Request));
  }

  /** Lets a paused response go on once the callback returns. */
  export function ResumeHttpResponse(): WasmError | null {
    return toError(hostcalls.continueStream(StreamType.Response));
  }

  // ── Properties ───────────────────────────────────────────────────────────────────────────────

  /** A property's raw value (strings raw, integers 8-byte LE, booleans 1 byte), or null. */
  export function GetProperty(path: string[]): ArrayBuffer | null {
    return statusOfHost(hostcalls.getProperty(path));
  }

  /** A map-valued property (request.headers, metadata structs) as pairs, or null. */
  export function GetPropertyMap(path: string[]): HeaderPair[] | null {
    return pairsOrNull(statusOfHost(hostcalls.getProperty(path)));
  }

  /** Stores a property (filter state `wasm.<path>`) on the current stream; an empty path is refused. */
  export function SetProperty(path: string[], data: ArrayBuffer): WasmError | null {
    if (path.length == 0) return types.ErrorStatusBadArgument;
    return toError(hostcalls.setProperty(path, data));
  }

  // ── HTTP call replies ────────────────────────────────────────────────────────────────────────

  /** Headers of the HTTP call reply being delivered, or null outside its callback. */
  export function GetHttpCallResponseHeaders(): HeaderPair[] | null {
    return mapOrNull(MapType.HttpCallResponseHeaders);
  }

  /** One header of the HTTP call reply being delivered, or null (not in Go, which has only the list). */
  export function GetHttpCallResponseHeader(key: string): string | null {
    return statusOfHost(hostcalls.getHeaderMapValue(MapType.HttpCallResponseHeaders, key));
  }

  /** Up to `maxSize` bytes of the HTTP call reply's body from `start`, or null. */
  export function GetHttpCallResponseBody(start: u32, maxSize: u32): ArrayBuffer | null {
    return statusOfHost(hostcalls.getBufferBytes(BufferType.HttpCallResponseBody, start, maxSize));
  }

  /** Trailers of the HTTP call reply being delivered, or null. */
  export function GetHttpCallResponseTrailers(): HeaderPair[] | null {
    return mapOrNull(MapType.HttpCallResponseTrailers);
  }

  // ── Configuration and timer ──────────────────────────────────────────────────────────────────

  /** The plugin configuration, or null (only while the plugin is being configured). */
  export function GetPluginConfiguration(): ArrayBuffer | null {
    return statusOfHost(hostcalls.getBufferBytes(BufferType.PluginConfiguration, 0, WHOLE));
  }

  /** The VM configuration, or null (Envoy: only while the VM starts). */
  export function GetVMConfiguration(): ArrayBuffer | null {
    return statusOfHost(hostcalls.getBufferBytes(BufferType.VmConfiguration, 0, WHOLE));
  }

  /**
   * Sets the calling plugin's timer period (0 stops it). The root context's tick scheduler sets
   * the same timer when it has tasks: use one or the other.
   */
  export function SetTickPeriodMilliSeconds(milliSeconds: u32): WasmError | null {
    return toError(hostcalls.setTickPeriodMilliseconds(milliSeconds));
  }

  // ── Shared data and queues ───────────────────────────────────────────────────────────────────

  /** The shared value under `key` with its CAS stamp, or null (ErrorStatusNotFound when absent). */
  export function GetSharedData(key: string): hostcalls.SharedData | null {
    return statusOfHost(hostcalls.getSharedData(key));
  }

  /** Sets a shared value: cas 0 writes unconditionally, else ErrorStatusCasMismatch if it changed. */
  export function SetSharedData(key: string, data: ArrayBuffer, cas: u32): WasmError | null {
    return toError(hostcalls.setSharedData(key, data, cas));
  }

  /** Creates or reopens a queue delivered to this plugin's onQueueReady; its id, 0 on failure. */
  export function RegisterSharedQueue(name: string): u32 {
    return statusOfHost(hostcalls.registerSharedQueue(name));
  }

  /** The id of queue `name` of VM `vmID` ("" for this VM's id), 0 when it does not exist. */
  export function ResolveSharedQueue(vmID: string, name: string): u32 {
    return statusOfHost(hostcalls.resolveSharedQueue(vmID, name));
  }

  /** Appends a message to a queue. */
  export function EnqueueSharedQueue(queueID: u32, data: ArrayBuffer): WasmError | null {
    return toError(hostcalls.enqueueSharedQueue(queueID, data));
  }

  /** Takes the oldest message of a queue, or null (LastError(): ErrorStatusEmpty when there is none). */
  export function DequeueSharedQueue(queueID: u32): ArrayBuffer | null {
    return statusOfHost(hostcalls.dequeueSharedQueue(queueID));
  }

  // ── Metrics (see metrics.ts for what differs from Go) ────────────────────────────────────────

  /** Defines (or reuses) the counter `name`. */
  export function DefineCounterMetric(name: string): Counter {
    return new Counter(name);
  }

  /** Defines (or reuses) the gauge `name`. */
  export function DefineGaugeMetric(name: string): Gauge {
    return new Gauge(name);
  }

  /** Defines (or reuses) the histogram `name`. */
  export function DefineHistogramMetric(name: string): Histogram {
    return new Histogram(name);
  }

  // ── Host extensions ──────────────────────────────────────────────────────────────────────────

  /** Calls a foreign function the host registered (null `param`: no argument); its result, or null. */
  export function CallForeignFunction(funcName: string, param: ArrayBuffer | null): ArrayBuffer | null {
    return statusOfHost(hostcalls.callForeignFunction(funcName, param != null ? param : new ArrayBuffer(0)));
  }

  /** Pushes response-direction data into the filter chain (Higress). */
  export function InjectEncodedDataToFilterChain(body: ArrayBuffer, endStream: bool): WasmError | null {
    return toError(hostcalls.injectEncodedDataToFilterChain(body, endStream));
  }

  /** The route's upstream hosts as (address, metrics text) pairs (Higress), or null. */
  export function GetUpstreamHosts(): HeaderPair[] | null {
    const hosts = hostcalls.getUpstreamHosts();
    lastStatus = hostcalls.lastResult();
    // The host answered but its pair list did not parse.
    if (hosts == null && lastStatus == WasmResult.Ok) lastStatus = WasmResult.SerializationFailure;
    return hosts;
  }

  /** Sends this request to `address` (Go's []byte), bypassing load balancing (Higress). */
  export function SetUpstreamOverrideHost(address: ArrayBuffer): WasmError | null {
    return toError(hostcalls.setUpstreamOverrideHost(String.UTF8.decode(address)));
  }

  // ── Logging without the plugin prefix ────────────────────────────────────────────────────────

  /** The host's log level; Trace while the VM starts, when the host cannot be asked. */
  export function GetLogLevel(): LogLevel {
    return currentContextId() == 0 ? LogLevel.Trace : hostcalls.getLogLevel();
  }

  /** Logs `msg` at trace level. */
  export function LogTrace(msg: string): void {
    hostcalls.log(LogLevel.Trace, msg);
  }

  /** Formats (see formatLog) and logs at trace level; nothing is built when trace is off. */
  export function LogTracef(format: string, args: string[] = []): void {
    logf(LogLevel.Trace, format, args);
  }

  /** Logs `msg` at debug level. */
  export function LogDebug(msg: string): void {
    hostcalls.log(LogLevel.Debug, msg);
  }

  /** Formats and logs at debug level; nothing is built when debug is off. */
  export function LogDebugf(format: string, args: string[] = []): void {
    logf(LogLevel.Debug, format, args);
  }

  /** Logs `msg` at info level. */
  export function LogInfo(msg: string): void {
    hostcalls.log(LogLevel.Info, msg);
  }

  /** Formats and logs at info level; nothing is built when info is off. */
  export function LogInfof(format: string, args: string[] = []): void {
    logf(LogLevel.Info, format, args);
  }

  /** Logs `msg` at warn level. */
  export function LogWarn(msg: string): void {
    hostcalls.log(LogLevel.Warn, msg);
  }

  /** Formats and logs at warn level; nothing is built when warn is off. */
  export function LogWarnf(format: string, args: string[] = []): void {
    logf(LogLevel.Warn, format, args);
  }

  /** Logs `msg` at error level. */
  export function LogError(msg: string): void {
    hostcalls.log(LogLevel.Error, msg);
  }

  /** Formats and logs at error level; nothing is built when error is off. */
  export function LogErrorf(format: string, args: string[] = []): void {
    logf(LogLevel.Error, format, args);
  }

  /** Logs `msg` at critical level. */
  export function LogCritical(msg: string): void {
    hostcalls.log(LogLevel.Critical, msg);
  }

  /** Formats and logs at critical level; nothing is built when critical is off. */
  export function LogCriticalf(format: string, args: string[] = []): void {
    logf(LogLevel.Critical, format, args);
  }
}
