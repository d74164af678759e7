// What a handler gets for each request: Go's `wrapper.HttpContext`. Request facts cached from the
// headers (so they work in every phase), typed per-request storage, user attributes for access
// logs and traces, and the switches of the wrapper's body policy.

import { BufferType, MapType, WasmResult } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { HeaderPair } from "../abi/pairs";
import { Log } from "../log/log";
import { HttpStreamContext } from "../runtime/http_stream_context";
import { joinStrings } from "../runtime/string_join";
import { ContextStore } from "./context_store";
import { parseJson } from "../json/json_parse";
import { MarshalStr, UnmarshalStr, quoteJson } from "../json/json_text";
import { PluginContext } from "./plugin_context";

/** Filter-state key the access log reads custom attributes from. */
export const CustomLogKey = "custom_log";
/** Filter-state key the AI access log reads attributes from. */
export const AILogKey = "ai_log";
/** Prefix of the properties that become tracing span tags. */
export const TraceSpanTagPrefix = "trace_span_tag.";

/**
 * Receives the upstream's answer to a RouteCall instead of the client (Go: RouteResponseCallback;
 * the context comes last, as for HttpClient callbacks, since it cannot be captured). statusCode is 500 when the upstream sent
 * no valid `:status`.
 */
export type RouteResponseCallback = (statusCode: i32, headers: HeaderPair[], body: ArrayBuffer, context: HttpContext) => void;

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
  protected scheme: string = "";
  protected host: string = "";
  protected path: string = "";
  protected method: string = "";
  protected connection: string = "";
  protected upgrade: string = "";
  protected requestContentType: string = "";
  protected requestContentEncoding: string = "";
  protected responseContentType: string = "";
  protected responseContentEncoding: string = "";
  protected phase: HTTPExecutionPhase = HTTPExecutionPhase.DecodeHeader;
  protected requestEndOfStream: bool = true;
  protected responseEndOfStream: bool = true;
  protected needRequestBody: bool = false;
  protected needResponseBody: bool = false;
  protected streamingRequestBody: bool = false;
  protected streamingResponseBody: bool = false;
  protected pauseStreamingResponse: bool = false;
  private store: ContextStore = new ContextStore();
  private attributes: Map<string, string> = new Map<string, string>();
  private buffers: ArrayBuffer[] = [];
  protected routeCallback: RouteResponseCallback | null = null;

  constructor(contextId: u32, public readonly plugin: PluginContext) {
    super(contextId, plugin);
    this.log = plugin.log;
  }

  /** `:scheme` of the request. */
  Scheme(): string { return this.scheme; }
  /** `:authority` of the request. */
  Host(): string { return this.host; }
  /** `:path` of the request, query included. */
  Path(): string { return this.path; }
  /** `:method` of the request. */
  Method(): string { return this.method; }

  /** Stores a per-request value of any type (kept reachable for the GC until the stream ends). */
  SetContext<T>(key: string, value: T): void {
    this.store.set<T>(key, value);
  }

  /** A per-request value stored as a T (a reference type), or null on a miss or another type. */
  GetContext<T>(key: string): T | null {
    return this.store.find<T>(key);
  }

  /** A per-request value stored as a T, or `fallback`. */
  GetContextOr<T>(key: string, fallback: T): T {
    return this.store.getOr<T>(key, fallback);
  }

  /** Whether a per-request value is stored under `key`. */
  HasContext(key: string): bool {
    return this.store.has(key);
  }

  /** A bool stored under `key`, or `fallback`. */
  GetBoolContext(key: string, fallback: bool): bool {
    return this.store.getOr<bool>(key, fallback);
  }

  /** A string stored under `key`, or `fallback`. */
  GetStringContext(key: string, fallback: string): string {
    return this.store.getOr<string>(key, fallback);
  }

  /** Bytes stored under `key`, or `fallback`. */
  GetByteSliceContext(key: string, fallback: ArrayBuffer): ArrayBuffer {
    return this.store.getOr<ArrayBuffer>(key, fallback);
  }

  /** An integer stored under `key` (as i64 or i32), or `fallback`. */
  GetIntContext(key: string, fallback: i64): i64 {
    if (this.store.holds<i32>(key)) return <i64>this.store.getOr<i32>(key, 0);
    return this.store.getOr<i64>(key, fallback);
  }

  /** Sets an attribute for the access log and traces (a string, bool or number). */
  SetUserAttribute<T>(key: string, value: T): void {
    this.attributes.set(key, attributeJson<T>(value));
  }

  /** The JSON text of an attribute (`"text"`, `42`, `true`), or null. */
  GetUserAttribute(key: string): string | null {
    return this.attributes.has(key) ? this.attributes.get(key) : null;
  }

  /** Every attribute as key → JSON text, in the order they were first set. */
  GetUserAttributeMap(): Map<string, string> {
    return this.attributes;
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
    const own = this.attributes.keys();
    for (let i = 0; i < own.length; i++) merged.set(own[i], this.attributes.get(own[i]));
    const keys = merged.keys();
    const members = new Array<string>(keys.length);
    for (let i = 0; i < keys.length; i++) members[i] = quoteJson(keys[i]) + ":" + merged.get(keys[i]);
    const json = "{" + joinStrings(members, ",") + "}";
    const result = hostcalls.setProperty([key], String.UTF8.encode(MarshalStr(json)));
    return result == WasmResult.Ok ? null : new Error("write user attributes to " + key + " failed: WasmResult " + result.toString());
  }

  /** Sets one tracing span tag per attribute (property `trace_span_tag.<key>`). */
  WriteUserAttributeToTrace(): Error | null {
    const keys = this.attributes.keys();
    for (let i = 0; i < keys.length; i++) {
      const json = this.attributes.get(keys[i]);
      const parsed = parseJson(json);
      const text = parsed.ok ? parsed.value.String() : json;
      if (text.length == 0) {
        this.log.Warn("user attribute " + keys[i] + " is empty, not written to the trace");
        continue;
      }
      const result = hostcalls.setProperty([TraceSpanTagPrefix + keys[i]], String.UTF8.encode(text));
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
  PushBuffer(buffer: ArrayBuffer): void { this.buffers.push(buffer); }
  /** Takes the oldest queued bytes, or null when the queue is empty. */
  PopBuffer(): ArrayBuffer | null { return this.buffers.length > 0 ? this.buffers.shift() : null; }
  /** How many byte buffers are queued. */
  BufferQueueSize(): i32 { return this.buffers.length; }

  /** Raises Envoy's request buffer limit for this request (Higress). */
  SetRequestBodyBufferLimit(byteSize: u32): WasmResult {
    return hostcalls.setProperty(["set_decoder_buffer_limit"], String.UTF8.encode(byteSize.toString()));
  }

  /** Raises Envoy's response buffer limit for this request (Higress). */
  SetResponseBodyBufferLimit(byteSize: u32): WasmResult {
    return hostcalls.setProperty(["set_encoder_buffer_limit"], String.UTF8.encode(byteSize.toString()));
  }

  /** Header changes no longer re-pick the route (Higress); call it before changing headers. */
  DisableReroute(): WasmResult {
    return hostcalls.setProperty(["clear_route_cache"], String.UTF8.encode("off"));
  }

  /** Whether the request has a body (its headers did not end the stream). */
  HasRequestBody(): bool { return !this.requestEndOfStream; }
  /** Whether the response has a body. */
  HasResponseBody(): bool { return !this.responseEndOfStream; }

  /** Whether the request upgrades to a websocket. */
  IsWebsocket(): bool {
    return this.connection.toLowerCase() == "upgrade" && this.upgrade.toLowerCase() == "websocket";
  }

  /** Whether the request body is binary (octet-stream, grpc) or encoded (any content-encoding). */
  IsBinaryRequestBody(): bool {
    return isBinary(this.requestContentType, this.requestContentEncoding);
  }

  /** Whether the response body is binary (octet-stream, grpc) or encoded (any content-encoding). */
  IsBinaryResponseBody(): bool {
    return isBinary(this.responseContentType, this.responseContentEncoding);
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
      hostcalls.replaceHeaderMapValue(request, "x-envoy-original-method", this.method),
      hostcalls.replaceHeaderMapValue(request, "x-envoy-original-path", this.path),
      hostcalls.replaceHeaderMapValue(request, "x-envoy-original-host", this.host),
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
