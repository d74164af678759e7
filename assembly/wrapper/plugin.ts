// SetCtx: a plugin described by options, the way wasm-go's `wrapper.SetCtx` does it. The plugin
// context parses the configuration (global and `_rules_`) into a fresh matcher on every
// configure; each request finds its config once, at request headers, and the body policy below
// decides what the handlers see.

import {
  BufferType,
  FilterDataStatus,
  FilterHeadersStatus,
  FilterTrailersStatus,
  MapType,
  WasmResult,
} from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { HeaderPair } from "../abi/pairs";
import { RootContextBuilder, registerPlugin } from "../runtime/dispatcher";
import { HttpStreamContext, StreamCallback } from "../runtime/http_stream_context";
import { RootContext } from "../runtime/root_context";
import { HTTPExecutionPhase, HttpContext, RequestFact } from "./http_context";
import { JsonResult, JsonType, memberOf } from "../json/json_result";
import { parseJson, parseJsonBytes } from "../json/json_parse";
import { log } from "../log/log";
import { joinStrings } from "../runtime/string_join";
import { CtxOption, CtxSetup, HttpBodyFunc, HttpStreamingBodyFunc } from "./options";
import { PluginContext, setConfiguringPlugin } from "./plugin_context";
import { GetClusterName, GetRouteName } from "./properties";
import { RuleMatch, RuleMatcher } from "./rule_matcher";
import { requireConstructibleConfig, ruleConfigFrom } from "./config_class";
import { encodeUtf8 } from "../abi/utf8";

/** Key of the rule list in a plugin configuration. */
export const RULES_KEY = "_rules_";
/** Key Higress adds to identify a plugin instance; stripped before parsing. */
export const PLUGIN_ID_KEY = "_plugin_id_";

const MATCH_KEYS_MESSAGE =
  "at least one of '_match_route_', '_match_domain_', '_match_service_' and '_match_route_prefix_' must be present";

const MATCH_KEYS: string[] = ["_match_route_", "_match_domain_", "_match_service_", "_match_route_prefix_"];

// Why a rule matches nothing: it has no match key, or the keys it has hold no usable entry (an
// empty list, null, or only empty strings where those are dropped), which reads as the same
// failure in Go but needs a different fix.
function missingMatchReason(rule: JsonResult): string {
  const present = new Array<string>();
  for (let i = 0; i < MATCH_KEYS.length; i++) {
    const value = rule.Get(MATCH_KEYS[i]);
    if (value.Exists()) present.push("'" + MATCH_KEYS[i] + "' is " + value.Raw());
  }
  if (present.length == 0) return MATCH_KEYS_MESSAGE;
  return MATCH_KEYS_MESSAGE + " with a non-empty entry, but " + joinStrings(present, " and ");
}

// A match list as Go's gjson `.Array()` reads it: a lone value counts as a one-item list and
// every item as its string form; null when the key is absent.
function matchList(rule: JsonResult, key: string): string[] | null {
  const value = memberOf(rule, key);
  if (!value.Exists()) return null;
  const items = value.Array();
  const list = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) list[i] = items[i].String();
  return list;
}

// The document without `key`, keeping every other member's text as written.
function withoutKey(object: JsonResult, key: string): string {
  const members = object._members();
  const kept = new Array<string>();
  for (let i = 0, n = members.length; i < n; i++) {
    const member = unchecked(members[i]);
    if (member._key != key) kept.push(member._memberText());
  }
  return "{" + joinStrings(kept, ",") + "}";
}

// Whether a configuration is absent or only JSON whitespace, which reads as an empty config.
function isBlank(data: ArrayBuffer | null): bool {
  if (data == null) return true;
  const bytes = Uint8Array.wrap(data);
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) return false;
  }
  return true;
}

/** The root context SetCtx creates for each plugin configuration. */
export class CommonPluginCtx<C> extends PluginContext {
  private matcher: RuleMatcher<C> = new RuleMatcher<C>();
  // Last good JSON of each rule, by its match keys: what rule-level isolation falls back to. Key
  // and JSON alternate in one list, created by the first rule: a plugin has a few rules, and a
  // std Map of strings costs a kilobyte of code.
  private ruleBackup: string[] | null = null;
  private configured: bool = false;
  constructor(contextId: u32, rootId: string, pluginName: string, public readonly setup: CtxSetup<C>) {
    super(contextId, rootId, pluginName);
    const logger = setup.logger;
    if (logger != null) this.log = logger;
  }

  onConfigure(pluginConfigurationSize: usize): bool {
    // Package-level log.* calls made for this plugin write with its prefix (Go: SetPluginLog).
    log.SetPluginLog(this.log);
    this.ticks.clear();
    setConfiguringPlugin(this);
    const error = this.configure(pluginConfigurationSize);
    setConfiguringPlugin(null);
    if (error != null) {
      this.ticks.clear();
      this.log.Error("plugin start failed: " + error.message);
      return false;
    }
    this.log.Info("plugin start successfully");
    return true;
  }

  newHttpContext(contextId: u32): HttpStreamContext | null {
    return new CommonHttpCtx<C>(contextId, this);
  }

  /**
   * The config for a request: the first matching rule, else the global config, else null. The
   * host and the route and cluster names are read only when there are rules to match them.
   */
  matchConfig(context: HttpContext): C | null {
    if (!this.configured) return null;
    if (this.matcher.ruleCount == 0) return this.matcher.match("", "", "");
    const route = GetRouteName();
    const cluster = GetClusterName();
    return this.matcher.match(context.Host(), route == null ? "" : route, cluster == null ? "" : cluster);
  }

  private configure(size: usize): Error | null {
    const setup = this.setup;
    const pre = setup.prePluginStartOrReload;
    if (pre != null) {
      const error = pre(this);
      if (error != null) return new Error("prePluginStartOrReload hook failed: " + error.message);
    }
    let data: ArrayBuffer | null = null;
    if (size > 0) {
      data = hostcalls.getBufferBytes(BufferType.PluginConfiguration, 0, <u32>size);
      if (data == null) return new Error("error reading plugin configuration: WasmResult " + hostcalls.lastResult().toString());
    }
    // Parsed from the host's bytes, so bytes that are not UTF-8 are an error at their offset.
    let parsed = parseJsonBytes(data != null ? data : new ArrayBuffer(0));
    if (!parsed.ok && isBlank(data)) {
      if (setup.hasParser()) this.log.Warn("config is empty, but has ParseConfigFunc");
      parsed = parseJson("{}");
    }
    if (!parsed.ok) return new Error("the plugin configuration is not a valid json: " + parsed.error);
    let root = parsed.value;
    if (!root.IsObject()) return new Error("the plugin configuration must be a JSON object");
    let text = root.Raw();
    const pluginId = memberOf(root, PLUGIN_ID_KEY);
    if (pluginId.Exists()) {
      this.log.ResetID(pluginId.String());
      text = withoutKey(root, PLUGIN_ID_KEY);
      const stripped = parseJson(text);
      if (!stripped.ok) return new Error("the plugin configuration is not a valid json: " + stripped.error);
      root = stripped.value;
    }
    const matcher = new RuleMatcher<C>();
    const error = this.parseRules(root, text, matcher);
    if (error != null) return error;
    this.matcher = matcher;
    this.configured = true;
    return null;
  }

  private parseRules(root: JsonResult, text: string, matcher: RuleMatcher<C>): Error | null {
    const found = memberOf(root, RULES_KEY);
    const rules = found.Exists() ? found : null;
    if (rules != null && rules.Type != JsonType.Null && !rules.IsArray()) {
      return new Error("'" + RULES_KEY + "' must be an array");
    }
    const items = rules == null ? new Array<JsonResult>() : rules.Array();
    const hasGlobal = items.length == 0 || root.Keys().length > 1;
    let global = instantiate<C>();
    if (hasGlobal) {
      const error = this.parseGlobal(root, text, global);
      if (error != null) {
        return new Error(items.length == 0 ? error.message : "parse global config failed: " + error.message);
      }
      matcher.setGlobal(global);
    }
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!item.IsObject()) return new Error("rule " + i.toString() + " of '" + RULES_KEY + "' is not an object");
      const match = RuleMatch.create(
        matchList(item, "_match_route_"),
        matchList(item, "_match_domain_"),
        matchList(item, "_match_service_"),
        matchList(item, "_match_route_prefix_"),
      );
      if (match == null) return new Error("rule " + i.toString() + ": " + missingMatchReason(item));
      const backupKey = this.ruleKey(item);
      const config = this.newRuleConfig(global);
      const error = this.parseRule(item, item.Raw(), global, config);
      if (error == null) {
        this.backupRule(backupKey, item.Raw());
        matcher.addRule(match, config);
        continue;
      }
      if (!this.IsRuleLevelConfigIsolation()) return new Error("parse config of rule " + i.toString() + " failed: " + error.message);
      this.log.Warn("parse config of rule " + i.toString() + " failed, rule skipped: " + error.message);
      const restored = this.restoreRule(backupKey, global);
      if (restored != null) {
        this.log.Warn("rule " + i.toString() + " uses its last valid configuration");
        matcher.addRule(match, restored);
      }
    }
    if (matcher.ruleCount == 0 && !matcher.hasGlobal()) {
      return new Error(this.IsRuleLevelConfigIsolation() ? "all rules failed to parse and there is no global config" : "no valid rules");
    }
    return null;
  }

  private ruleKey(rule: JsonResult): string {
    return rule.Get("_match_route_").Raw() + "\n" + rule.Get("_match_domain_").Raw() + "\n" +
      rule.Get("_match_service_").Raw() + "\n" + rule.Get("_match_route_prefix_").Raw();
  }

  private backupRule(backupKey: string, text: string): void {
    let backup = this.ruleBackup;
    if (backup == null) {
      backup = new Array<string>();
      this.ruleBackup = backup;
    }
    for (let i = 0, n = backup.length; i < n; i += 2) {
      if (unchecked(backup[i]) == backupKey) {
        unchecked(backup[i + 1] = text);
        return;
      }
    }
    backup.push(backupKey);
    backup.push(text);
  }

  private backedUpRule(backupKey: string): string | null {
    const backup = this.ruleBackup;
    if (backup == null) return null;
    for (let i = 0, n = backup.length; i < n; i += 2) {
      if (unchecked(backup[i]) == backupKey) return unchecked(backup[i + 1]);
    }
    return null;
  }

  private restoreRule(backupKey: string, global: C): C | null {
    const text = this.backedUpRule(backupKey);
    if (text == null) return null;
    const parsed = parseJson(text);
    if (!parsed.ok) return null;
    const config = this.newRuleConfig(global);
    return this.parseRule(parsed.value, text, global, config) == null ? config : null;
  }

  // An override parser gets the global config's clone (Go: `*config = global`) when C has one;
  // a rule read by the global parser starts empty, as in Go.
  private newRuleConfig(global: C): C {
    const setup = this.setup;
    return setup.parseRuleConfig != null || setup.parseRawRuleConfig != null ? ruleConfigFrom<C>(global) : instantiate<C>();
  }

  private parseGlobal(json: JsonResult, text: string, config: C): Error | null {
    const setup = this.setup;
    const withContext = setup.parseConfigWithContext;
    if (withContext != null) return withContext(this, json, config);
    const plain = setup.parseConfig;
    if (plain != null) return plain(json, config);
    const raw = setup.parseRawConfig;
    if (raw != null) return raw(encodeUtf8(text), config);
    return null;
  }

  private parseRule(json: JsonResult, text: string, global: C, config: C): Error | null {
    const setup = this.setup;
    const ruleParser = setup.parseRuleConfig;
    if (ruleParser != null) return ruleParser(json, global, config);
    const rawOverride = setup.parseRawRuleConfig;
    if (rawOverride != null) return rawOverride(encodeUtf8(text), global, config);
    // Without an override parser a rule is parsed like the global config, on its own (as in Go).
    return this.parseGlobal(json, text, config);
  }
}

/** The per-request context SetCtx creates: routes each callback through the body policy. */
export class CommonHttpCtx<C> extends HttpContext {
  private config: C | null = null;

  constructor(contextId: u32, public readonly owner: CommonPluginCtx<C>) {
    super(contextId, owner);
    const setup = owner.setup;
    // All callbacks when a handler runs after request headers (it may look at what each phase
    // records), else request headers alone, so the other phases cost the plugin nothing.
    this.callbacks = setup.readsRequestLater ? StreamCallback.All : StreamCallback.RequestHeaders;
    this.needRequestBody = setup.requestBody != null || setup.streamingRequestBody != null;
    this.needResponseBody = setup.responseBody != null || setup.streamingResponseBody != null;
    this.streamingRequestBody = setup.streamingRequestBody != null;
    this.streamingResponseBody = setup.streamingResponseBody != null;
  }

  /** The config that matched this request, or null when the plugin is inactive for it. */
  GetMatchConfig(): C | null {
    return this.config;
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    this.phase = HTTPExecutionPhase.DecodeHeader;
    this.requestEndOfStream = endOfStream;
    if (this.owner.setup.readsRequestLater) this.captureRequestFacts();
    const config = this.owner.matchConfig(this);
    if (config == null) return FilterHeadersStatus.Continue;
    this.config = config;
    const setup = this.owner.setup;
    const bodies = setup.bodies;
    if (bodies != null && bodies.refusesAtRequestHeaders(this)) return FilterHeadersStatus.StopIteration;
    const handler = setup.requestHeaders;
    return handler == null ? FilterHeadersStatus.Continue : <FilterHeadersStatus>handler(this, config);
  }

  onRequestBody(bodySize: usize, endOfStream: bool): FilterDataStatus {
    this.phase = HTTPExecutionPhase.DecodeData;
    const config = this.config;
    const bodies = this.owner.setup.bodies;
    if (config == null || bodies == null) return FilterDataStatus.Continue;
    return bodies.onRequestBody(this, config, bodySize, endOfStream);
  }

  onRequestTrailers(numTrailers: u32): FilterTrailersStatus {
    const config = this.config;
    const handler = this.owner.setup.requestTrailers;
    if (config == null || handler == null) return FilterTrailersStatus.Continue;
    return <FilterTrailersStatus>handler(this, config);
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    this.phase = HTTPExecutionPhase.EncodeHeader;
    this.responseEndOfStream = endOfStream;
    const routeCallback = this.routeCallback;
    if (routeCallback != null) {
      if (!endOfStream) return FilterHeadersStatus.StopIteration;
      routeCallback(responseStatus(), hostcalls.getHeaderMapPairs(MapType.HttpResponseHeaders), new ArrayBuffer(0), this);
      return FilterHeadersStatus.StopAllIterationAndWatermark;
    }
    const config = this.config;
    if (config == null) return FilterHeadersStatus.Continue;
    const setup = this.owner.setup;
    const bodies = setup.bodies;
    if (bodies != null) bodies.atResponseHeaders(this);
    const handler = setup.responseHeaders;
    return handler == null ? FilterHeadersStatus.Continue : <FilterHeadersStatus>handler(this, config);
  }

  onResponseBody(bodySize: usize, endOfStream: bool): FilterDataStatus {
    this.phase = HTTPExecutionPhase.EncodeData;
    const routeCallback = this.routeCallback;
    if (routeCallback != null) {
      if (!endOfStream) return FilterDataStatus.StopIterationAndBuffer;
      // The callback usually rewrites the body, so the upstream's length no longer holds.
      hostcalls.removeHeaderMapValue(MapType.HttpResponseHeaders, "content-length");
      const body = readBody(BufferType.HttpResponseBody, bodySize);
      routeCallback(responseStatus(), hostcalls.getHeaderMapPairs(MapType.HttpResponseHeaders), body, this);
      return FilterDataStatus.Continue;
    }
    const config = this.config;
    const bodies = this.owner.setup.bodies;
    if (config == null || bodies == null) return FilterDataStatus.Continue;
    return bodies.onResponseBody(this, config, bodySize, endOfStream);
  }

  onResponseTrailers(numTrailers: u32): FilterTrailersStatus {
    const config = this.config;
    const handler = this.owner.setup.responseTrailers;
    if (config == null || handler == null) return FilterTrailersStatus.Continue;
    return <FilterTrailersStatus>handler(this, config);
  }

  onLog(): void {
    const config = this.config;
    const handler = this.owner.setup.streamDone;
    if (config != null && handler != null) handler(this, config);
  }

  onDone(): void {
    this.phase = HTTPExecutionPhase.Done;
  }
}

/**
 * SetCtx's body policy: buffering, streaming, the request body cap, and skipping binary and
 * websocket bodies. Only the body options create one (CtxSetup.bodies), and a class nothing
 * creates is not compiled, so a plugin without a body handler carries none of this code.
 */
export abstract class BodyPolicy<C> {
  /** At request headers, after the config matched: applies the body switches; true when the body cap refused the request. */
  abstract refusesAtRequestHeaders(ctx: CommonHttpCtx<C>): bool;
  /** A request body chunk. */
  abstract onRequestBody(ctx: CommonHttpCtx<C>, config: C, bodySize: usize, endOfStream: bool): FilterDataStatus;
  /** At response headers, after the config matched: a binary response body is not read. */
  abstract atResponseHeaders(ctx: CommonHttpCtx<C>): void;
  /** A response body chunk. */
  abstract onResponseBody(ctx: CommonHttpCtx<C>, config: C, bodySize: usize, endOfStream: bool): FilterDataStatus;
}

/** The body policy of wasm-go's wrapper; what the body options install. */
export class WrapperBodyPolicy<C> extends BodyPolicy<C> {
  refusesAtRequestHeaders(ctx: CommonHttpCtx<C>): bool {
    // The body switches only matter to a plugin that reads a body, so only it reads their headers.
    if (ctx.needRequestBody && ctx.IsBinaryRequestBody()) ctx.needRequestBody = false;
    if ((ctx.needRequestBody || ctx.needResponseBody) && ctx.IsWebsocket()) {
      ctx.needRequestBody = false;
      ctx.needResponseBody = false;
    }
    const max = ctx.owner.setup.maxRequestBodyBytes;
    if (max >= 0 && this.buffersRequestBody(ctx) && parseContentLength(ctx.requestFact(RequestFact.ContentLength)) > max) {
      this.refuseRequestBody(ctx);
      return true;
    }
    return false;
  }

  onRequestBody(ctx: CommonHttpCtx<C>, config: C, bodySize: usize, endOfStream: bool): FilterDataStatus {
    if (!ctx.needRequestBody) return FilterDataStatus.Continue;
    const setup = ctx.owner.setup;
    const streaming = setup.streamingRequestBody;
    if (ctx.streamingRequestBody && streaming != null) {
      this.replaceChunk(ctx, BufferType.HttpRequestBody, streaming, config, bodySize, endOfStream);
      return FilterDataStatus.Continue;
    }
    const buffered = setup.requestBody;
    if (buffered == null) return FilterDataStatus.Continue;
    const max = setup.maxRequestBodyBytes;
    if (max >= 0 && <i64>bodySize > max) {
      this.refuseRequestBody(ctx);
      return FilterDataStatus.StopIterationNoBuffer;
    }
    // The host reports what it holds in total, so the latest size is the whole body so far.
    if (!endOfStream) return FilterDataStatus.StopIterationAndBuffer;
    return this.wholeBody(ctx, BufferType.HttpRequestBody, buffered, config, bodySize);
  }

  atResponseHeaders(ctx: CommonHttpCtx<C>): void {
    if (ctx.needResponseBody && ctx.IsBinaryResponseBody()) ctx.needResponseBody = false;
  }

  onResponseBody(ctx: CommonHttpCtx<C>, config: C, bodySize: usize, endOfStream: bool): FilterDataStatus {
    if (!ctx.needResponseBody) return FilterDataStatus.Continue;
    const setup = ctx.owner.setup;
    const streaming = setup.streamingResponseBody;
    if (ctx.streamingResponseBody && streaming != null) {
      this.replaceChunk(ctx, BufferType.HttpResponseBody, streaming, config, bodySize, endOfStream);
      return ctx.pauseStreamingResponse ? FilterDataStatus.StopIterationNoBuffer : FilterDataStatus.Continue;
    }
    const buffered = setup.responseBody;
    if (buffered == null) return FilterDataStatus.Continue;
    if (!endOfStream) return FilterDataStatus.StopIterationAndBuffer;
    return this.wholeBody(ctx, BufferType.HttpResponseBody, buffered, config, bodySize);
  }

  private buffersRequestBody(ctx: CommonHttpCtx<C>): bool {
    const setup = ctx.owner.setup;
    return ctx.needRequestBody && !(ctx.streamingRequestBody && setup.streamingRequestBody != null) && setup.requestBody != null;
  }

  private refuseRequestBody(ctx: CommonHttpCtx<C>): void {
    ctx.log.Warn("request body over " + ctx.owner.setup.maxRequestBodyBytes.toString() + " bytes, answered 413");
    hostcalls.sendLocalResponse(413, "request_payload_too_large", encodeUtf8("Payload Too Large"), new Array<HeaderPair>(), -1);
  }

  // Streaming mode: the handler's bytes take the chunk's place.
  private replaceChunk(ctx: CommonHttpCtx<C>, bufferType: BufferType, handler: HttpStreamingBodyFunc<C>, config: C, bodySize: usize, endOfStream: bool): void {
    const replaced = handler(ctx, config, readBody(bufferType, bodySize), endOfStream);
    if (hostcalls.setBufferBytes(bufferType, 0, <u32>bodySize, replaced) != WasmResult.Ok) {
      ctx.log.Warn("replace " + directionOf(bufferType) + " body chunk failed");
    }
  }

  // Buffered mode, at end of stream: the handler sees the whole body once.
  private wholeBody(ctx: CommonHttpCtx<C>, bufferType: BufferType, handler: HttpBodyFunc<C>, config: C, bodySize: usize): FilterDataStatus {
    const body = hostcalls.getBufferBytes(bufferType, 0, <u32>bodySize);
    if (body == null) {
      ctx.log.Warn("get " + directionOf(bufferType) + " body failed");
      return FilterDataStatus.Continue;
    }
    return <FilterDataStatus>handler(ctx, config, body);
  }
}

function readBody(bufferType: BufferType, size: usize): ArrayBuffer {
  if (size == 0) return new ArrayBuffer(0);
  const data = hostcalls.getBufferBytes(bufferType, 0, <u32>size);
  return data == null ? new ArrayBuffer(0) : data;
}

function directionOf(bufferType: BufferType): string {
  return bufferType == BufferType.HttpRequestBody ? "request" : "response";
}

// The upstream's status for a route call's callback: 500 when `:status` is missing or not a number.
function responseStatus(): i32 {
  const status = hostcalls.getHeaderMapValue(MapType.HttpResponseHeaders, ":status");
  const code = status == null ? -1 : parseContentLength(status);
  return code >= 100 && code <= 999 ? <i32>code : 500;
}

// A content-length value, or -1 when it is not a plain decimal number.
function parseContentLength(value: string): i64 {
  if (value.length == 0 || value.length > 18) return -1;
  let n: i64 = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

class CommonPluginBuilder<C> extends RootContextBuilder {
  constructor(private pluginName: string, private setup: CtxSetup<C>) {
    super();
  }
  build(contextId: u32, rootId: string): RootContext {
    return new CommonPluginCtx<C>(contextId, rootId, this.pluginName, this.setup);
  }
}

/**
 * Declares the plugin: its name (the log prefix) and its options. Call it once at module top
 * level (Go calls it from init()); the host creates a plugin context per configuration later.
 */
export function SetCtx<C>(pluginName: string, options: CtxOption<C>[]): void {
  requireConstructibleConfig<C>();
  const setup = new CtxSetup<C>();
  for (let i = 0; i < options.length; i++) options[i].applyTo(setup);
  registerPlugin("", new CommonPluginBuilder<C>(pluginName, setup));
}
