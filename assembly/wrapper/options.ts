// The options of SetCtx, with wasm-go's names. Go passes closures; AssemblyScript has none, so an
// option carries plain function references (top-level functions or capture-free arrows) and
// every piece of state a handler needs travels through its context and config arguments. The
// options for phases after request headers switch those phases on (runtime/stream_phases.ts),
// so a plugin without them carries none of their code.

import { JsonResult } from "../json/json_result";
import { HttpContext, captureFactsEarly } from "./http_context";
import {
  deliverLaterPhases,
  deliverRequestBody,
  deliverRequestTrailers,
  deliverResponseBody,
  deliverResponseHeaders,
  deliverResponseTrailers,
} from "../runtime/stream_phases";
import { PluginContext } from "./plugin_context";
import { BodyPolicy, WrapperBodyPolicy } from "./plugin";
import { Log } from "../log/log";

/** Parses the plugin JSON into `config`; returns an error or null (Go: ParseConfigFunc). */
export type ParseConfigFunc<C> = (json: JsonResult, config: C) => Error | null;
/** Like ParseConfigFunc, with the plugin context (Go: ParseConfigWithContextFunc). */
export type ParseConfigWithContextFunc<C> = (context: PluginContext, json: JsonResult, config: C) => Error | null;
/** Parses the raw configuration bytes (Go: ParseRawConfigFunc). */
export type ParseRawConfigFunc<C> = (configBytes: ArrayBuffer, config: C) => Error | null;
/** Parses one `_rules_` item, given the parsed global config (Go: ParseRuleConfigFunc). */
export type ParseRuleConfigFunc<C> = (json: JsonResult, global: C, config: C) => Error | null;
/** Raw-bytes form of ParseRuleConfigFunc (Go: ParseRawRuleConfigFunc). */
export type ParseRawRuleConfigFunc<C> = (configBytes: ArrayBuffer, global: C, config: C) => Error | null;
/** A headers or trailers handler; returns a types.Action / header status (Go: onHttpHeadersFunc). */
export type HttpHeadersFunc<C> = (context: HttpContext, config: C) => u32;
/** A buffered body handler, called once with the whole body (Go: onHttpBodyFunc). */
export type HttpBodyFunc<C> = (context: HttpContext, config: C, body: ArrayBuffer) => u32;
/** A streaming body handler; the returned bytes replace the chunk (Go: onHttpStreamingBodyFunc). */
export type HttpStreamingBodyFunc<C> = (context: HttpContext, config: C, chunk: ArrayBuffer, isLastChunk: bool) => ArrayBuffer;
/** Called when the stream completes, at access-log time (Go: onHttpStreamDoneFunc). */
export type HttpStreamDoneFunc<C> = (context: HttpContext, config: C) => void;
/** Runs first on every start or reload of the plugin (Go: onPluginStartOrReload). */
export type PluginStartOrReloadFunc = (context: PluginContext) => Error | null;

/** What SetCtx collects from its options: the plugin's handlers and settings. */
export class CtxSetup<C> {
  parseConfig: ParseConfigFunc<C> | null = null;
  parseConfigWithContext: ParseConfigWithContextFunc<C> | null = null;
  parseRawConfig: ParseRawConfigFunc<C> | null = null;
  parseRuleConfig: ParseRuleConfigFunc<C> | null = null;
  parseRawRuleConfig: ParseRawRuleConfigFunc<C> | null = null;
  requestHeaders: HttpHeadersFunc<C> | null = null;
  requestBody: HttpBodyFunc<C> | null = null;
  streamingRequestBody: HttpStreamingBodyFunc<C> | null = null;
  requestTrailers: HttpHeadersFunc<C> | null = null;
  responseHeaders: HttpHeadersFunc<C> | null = null;
  responseBody: HttpBodyFunc<C> | null = null;
  streamingResponseBody: HttpStreamingBodyFunc<C> | null = null;
  responseTrailers: HttpHeadersFunc<C> | null = null;
  streamDone: HttpStreamDoneFunc<C> | null = null;
  prePluginStartOrReload: PluginStartOrReloadFunc | null = null;
  logger: Log | null = null;
  maxRequestBodyBytes: i64 = -1;
  /** Set by the body options alone, so only a plugin that reads a body compiles the body policy in. */
  bodies: BodyPolicy<C> | null = null;
  /**
   * Whether a handler runs after request headers, where Envoy no longer serves the request
   * header map, so the request facts are captured while it still does. Set by the options for
   * those phases.
   */
  readsRequestLater: bool = false;

  /** Whether any parse function is set (a plugin without one takes no configuration). */
  hasParser(): bool {
    return this.parseConfig != null || this.parseConfigWithContext != null || this.parseRawConfig != null;
  }
}

/**
 * One SetCtx option; build it with ParseConfig, ProcessRequestHeaders, ... Each kind of option
 * is its own small class that sets only its own part of the setup, so a plugin carries the code
 * of the kinds it uses rather than one copy routine for every field.
 */
export abstract class CtxOption<C> {
  /** Sets what this option sets on `target` (later options win, as in Go). */
  abstract applyTo(target: CtxSetup<C>): void;
}

class ParseConfigOption<C> extends CtxOption<C> {
  constructor(private f: ParseConfigFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void { target.parseConfig = this.f; }
}

class ParseConfigWithContextOption<C> extends CtxOption<C> {
  constructor(private f: ParseConfigWithContextFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void { target.parseConfigWithContext = this.f; }
}

class ParseRawConfigOption<C> extends CtxOption<C> {
  constructor(private f: ParseRawConfigFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void { target.parseRawConfig = this.f; }
}

class ParseOverrideConfigOption<C> extends CtxOption<C> {
  constructor(private f: ParseConfigFunc<C>, private g: ParseRuleConfigFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.parseConfig = this.f;
    target.parseRuleConfig = this.g;
  }
}

class ParseOverrideRawConfigOption<C> extends CtxOption<C> {
  constructor(private f: ParseRawConfigFunc<C>, private g: ParseRawRuleConfigFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.parseRawConfig = this.f;
    target.parseRawRuleConfig = this.g;
  }
}

class RequestHeadersOption<C> extends CtxOption<C> {
  constructor(private f: HttpHeadersFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void { target.requestHeaders = this.f; }
}

class RequestBodyOption<C> extends CtxOption<C> {
  constructor(private f: HttpBodyFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.requestBody = this.f;
    target.bodies = new WrapperBodyPolicy<C>();
    target.readsRequestLater = true;
  }
}

class StreamingRequestBodyOption<C> extends CtxOption<C> {
  constructor(private f: HttpStreamingBodyFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.streamingRequestBody = this.f;
    target.bodies = new WrapperBodyPolicy<C>();
    target.readsRequestLater = true;
  }
}

class RequestTrailersOption<C> extends CtxOption<C> {
  constructor(private f: HttpHeadersFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.requestTrailers = this.f;
    target.readsRequestLater = true;
  }
}

class ResponseHeadersOption<C> extends CtxOption<C> {
  constructor(private f: HttpHeadersFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.responseHeaders = this.f;
    target.readsRequestLater = true;
  }
}

class ResponseBodyOption<C> extends CtxOption<C> {
  constructor(private f: HttpBodyFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.responseBody = this.f;
    target.bodies = new WrapperBodyPolicy<C>();
    target.readsRequestLater = true;
  }
}

class StreamingResponseBodyOption<C> extends CtxOption<C> {
  constructor(private f: HttpStreamingBodyFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.streamingResponseBody = this.f;
    target.bodies = new WrapperBodyPolicy<C>();
    target.readsRequestLater = true;
  }
}

class ResponseTrailersOption<C> extends CtxOption<C> {
  constructor(private f: HttpHeadersFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.responseTrailers = this.f;
    target.readsRequestLater = true;
  }
}

class StreamDoneOption<C> extends CtxOption<C> {
  constructor(private f: HttpStreamDoneFunc<C>) { super(); }
  applyTo(target: CtxSetup<C>): void {
    target.streamDone = this.f;
    target.readsRequestLater = true;
  }
}

class PrePluginStartOrReloadOption<C> extends CtxOption<C> {
  constructor(private f: PluginStartOrReloadFunc) { super(); }
  applyTo(target: CtxSetup<C>): void { target.prePluginStartOrReload = this.f; }
}

class LoggerOption<C> extends CtxOption<C> {
  constructor(private logger: Log) { super(); }
  applyTo(target: CtxSetup<C>): void { target.logger = this.logger; }
}

class MaxRequestBodyBytesOption<C> extends CtxOption<C> {
  constructor(private maxBytes: i64) { super(); }
  // A negative cap leaves the setting as it was.
  applyTo(target: CtxSetup<C>): void { if (this.maxBytes >= 0) target.maxRequestBodyBytes = this.maxBytes; }
}

/** Parses the global config with a gjson-like reader. */
export function ParseConfig<C>(f: ParseConfigFunc<C>): CtxOption<C> {
  return new ParseConfigOption<C>(f);
}

/** Parses the global config, with the plugin context (isolation, leader election, storage). */
export function ParseConfigWithContext<C>(f: ParseConfigWithContextFunc<C>): CtxOption<C> {
  return new ParseConfigWithContextOption<C>(f);
}

/** Parses the global config from its raw bytes. */
export function ParseRawConfig<C>(f: ParseRawConfigFunc<C>): CtxOption<C> {
  return new ParseRawConfigOption<C>(f);
}

/** Parses the global config with `f` and each `_rules_` item with `g`, which sees the global. */
export function ParseOverrideConfig<C>(f: ParseConfigFunc<C>, g: ParseRuleConfigFunc<C>): CtxOption<C> {
  return new ParseOverrideConfigOption<C>(f, g);
}

/** Raw-bytes form of ParseOverrideConfig. */
export function ParseOverrideRawConfig<C>(f: ParseRawConfigFunc<C>, g: ParseRawRuleConfigFunc<C>): CtxOption<C> {
  return new ParseOverrideRawConfigOption<C>(f, g);
}

/** Handles request headers. */
export function ProcessRequestHeaders<C>(f: HttpHeadersFunc<C>): CtxOption<C> {
  return new RequestHeadersOption<C>(f);
}

/** Handles the whole request body, once, at end of stream. */
export function ProcessRequestBody<C>(f: HttpBodyFunc<C>): CtxOption<C> {
  deliverRequestBody();
  captureFactsEarly();
  return new RequestBodyOption<C>(f);
}

/** Handles each request body chunk; the returned bytes replace it. */
export function ProcessStreamingRequestBody<C>(f: HttpStreamingBodyFunc<C>): CtxOption<C> {
  deliverRequestBody();
  captureFactsEarly();
  return new StreamingRequestBodyOption<C>(f);
}

/** Handles request trailers (not in wasm-go). */
export function ProcessRequestTrailers<C>(f: HttpHeadersFunc<C>): CtxOption<C> {
  deliverRequestTrailers();
  captureFactsEarly();
  return new RequestTrailersOption<C>(f);
}

/** Handles response headers. */
export function ProcessResponseHeaders<C>(f: HttpHeadersFunc<C>): CtxOption<C> {
  deliverResponseHeaders();
  captureFactsEarly();
  return new ResponseHeadersOption<C>(f);
}

/** Handles the whole response body, once, at end of stream. */
export function ProcessResponseBody<C>(f: HttpBodyFunc<C>): CtxOption<C> {
  deliverResponseBody();
  captureFactsEarly();
  return new ResponseBodyOption<C>(f);
}

/** Handles each response body chunk; the returned bytes replace it. */
export function ProcessStreamingResponseBody<C>(f: HttpStreamingBodyFunc<C>): CtxOption<C> {
  deliverResponseBody();
  captureFactsEarly();
  return new StreamingResponseBodyOption<C>(f);
}

/** Handles response trailers (not in wasm-go). */
export function ProcessResponseTrailers<C>(f: HttpHeadersFunc<C>): CtxOption<C> {
  deliverResponseTrailers();
  captureFactsEarly();
  return new ResponseTrailersOption<C>(f);
}

/** Called when the stream completes (from the access-log callback, as in Go). */
export function ProcessStreamDone<C>(f: HttpStreamDoneFunc<C>): CtxOption<C> {
  deliverLaterPhases();
  captureFactsEarly();
  return new StreamDoneOption<C>(f);
}

/** Runs before the configuration is parsed, on every start and reload. */
export function PrePluginStartOrReload<C>(f: PluginStartOrReloadFunc): CtxOption<C> {
  return new PrePluginStartOrReloadOption<C>(f);
}

/** Replaces the plugin's logger. */
export function WithLogger<C>(logger: Log): CtxOption<C> {
  return new LoggerOption<C>(logger);
}

/**
 * Caps the request body the plugin buffers (not in wasm-go): a larger content-length is answered
 * 413 before any body arrives, and so is a body that grows past the cap while buffering.
 */
export function WithMaxRequestBodyBytes<C>(maxBytes: i64): CtxOption<C> {
  return new MaxRequestBodyBytesOption<C>(maxBytes);
}

// The deprecated wasm-go names. Their Go forms take a trailing log argument; here they are plain
// aliases (use the plugin's Log from the context instead), so only the names need porting.

/** Deprecated alias of ParseConfig. */
export function ParseConfigBy<C>(f: ParseConfigFunc<C>): CtxOption<C> { return ParseConfig<C>(f); }
/** Deprecated alias of ParseOverrideConfig. */
export function ParseOverrideConfigBy<C>(f: ParseConfigFunc<C>, g: ParseRuleConfigFunc<C>): CtxOption<C> { return ParseOverrideConfig<C>(f, g); }
/** Deprecated alias of ProcessRequestHeaders. */
export function ProcessRequestHeadersBy<C>(f: HttpHeadersFunc<C>): CtxOption<C> { return ProcessRequestHeaders<C>(f); }
/** Deprecated alias of ProcessRequestBody. */
export function ProcessRequestBodyBy<C>(f: HttpBodyFunc<C>): CtxOption<C> { return ProcessRequestBody<C>(f); }
/** Deprecated alias of ProcessStreamingRequestBody. */
export function ProcessStreamingRequestBodyBy<C>(f: HttpStreamingBodyFunc<C>): CtxOption<C> { return ProcessStreamingRequestBody<C>(f); }
/** Deprecated alias of ProcessResponseHeaders. */
export function ProcessResponseHeadersBy<C>(f: HttpHeadersFunc<C>): CtxOption<C> { return ProcessResponseHeaders<C>(f); }
/** Deprecated alias of ProcessResponseBody. */
export function ProcessResponseBodyBy<C>(f: HttpBodyFunc<C>): CtxOption<C> { return ProcessResponseBody<C>(f); }
/** Deprecated alias of ProcessStreamingResponseBody. */
export function ProcessStreamingResponseBodyBy<C>(f: HttpStreamingBodyFunc<C>): CtxOption<C> { return ProcessStreamingResponseBody<C>(f); }
/** Deprecated alias of ProcessStreamDone. */
export function ProcessStreamDoneBy<C>(f: HttpStreamDoneFunc<C>): CtxOption<C> { return ProcessStreamDone<C>(f); }
