// What a handler gets for each request: Go's `wrapper.HttpContext`. Request facts read from the
// headers, typed per-request storage, user attributes for access logs and traces, and the
// switches of the wrapper's body policy. A request pays only for what its plugin uses: facts are
// read on first use and storage is created on first write.

import { BufferType, MapType, WasmResult } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { HeaderPair } from "../abi/pairs";
import { Log } from "../log/log";
import { HttpStreamContext, StreamCallback } from "../runtime/http_stream_context";
import { deliverLaterPhases } from "../runtime/stream_phases";
import { joinStrings } from "../runtime/string_join";
import { ContextStore } from "./context_store";
import { parseJson } from "../json/json_parse";
import { MarshalStr, UnmarshalStr, quoteJson } from "../json/json_text";
import { PluginContext } from "./plugin_context";
import { encodeUtf8 } from "../abi/utf8";

/** Filter-state key the access log reads custom attributes from. */
@lazy export const CustomLogKey = "custom_log";
/** Filter-state key the AI access log reads attributes from. */
@lazy export const AILogKey = "ai_log";
/** Prefix of the properties that become tracing span tags. */
@lazy export const TraceSpanTagPrefix = "trace_span_tag.";

/**
 * Receives the upstream's answer to a RouteCall instead of the client (Go: RouteResponseCallback;
 * the context comes last, as for HttpClient callbacks, since it cannot be captured). statusCode is 500 when the upstream sent
 * no valid `:status`.
 */
export type RouteResponseCallback = (statusCode: i32, headers: HeaderPair[], body: ArrayBuffer, context: HttpContext) => void;

/** The request headers the wrapper serves as facts; indexes into FACT_KEYS. */
export enum RequestFact {
  Scheme,
  Authority,
  Path,
  Method,
  Connection,
  Upgrade,
  ContentType,
  ContentEncoding,
  ContentLength,
  RequestId,
  Count,
}

@lazy const FACT_KEYS: StaticArray<string> = [
  ":scheme", ":authority", ":path", ":method", "connection", "upgrade",
  "content-type", "content-encoding", "content-length", "x-request-id",
];

@lazy const X_REQUEST_ID_PROPERTY: string[] = ["x_request_id"];

type FactCapture = (facts: StaticArray<string | null>) => void;

// Set by captureFactsEarly: only a plugin with later-phase handlers reads all facts up front, so
// only it compiles the reading.
let factCapture: FactCapture | null = null;

function captureFacts(facts: StaticArray<string | null>): void {
  for (let f = 0; f < RequestFact.Count; f++) unchecked(facts[f] = "");
  const headers = hostcalls.getHeaderMapPairs(MapType.HttpRequestHeaders);
  for (let i = 0; i < headers.length; i++) {
    const pair = unchecked(headers[i]);
    for (let f = 0; f < RequestFact.Count; f++) {
      if (pair.key == unchecked(FACT_KEYS[f])) {
        unchecked(facts[f] = pair.value);
        break;
      }
    }
  }
}

/**
 * For the SetCtx options of phases after request headers: the request facts are read at request
 * headers, where Envoy still serves them.
 */
export function captureFactsEarly(): void {
  factCapture = captureFacts;
}

/** The phase a request is in (Go: HTTPExecutionPhase). */
export enum HTTPExecutionPhase {
  DecodeHeader = 0,
  DecodeData = 1,
  EncodeHeader = 2,
  EncodeData = 3,
  Done = 4,
}

// The JSON text of a user attribute value; strings, booleans and numbers are what access logs take.
function attributeJson<T>(value: T): string {
  if (isString<T>()) return quoteJson(changetype<string>(value));
  if (isBoolean<T>()) return value ? "true" : "false";
  if (isInteger<T>() || isFloat<T>()) return value.toString();
  ERROR("SetUserAttribute takes a string, a bool or a number");
  return "";
}

/** The per-request context of the wrapper (Go: wrapper.HttpContext). */
export class HttpContext extends HttpStreamContext {
  /** The plugin's logger. */
  readonly log: Log;
  // Request facts by RequestFact, null until read (see requestFact); the array itself is created
  // on the first read, so a request whose plugin reads none allocates nothing for them.
  private facts: StaticArray<string | null> | null = null;
  private responseContentType: string | null = null;
  private responseContentEncoding: string | null = null;
  private requestIdCopied: bool = false;
  protected phase: HTTPExecutionPhase = HTTPExecutionPhase.DecodeHeader;
  protected requestEndOfStream: bool = true;
  protected responseEndOfStream: bool = true;
  protected needRequestBody: bool = false;
  protected needResponseBody: bool = false;
  protected streamingRequestBody: bool = false;
  protected streamingResponseBody: bool = false;
  protected pauseStreamingResponse: bool = false;
  private store: ContextStore | null = null;
  private attributes: Map<string, string> | null = null;
  private buffers: ArrayBuffer[] | null = null;
  protected routeCallback: RouteResponseCallback | null = null;

  constructor(contextId: u32, public readonly plugin: PluginContext) {
    super(contextId, plugin);
    this.log = plugin.log;
  }

  /** `:scheme` of the request. */
  Scheme(): string { return this.requestFact(RequestFact.Scheme); }
  /** `:authority` of the request. */
  Host(): string { return this.requestFact(RequestFact.Authority); }
  /** `:path` of the request, query included. */
  Path(): string { return this.requestFact(RequestFact.Path); }
  /** `:method` of the request. */
  Method(): string { return this.requestFact(RequestFact.Method); }

  /**
   * A request header the wrapper serves, "" when absent. Read on first use; Envoy drops the
   * request header map once the headers have gone on, so a plugin with later-phase handlers has
   * them all captured at request headers (captureRequestFacts).
   */
  protected requestFact(fact: RequestFact): string {
    const facts = this.ownFacts();
    const known = unchecked(facts[fact]);
    if (changetype<usize>(known) != 0) return changetype<string>(known);
    const value = hostcalls.getHeaderMapValue(MapType.HttpRequestHeaders, unchecked(FACT_KEYS[fact]));
    const text = changetype<usize>(value) != 0 ? changetype<string>(value) : "";
    unchecked(facts[fact] = text);
    return text;
  }

  private ownFacts(): StaticArray<string | null> {
    let facts = this.facts;
    if (facts == null) {
      facts = new StaticArray<string | null>(RequestFact.Count);
      this.facts = facts;
    }
    return facts;
  }

  /**
   * Reads every request fact with one host call (the last value of a repeated header wins), for
   * a plugin with later-phase handlers (captureFactsEarly).
   */
  protected captureRequestFacts(): void {
    const capture = factCapture;
    if (capture != null) capture(this.ownFacts());
  }

  /**
   * Copies the `x-request-id` header into property `x_request_id` (what Go's wrapper does at
   * request headers), once, the first time something reads that property for this request.
   */
  beforeRequestIdRead(): void {
    if (this.requestIdCopied) return;
    this.requestIdCopied = true;
    const id = this.requestFact(RequestFact.RequestId);
    if (id.length > 0) hostcalls.setPropertyString(X_REQUEST_ID_PROPERTY, id);
  }

  private ownStore(): ContextStore {
    let store = this.store;
    if (store == null) {
      store = new ContextStore();
      this.store = store;
    }
    return store;
  }

  /** Stores a per-request value of any type (kept reachable for the GC until the stream ends). */
  SetContext<T>(key: string, value: T): void {
    this.ownStore().set<T>(key, value);
  }

  /** A per-request value stored as a T (a reference type), or null on a miss or another type. */
  GetContext<T>(key: string): T | null {
    const store = this.store;
    return store == null ? null : store.find<T>(key);
  }

  /** A per-request value stored as a T, or `fallback`. */
  GetContextOr<T>(key: string, fallback: T): T {
    const store = this.store;
    return store == null ? fallback : store.getOr<T>(key, fallback);
  }

  /** Whether a per-request value is stored under `key`. */
  HasContext(key: string): bool {
    const store = this.store;
    return store != null && store.has(key);
  }

  /** A bool stored under `key`, or `fallback`. */
  GetBoolContext(key: string, fallback: bool): bool {
    return this.GetContextOr<bool>(key, fallback);
  }

  /** A string stored under `key`, or `fallback`. */
  GetStringContext(key: string, fallback: string): string {
    return this.GetContextOr<string>(key, fallback);
  }

  /** Bytes stored under `key`, or `fallback`. */
  GetByteSliceContext(key: string, fallback: ArrayBuffer): ArrayBuffer {
    return this.GetContextOr<ArrayBuffer>(key, fallback);
  }

  /** An integer stored under `key` (as i64 or i32), or `fallback`. */
  GetIntContext(key: string, fallback: i64): i64 {
    const store = this.store;
    if (store == null) return fallback;
    if (store.holds<i32>(key)) return <i64>store.getOr<i32>(key, 0);
    return store.getOr<i64>(key, fallback);
  }

  /** Sets an attribute for the access log and traces (a string, bool or number). */
  SetUserAttribute<T>(key: string, value: T): void {
    this.GetUserAttributeMap().set(key, attributeJson<T>(value));
  }

  /** The JSON text of an attribute (`"text"`, `42`, `true`), or null. */
  GetUserAttribute(key: string): string | null {
    const attributes = this.attributes;
    return attributes != null && attributes.has(key) ? attributes.get(key) : null;
  }

  /** Every attribute as key → JSON text, in the order they were first set. */
  GetUserAttributeMap(): Map<string, string> {
    let attributes = this.attributes;
    if (attributes == null) {
      attributes = new Map<string, string>();
      this.attributes = attributes;
    }
    return attributes;
  }

  /** WriteUserAttributeToLogWithKey(CustomLogKey). */
  WriteUserAttributeToLog(): Error | null {
    return this.WriteUserAttributeToLogWithKey(CustomLogKey);
  }

  /**
   * Merges the attributes into the JSON object stored (escaped) in property `key`, where Envoy's
   * access log reads it as `%FILTER_STATE(wasm.<key>:PLAIN)%`.
   */
  WriteUserAttributeToLogWithKey(key: string): Error | null {
    const merged = new Map<string, string>();
    const existing = hostcalls.getPropertyString([key]);
    if (existing != null && existing.length > 0) {
      const parsed = parseJson(UnmarshalStr(existing));
      if (parsed.ok && parsed.value.IsObject()) {
        const fields = parsed.value.Map();
        const keys = fields.keys();
        for (let i = 0; i < keys.length; i++) merged.set(keys[i], fields.get(keys[i]).Raw());
      }
    }
    const attributes = this.GetUserAttributeMap();
    const own = attributes.keys();
    for (let i = 0; i < own.length; i++) merged.set(own[i], attributes.get(own[i]));
    const keys = merged.keys();
    const members = new Array<string>(keys.length);
    for (let i = 0; i < keys.length; i++) members[i] = quoteJson(keys[i]) + ":" + merged.get(keys[i]);
    const json = "{" + joinStrings(members, ",") + "}";
    const result = hostcalls.setProperty([key], encodeUtf8(MarshalStr(json)));
    return result == WasmResult.Ok ? null : new Error("write user attributes to " + key + " failed: WasmResult " + result.toString());
  }

  /** Sets one tracing span tag per attribute (property `trace_span_tag.<key>`). */
  WriteUserAttributeToTrace(): Error | null {
    const attributes = this.GetUserAttributeMap();
    const keys = attributes.keys();
    for (let i = 0; i < keys.length; i++) {
      const json = attributes.get(keys[i]);
      const parsed = parseJson(json);
      const text = parsed.ok ? parsed.value.String() : json;
      if (text.length == 0) {
        this.log.Warn("user attribute " + keys[i] + " is empty, not written to the trace");
        continue;
      }
      const result = hostcalls.setProperty([TraceSpanTagPrefix + keys[i]], encodeUtf8(text));
      if (result != WasmResult.Ok) return new Error("write user attribute " + keys[i] + " to the trace failed: WasmResult " + result.toString());
    }
    return null;
  }

  /** The body handlers skip the request body; call it in the headers phase. */
  DontReadRequestBody(): void { this.needRequestBody = false; }
  /** The body handlers skip the response body; call it in the response headers phase. */
  DontReadResponseBody(): void { this.needResponseBody = false; }
  /** Use the buffered request body handler even though a streaming one is registered. */
  BufferRequestBody(): void { this.streamingRequestBody = false; }
  /** Use the buffered response body handler even though a streaming one is registered. */
  BufferResponseBody(): void { this.streamingResponseBody = false; }

  /** After each streamed response chunk the stream pauses (push data later with InjectEncodedDataToFilterChain). */
  NeedPauseStreamingResponse(): void { this.pauseStreamingResponse = true; }

  /** Queues bytes for later (the pause-streaming pattern). */
  PushBuffer(buffer: ArrayBuffer): void {
    let buffers = this.buffers;
    if (buffers == null) {
      buffers = new Array<ArrayBuffer>();
      this.buffers = buffers;
    }
    buffers.push(buffer);
  }
  /** Takes the oldest queued bytes, or null when the queue is empty. */
  PopBuffer(): ArrayBuffer | null {
    const buffers = this.buffers;
    return buffers != null && buffers.length > 0 ? buffers.shift() : null;
  }
  /** How many byte buffers are queued. */
  BufferQueueSize(): i32 {
    const buffers = this.buffers;
    return buffers == null ? 0 : buffers.length;
  }

  /** Raises Envoy's request buffer limit for this request (Higress). */
  SetRequestBodyBufferLimit(byteSize: u32): WasmResult {
    return hostcalls.setProperty(["set_decoder_buffer_limit"], encodeUtf8(byteSize.toString()));
  }

  /** Raises Envoy's response buffer limit for this request (Higress). */
  SetResponseBodyBufferLimit(byteSize: u32): WasmResult {
    return hostcalls.setProperty(["set_encoder_buffer_limit"], encodeUtf8(byteSize.toString()));
  }

  /** Header changes no longer re-pick the route (Higress); call it before changing headers. */
  DisableReroute(): WasmResult {
    return hostcalls.setProperty(["clear_route_cache"], encodeUtf8("off"));
  }

  /** Whether the request has a body (its headers did not end the stream). */
  HasRequestBody(): bool { return !this.requestEndOfStream; }
  /** Whether the response has a body. */
  HasResponseBody(): bool { return !this.responseEndOfStream; }

  /** Whether the request upgrades to a websocket. */
  IsWebsocket(): bool {
    return equalsAsciiLowercase(this.requestFact(RequestFact.Connection), "upgrade") &&
      equalsAsciiLowercase(this.requestFact(RequestFact.Upgrade), "websocket");
  }

  /** Whether the request body is binary (octet-stream, grpc) or encoded (any content-encoding). */
  IsBinaryRequestBody(): bool {
    return isBinary(this.requestFact(RequestFact.ContentType), this.requestFact(RequestFact.ContentEncoding));
  }

  /** Whether the response body is binary (octet-stream, grpc) or encoded (any content-encoding). */
  IsBinaryResponseBody(): bool {
    let contentType = this.responseContentType;
    let contentEncoding = this.responseContentEncoding;
    if (contentType == null || contentEncoding == null) {
      contentType = orEmpty(hostcalls.getHeaderMapValue(MapType.HttpResponseHeaders, "content-type"));
      contentEncoding = orEmpty(hostcalls.getHeaderMapValue(MapType.HttpResponseHeaders, "content-encoding"));
      this.responseContentType = contentType;
      this.responseContentEncoding = contentEncoding;
    }
    return isBinary(contentType, contentEncoding);
  }

  /** The phase the request is in. */
  GetExecutionPhase(): HTTPExecutionPhase { return this.phase; }

  /**
   * Sends the current request on to the route's upstream as `method url` with `headers` added or
   * replaced and `body` as its body, and hands the upstream's answer to `callback` instead of the
   * client. Call it from the request body phase, the headers having been held (StopIteration);
   * the original method, path and host travel in x-envoy-original-* headers.
   */
  RouteCall(method: string, url: string, headers: HeaderPair[], body: ArrayBuffer, callback: RouteResponseCallback): Error | null {
    const target = splitUrl(url);
    if (target == null) return new Error("route call: invalid url " + url);
    const request = MapType.HttpRequestHeaders;
    const steps: WasmResult[] = [
      hostcalls.removeHeaderMapValue(request, "accept-encoding"),
      hostcalls.removeHeaderMapValue(request, "content-length"),
      hostcalls.replaceHeaderMapValue(request, "x-envoy-original-method", this.Method()),
      hostcalls.replaceHeaderMapValue(request, "x-envoy-original-path", this.Path()),
      hostcalls.replaceHeaderMapValue(request, "x-envoy-original-host", this.Host()),
      hostcalls.replaceHeaderMapValue(request, ":method", method),
      hostcalls.replaceHeaderMapValue(request, ":path", target.path),
    ];
    if (target.authority.length > 0) steps.push(hostcalls.replaceHeaderMapValue(request, ":authority", target.authority));
    for (let i = 0; i < headers.length; i++) steps.push(hostcalls.replaceHeaderMapValue(request, headers[i].key, headers[i].value));
    steps.push(hostcalls.setBufferBytes(BufferType.HttpRequestBody, 0, 0x7fffffff, body));
    for (let i = 0; i < steps.length; i++) {
      if (steps[i] != WasmResult.Ok) return new Error("route call: the request can no longer be changed (WasmResult " + steps[i].toString() + ")");
    }
    this.routeCallback = callback;
    // The upstream's answer arrives in the response callbacks, whatever the plugin registered.
    this.callbacks = StreamCallback.All;
    deliverLaterPhases();
    return null;
  }
}

class UrlTarget {
  constructor(public authority: string, public path: string) {}
}

// "scheme://authority/path?query#fragment" or "/path?query#fragment"; null for anything else.
function splitUrl(url: string): UrlTarget | null {
  let authority = "";
  let rest = url;
  const scheme = url.indexOf("://");
  if (scheme > 0) {
    const afterScheme = url.substring(scheme + 3);
    let end = afterScheme.length;
    for (let i = 0; i < afterScheme.length; i++) {
      const c = afterScheme.charCodeAt(i);
      if (c == 0x2f || c == 0x3f || c == 0x23) { // '/', '?', '#'
        end = i;
        break;
      }
    }
    authority = afterScheme.substring(0, end);
    rest = afterScheme.substring(end);
    if (authority.length == 0) return null;
  } else if (!url.startsWith("/")) {
    return null;
  }
  if (rest.length == 0 || rest.charCodeAt(0) != 0x2f) rest = "/" + rest;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c <= 0x20 || c == 0x7f) return null;
  }
  return new UrlTarget(authority, rest);
}

function isBinary(contentType: string, contentEncoding: string): bool {
  return contentType.includes("octet-stream") || contentType.includes("grpc") || contentEncoding.length > 0;
}

function orEmpty(value: string | null): string {
  return changetype<usize>(value) != 0 ? changetype<string>(value) : "";
}

// Whether `value` equals `lower` (lowercase ASCII) ignoring ASCII case; String#toLowerCase would
// pull in the Unicode case tables for header tokens that are ASCII by definition.
function equalsAsciiLowercase(value: string, lower: string): bool {
  const n = value.length;
  if (n != lower.length) return false;
  for (let i = 0; i < n; i++) {
    let c = <u32>value.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c != <u32>lower.charCodeAt(i)) return false;
  }
  return true;
}
