// MockHost: loads a plugin the way Envoy does (refusing what Envoy refuses, with Envoy's message),
// then lets a test drive it like wasm-go's TestHost: plugin lifecycle, HTTP streams, callout replies,
// timers, and inspection of everything the plugin did.

import { ALLOWED_DURING_MALLOC } from "./abi-table.js";
import { CalloutRegistry } from "./callouts.js";
import { bytePairsOf, concat, ContextRegistry, HttpStream, pairsOf, RootContext } from "./contexts.js";
import { MetricType, WasmResult } from "./enums.js";
import { assertCodecValues } from "./codec-values.js";
import { HeaderMap } from "./header-map.js";
import type { HostEnv, HostSettings } from "./host-env.js";
import { bufferCalls } from "./hostcalls/buffers.js";
import { calloutCalls } from "./hostcalls/callouts.js";
import { headerMapCalls } from "./hostcalls/header-maps.js";
import { higressCalls } from "./hostcalls/higress.js";
import { ENVOY_FOREIGN_FUNCTIONS, lifecycleCalls } from "./hostcalls/lifecycle.js";
import { loggingCalls } from "./hostcalls/logging.js";
import { metricCalls } from "./hostcalls/metrics.js";
import { propertyCalls } from "./hostcalls/properties.js";
import { sharedStateCalls } from "./hostcalls/shared-state.js";
import { streamControlCalls } from "./hostcalls/stream-control.js";
import { systemCalls } from "./hostcalls/system.js";
import { HttpFlow, type Direction } from "./http-flow.js";
import type { HostFunctionTable } from "./linker.js";
import { instantiate, loadModule } from "./loader.js";
import { LOG_LEVELS, LogStore } from "./log-store.js";
import { MetricRegistry } from "./metrics.js";
import { aliasesOf, DEFAULT_PROPERTIES, PropertyStore, propertyKey } from "./properties.js";
import { SharedData, SharedQueues } from "./shared-data.js";
import type {
  GrpcCallout,
  HeaderBytePairs,
  HeaderPairs,
  HeaderPairsInput,
  HostOptions,
  HttpCallout,
  HttpStreamAction,
  InjectedData,
  LocalResponse,
  LogLevelName,
  PassedOn,
  PluginHandle,
  PluginStartStatus,
  PropertyValue,
  RedisCallout,
  RedisInit,
} from "./types.js";
import { Vm } from "./vm.js";

const encoder = new TextEncoder();
const DEFAULT_BUFFER_LIMIT = 1024 * 1024;

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data.slice();
}

// Raw bytes pass through untouched, so a test can hand a plugin a config that is not UTF-8.
function configBytes(config: string | Uint8Array | object | undefined): Uint8Array {
  if (config === undefined) return new Uint8Array(0);
  if (config instanceof Uint8Array) return config.slice();
  return encoder.encode(typeof config === "string" ? config : JSON.stringify(config));
}

function copyPairs(pairs: HeaderPairs): HeaderPairs {
  return pairs.map(([k, v]) => [k, v]);
}

/**
 * Envoy's after-callback action for a failed http_call or a gRPC close: the status message is
 * cleared, the code stays (Context::onHttpCallFailure, onGrpcCloseWrapper).
 */
function clearStatusMessage(root: RootContext): void {
  root.status = { code: root.status.code, message: "" };
}

/** A mock of Envoy (or Higress) hosting one plugin VM. */
export class MockHost {
  private readonly env: HostEnv;
  private readonly vm: Vm;
  private readonly flow: HttpFlow;
  private readonly contexts = new ContextRegistry();
  private readonly callouts: CalloutRegistry;
  private readonly properties: PropertyStore;
  private readonly metrics = new MetricRegistry();
  private readonly sharedData = new SharedData();
  private readonly queues = new SharedQueues();
  private readonly logs: LogStore;
  private readonly errors: string[] = [];
  private readonly plugins = new Map<string, RootContext>();
  private readonly bufferLimit: number;
  private defaultPlugin!: RootContext;
  private current: HttpStream | null = null;

  private constructor(
    private readonly settings: HostSettings,
    options: HostOptions,
    passStopIteration: boolean,
  ) {
    this.logs = new LogStore(LOG_LEVELS.indexOf(options.logLevel ?? "trace"), options.onLog);
    this.callouts = new CalloutRegistry(options.clusters ? new Set(options.clusters) : null);
    this.properties = new PropertyStore(settings.vmId);
    // A name the test sets (or an alias of it, such as xds.route_name) keeps no default.
    const own = options.properties ?? {};
    this.properties.assign(
      Object.fromEntries(Object.entries(DEFAULT_PROPERTIES).filter(([path]) => !aliasesOf(path).some((name) => name in own))),
    );
    this.properties.assign(own);
    this.bufferLimit = options.bufferLimitBytes ?? DEFAULT_BUFFER_LIMIT;
    // Higress runs plugins on WAMR 2.1.1, whose allocator-growth hazard the Vm imitates.
    this.vm = new Vm((message) => this.errors.push(message), ALLOWED_DURING_MALLOC, settings.flavor === "higress");
    this.flow = new HttpFlow(
      this.vm,
      {
        abi: settings.abi,
        passStopIteration,
        legacyBodySize: options.bodySizeSemantics === "legacy",
        failOpen: options.failurePolicy === "fail-open",
      },
      (message) => this.errors.push(message),
    );
    this.env = {
      vm: this.vm,
      flow: this.flow,
      contexts: this.contexts,
      settings,
      callouts: this.callouts,
      properties: this.properties,
      metrics: this.metrics,
      sharedData: this.sharedData,
      queues: this.queues,
      logs: this.logs,
      reportError: (message) => this.errors.push(message),
      deleteRoot: (id) => this.deleteRoot(id),
    };
  }

  /**
   * Loads the plugin as Envoy would, runs its start function, and starts the default plugin (root
   * context 1: on_context_create, on_vm_start, on_configure). Throws WasmLoadError with Envoy's
   * message for anything Envoy refuses. A WebAssembly.Module carries no signatures, so pass bytes
   * or a path to get import and export type checks.
   */
  static async create(wasm: string | Uint8Array | WebAssembly.Module, options: HostOptions = {}): Promise<MockHost> {
    const flavor = options.flavor ?? "higress";
    const { module, shape, abi } = await loadModule(wasm, flavor);
    const settings: HostSettings = {
      abi,
      flavor,
      vmId: options.vmId ?? "",
      vmConfig: encoder.encode(options.vmConfig ?? ""),
      environment: Object.entries(options.environment ?? {}),
      foreignFunctions: new Map([...ENVOY_FOREIGN_FUNCTIONS, ...Object.entries(options.foreignFunctions ?? {})]),
      upstreamHosts: copyPairs(options.upstreamHosts ?? []),
    };
    const passStopIteration = (flavor === "higress" && abi === "0.2.100") || options.allowOnHeadersStopIteration === true;
    const host = new MockHost(settings, options, passStopIteration);
    instantiate(module, shape, settings, host.hostFunctions(), host.vm);
    host.defaultPlugin = host.startPlugin(options.rootId ?? "", options.pluginName ?? "test-plugin", options.config);
    return host;
  }

  private hostFunctions(): HostFunctionTable {
    return {
      ...systemCalls(this.env),
      ...loggingCalls(this.env),
      ...propertyCalls(this.env),
      ...headerMapCalls(this.env),
      ...bufferCalls(this.env),
      ...streamControlCalls(this.env),
      ...calloutCalls(this.env),
      ...sharedStateCalls(this.env),
      ...metricCalls(this.env),
      ...lifecycleCalls(this.env),
      ...higressCalls(this.env),
    };
  }

  /** Creates a root context and runs on_context_create, on_vm_start and on_configure. */
  private startPlugin(rootId: string, pluginName: string, config: string | Uint8Array | object | undefined): RootContext {
    if (this.plugins.has(rootId)) throw new Error(`a plugin with root id "${rootId}" already exists`);
    const id = this.contexts.allocateId();
    const handle: PluginHandle = { rootId, rootContextId: id, startStatus: "ok" };
    const root = new RootContext(id, handle, pluginName, configBytes(config));
    this.contexts.add(root);
    this.plugins.set(rootId, root);
    const created = this.flow.callRoot(root, "proxy_on_context_create", [id, 0]);
    const started = created === null ? null : this.flow.callRoot(root, "proxy_on_vm_start", [id, this.settings.vmConfig.length]);
    if (started === null || started === 0) {
      handle.startStatus = "start-failed";
      return root;
    }
    this.runConfigure(root);
    return root;
  }

  private runConfigure(root: RootContext): boolean {
    const result = this.flow.callRoot(
      root,
      "proxy_on_configure",
      [root.id, root.config.length],
      () => (root.configuring = true),
      () => (root.configuring = false),
    );
    const ok = result !== null && result !== 0;
    root.handle.startStatus = ok ? "ok" : "configure-failed";
    return ok;
  }

  private deleteRoot(id: number): void {
    const root = this.contexts.get(id);
    if (root?.kind !== "root") return;
    this.flow.callRoot(root, "proxy_on_delete", [id]);
    root.deleted = true;
    this.contexts.remove(id);
    this.plugins.delete(root.handle.rootId);
  }

  private assertIdle(): void {
    if (this.vm.busy) throw new Error("MockHost cannot be driven while the plugin is running (e.g. from onLog)");
  }

  /** The live root context of a plugin handle (the default plugin when omitted). */
  private rootFor(plugin?: PluginHandle): RootContext {
    const handle = plugin ?? this.defaultPlugin.handle;
    const root = this.contexts.get(handle.rootContextId);
    if (root?.kind !== "root") throw new Error(`no live plugin with root id "${handle.rootId}"`);
    return root;
  }

  // ---- plugins ----

  /** Start status of the default plugin. */
  get startStatus(): PluginStartStatus {
    return this.defaultPlugin.handle.startStatus;
  }

  /** The default plugin (root context 1). */
  get plugin(): PluginHandle {
    return this.defaultPlugin.handle;
  }

  /** Adds another plugin (root context) to the VM and starts it. */
  addPlugin(options: { rootId: string; config?: string | Uint8Array | object; pluginName?: string }): PluginHandle {
    this.assertIdle();
    return this.startPlugin(options.rootId, options.pluginName ?? "test-plugin", options.config).handle;
  }

  /** Runs on_configure again with a new configuration; returns what the plugin answered. */
  configure(config: string | Uint8Array | object, plugin?: PluginHandle): boolean {
    this.assertIdle();
    const root = this.rootFor(plugin);
    if (root.handle.startStatus === "start-failed") {
      throw new Error(`plugin "${root.handle.rootId}" failed on_vm_start; Envoy never created it`);
    }
    root.config = configBytes(config);
    return this.runConfigure(root);
  }

  /**
   * Removes a plugin as Envoy does on config removal: on_done, then on_delete unless on_done
   * returned 0, in which case deletion waits for the plugin's proxy_done. Returns true if deleted.
   */
  shutdownPlugin(plugin?: PluginHandle): boolean {
    this.assertIdle();
    const root = this.rootFor(plugin);
    const done = this.flow.callRoot(root, "proxy_on_done", [root.id]);
    if (done === 0) {
      root.pendingDone = true;
      return false;
    }
    this.deleteRoot(root.id);
    return true;
  }

  // ---- HTTP streams ----

  /** Creates a stream context (on_context_create(id, root)), makes it current, and returns its id. */
  initHttp(plugin?: PluginHandle): number {
    this.assertIdle();
    const root = this.rootFor(plugin);
    if (root.handle.startStatus !== "ok") {
      throw new Error(`plugin "${root.handle.rootId}" did not start (${root.handle.startStatus}); Envoy would reject it`);
    }
    const stream = new HttpStream(this.contexts.allocateId(), root, this.bufferLimit);
    this.contexts.add(stream);
    if (!this.vm.failed) stream.created = this.flow.callStream(stream, "proxy_on_context_create", [stream.id, root.id]);
    this.current = stream;
    return stream.id;
  }

  /** Makes an existing stream current. */
  setCurrentHttpContext(id: number): void {
    const stream = this.contexts.get(id);
    if (stream?.kind !== "http") throw new Error(`no live HTTP stream with context id ${id}`);
    this.current = stream;
  }

  /** Id of the current stream, or null before the first one. */
  get currentHttpContextId(): number | null {
    return this.current?.id ?? null;
  }

  private currentStream(): HttpStream {
    if (this.current === null || this.current.completed) this.initHttp();
    return this.current as HttpStream;
  }

  /** The current stream for a body/trailer/response call, which needs the request headers first. */
  private startedStream(direction: Direction, part: string): HttpStream {
    const stream = this.currentStream();
    if (stream.request.headers === null) {
      throw new Error(`${part} before the request headers: Envoy delivers request headers first`);
    }
    if (direction === "response" && part !== "response headers" && stream.response.headers === null && !stream.response.closed) {
      throw new Error(`${part} before the response headers`);
    }
    return stream;
  }

  private streamingBody(direction: Direction, body: string | Uint8Array, endOfStream: boolean): HttpStreamAction {
    this.assertIdle();
    const stream = this.startedStream(direction, `${direction} body`);
    const dir = stream[direction];
    if (!dir.closed && dir.endOfStream) throw new Error(`the ${direction} of stream ${stream.id} already ended`);
    return this.flow.body(stream, direction, toBytes(body), endOfStream);
  }

  private trailers(direction: Direction, trailers: HeaderPairsInput): HttpStreamAction {
    this.assertIdle();
    const stream = this.startedStream(direction, `${direction} trailers`);
    const dir = stream[direction];
    if (!dir.closed && dir.endOfStream) throw new Error(`the ${direction} of stream ${stream.id} already ended`);
    assertCodecValues(`${direction} trailers`, trailers);
    return this.flow.trailers(stream, direction, trailers);
  }

  /** decodeHeaders; creates the stream context first if needed. */
  callOnHttpRequestHeaders(headers: HeaderPairsInput, opts: { endOfStream?: boolean } = {}): HttpStreamAction {
    this.assertIdle();
    const stream = this.currentStream();
    if (stream.request.headers !== null) {
      throw new Error(`stream ${stream.id} already received request headers; call completeHttp() or initHttp() first`);
    }
    assertCodecValues("request headers", headers);
    return this.flow.headers(stream, "request", headers, opts.endOfStream ?? false);
  }

  /** The whole request body in one frame (end of stream). */
  callOnHttpRequestBody(body: string | Uint8Array): HttpStreamAction {
    return this.streamingBody("request", body, true);
  }

  /** One request body frame. */
  callOnHttpStreamingRequestBody(body: string | Uint8Array, endOfStream: boolean): HttpStreamAction {
    return this.streamingBody("request", body, endOfStream);
  }

  callOnHttpRequestTrailers(trailers: HeaderPairsInput): HttpStreamAction {
    return this.trailers("request", trailers);
  }

  /** encodeHeaders. */
  callOnHttpResponseHeaders(headers: HeaderPairsInput, opts: { endOfStream?: boolean } = {}): HttpStreamAction {
    this.assertIdle();
    const stream = this.startedStream("response", "response headers");
    if (!stream.response.closed && stream.response.headers !== null) {
      throw new Error(`stream ${stream.id} already received response headers`);
    }
    assertCodecValues("response headers", headers);
    return this.flow.headers(stream, "response", headers, opts.endOfStream ?? false);
  }

  callOnHttpResponseBody(body: string | Uint8Array): HttpStreamAction {
    return this.streamingBody("response", body, true);
  }

  callOnHttpStreamingResponseBody(body: string | Uint8Array, endOfStream: boolean): HttpStreamAction {
    return this.streamingBody("response", body, endOfStream);
  }

  callOnHttpResponseTrailers(trailers: HeaderPairsInput): HttpStreamAction {
    return this.trailers("response", trailers);
  }

  /** Ends the current stream as Envoy does: on_log, then on_done, then on_delete. */
  completeHttp(): void {
    this.assertIdle();
    const stream = this.current;
    if (stream === null || stream.completed) throw new Error("no HTTP stream to complete");
    if (stream.created && !this.vm.failed) {
      stream.accessLogPhase = true;
      this.flow.callStream(stream, "proxy_on_log", [stream.id]);
      stream.accessLogPhase = false;
      // The result of on_done is ignored for streams.
      this.flow.callStream(stream, "proxy_on_done", [stream.id]);
      this.flow.callStream(stream, "proxy_on_delete", [stream.id]);
    }
    stream.completed = true;
    this.contexts.remove(stream.id);
  }

  /** The last action Envoy took for the current stream; "Continue" once the plugin resumed it. */
  getHttpStreamAction(): HttpStreamAction {
    return this.current?.lastAction ?? "Continue";
  }

  getRequestHeaders(): HeaderPairs {
    return pairsOf(this.current?.request.headers ?? null);
  }

  getResponseHeaders(): HeaderPairs {
    return pairsOf(this.current?.response.headers ?? null);
  }

  getRequestTrailers(): HeaderPairs {
    return pairsOf(this.current?.request.trailers ?? null);
  }

  getResponseTrailers(): HeaderPairs {
    return pairsOf(this.current?.response.trailers ?? null);
  }

  /** The request headers with each value's exact bytes (what the plugin wrote, even if not UTF-8). */
  getRequestHeaderBytes(): HeaderBytePairs {
    return bytePairsOf(this.current?.request.headers ?? null);
  }

  getResponseHeaderBytes(): HeaderBytePairs {
    return bytePairsOf(this.current?.response.headers ?? null);
  }

  getRequestTrailerBytes(): HeaderBytePairs {
    return bytePairsOf(this.current?.request.trailers ?? null);
  }

  getResponseTrailerBytes(): HeaderBytePairs {
    return bytePairsOf(this.current?.response.trailers ?? null);
  }

  /** The request body as it stands: passed on plus held, with the plugin's changes. */
  getRequestBody(): Uint8Array {
    return this.current?.request.body() ?? new Uint8Array(0);
  }

  getResponseBody(): Uint8Array {
    return this.current?.response.body() ?? new Uint8Array(0);
  }

  /**
   * What of one direction of the current stream went past the plugin towards the next hop (the
   * upstream for the request, the client for the response), for a host that forwards data as the
   * plugin lets it through: the headers once they went on (for the response also a local reply
   * that replaced held headers), the body bytes passed on from byte `from`, and whether nothing
   * more will pass (the direction ended there, or a local reply or reset closed it).
   */
  getPassedOn(direction: "request" | "response", from = 0): PassedOn {
    const stream = this.current;
    if (stream === null) return { headers: null, body: new Uint8Array(0), ended: false, trailers: null };
    const dir = stream[direction];
    const replaced = direction === "response" && dir.closed && stream.localResponse !== null;
    const tail: Uint8Array[] = [];
    let skip = from;
    for (const chunk of dir.sent) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      tail.push(skip > 0 ? chunk.subarray(skip) : chunk);
      skip = 0;
    }
    const ended = dir.closed || (dir.endOfStream && dir.headersForwarded && dir.stop === null && !dir.trailersPending);
    return {
      headers: dir.headersForwarded || replaced ? pairsOf(dir.headers) : null,
      body: concat(tail),
      ended,
      trailers: ended && dir.trailers !== null ? dir.trailers.pairs() : null,
    };
  }

  /** The local reply of the current stream (from the plugin or Envoy), or null. */
  getLocalResponse(): LocalResponse | null {
    const reply = this.current?.localResponse;
    return reply ? { ...reply, body: reply.body.slice(), headers: copyPairs(reply.headers) } : null;
  }

  /** The plugin resumed the request with proxy_continue_stream. */
  isRequestResumed(): boolean {
    return this.current?.request.resumed ?? false;
  }

  isResponseResumed(): boolean {
    return this.current?.response.resumed ?? false;
  }

  /** Response code details if the current stream was reset (close_stream, overflow), else null. */
  getStreamResetDetails(): string | null {
    return this.current?.resetDetails ?? null;
  }

  /** Data the plugin injected into the current stream (Higress). */
  getInjectedData(): InjectedData[] {
    return (this.current?.injected ?? []).map((d) => ({ data: d.data.slice(), endOfStream: d.endOfStream }));
  }

  /** Upstream host the plugin chose for the current stream (Higress), or null. */
  getUpstreamOverrideHost(): string | null {
    return this.current?.upstreamOverrideHost ?? null;
  }

  // ---- callouts ----

  /** Every http_call made, in order; `skip` leaves out the first ones (a host dispatching new calls). */
  getHttpCalloutAttributes(skip = 0): HttpCallout[] {
    return this.callouts.http.slice(skip).map((c) => ({
      ...c,
      headers: copyPairs(c.headers),
      body: c.body.slice(),
      trailers: copyPairs(c.trailers),
    }));
  }

  private calloutRoot(rootContextId: number, what: string): RootContext {
    const root = this.contexts.get(rootContextId);
    if (root?.kind !== "root") throw new Error(`${what}: its root context ${rootContextId} is gone, so Envoy cancelled it`);
    return root;
  }

  private pendingHttpCall(token?: number): { callout: HttpCallout; root: RootContext } {
    this.assertIdle();
    const callout = this.callouts.pendingHttp(token);
    if (!callout) throw new Error(token === undefined ? "no unanswered http_call" : `no http_call with token ${token}`);
    if (callout.answered) throw new Error(`http_call ${callout.token} was already answered`);
    callout.answered = true;
    return { callout, root: this.calloutRoot(callout.rootContextId, `http_call ${callout.token}`) };
  }

  /** Delivers a reply to the given http_call, else to the first unanswered one. */
  callOnHttpCall(headers: HeaderPairsInput, body: string | Uint8Array = "", trailers: HeaderPairsInput = [], token?: number): void {
    assertCodecValues("http_call reply headers", headers);
    assertCodecValues("http_call reply trailers", trailers);
    const { callout, root } = this.pendingHttpCall(token);
    const response = {
      headers: new HeaderMap("response-headers", headers),
      body: toBytes(body),
      trailers: new HeaderMap("response-trailers", trailers),
    };
    this.flow.callRoot(
      root,
      "proxy_on_http_call_response",
      [root.id, callout.token, response.headers.count, response.body.length, response.trailers.count],
      () => (root.httpCallResponse = response),
      () => (root.httpCallResponse = null),
    );
  }

  /**
   * Fails an http_call as a reset does: no headers, and get_status answers (11, "reset") inside
   * the callback; Envoy clears the message once it returned, the code stays.
   */
  failHttpCall(token?: number): void {
    const { callout, root } = this.pendingHttpCall(token);
    root.status = { code: WasmResult.BrokenConnection, message: "reset" };
    this.flow.callRoot(root, "proxy_on_http_call_response", [root.id, callout.token, 0, 0, 0], undefined, () =>
      clearStatusMessage(root),
    );
  }

  /** Every proxy_redis_init call (Higress). */
  getRedisInits(): RedisInit[] {
    return this.callouts.redisInits.map((i) => ({ ...i }));
  }

  /** Every Redis command sent (Higress), in order; `skip` leaves out the first ones. */
  getRedisCalloutAttributes(skip = 0): RedisCallout[] {
    return this.callouts.redis.slice(skip).map((c) => ({ ...c, query: c.query.slice() }));
  }

  /** Delivers a Redis reply: status 0 with the raw RESP reply, or 1 (network error). */
  callOnRedisCall(status: number, response: string | Uint8Array, token?: number): void {
    this.assertIdle();
    const callout = this.callouts.pendingRedis(token);
    if (!callout) throw new Error(token === undefined ? "no unanswered Redis call" : `no Redis call with token ${token}`);
    if (callout.answered) throw new Error(`Redis call ${callout.token} was already answered`);
    callout.answered = true;
    const root = this.calloutRoot(callout.rootContextId, `Redis call ${callout.token}`);
    const reply = status === 0 ? toBytes(response) : new Uint8Array(0);
    if (status !== 0) root.status = { code: WasmResult.BrokenConnection, message: "reset" };
    this.flow.callRoot(
      root,
      "proxy_on_redis_call_response",
      [root.id, callout.token, status, reply.length],
      () => (root.redisResponse = status === 0 ? reply : null),
      () => (root.redisResponse = null),
    );
  }

  /** Every gRPC call and stream opened, in order; `skip` leaves out the first ones. */
  getGrpcCalloutAttributes(skip = 0): GrpcCallout[] {
    return this.callouts.grpc.slice(skip).map((c) => ({
      ...c,
      initialMetadata: copyPairs(c.initialMetadata),
      messages: c.messages.map((m) => m.slice()),
    }));
  }

  private openGrpc(token: number): { callout: GrpcCallout; root: RootContext } {
    this.assertIdle();
    const callout = this.callouts.grpcByToken(token);
    if (!callout) throw new Error(`no gRPC call with token ${token}`);
    if (callout.state === "cancelled" || callout.state === "closed") {
      throw new Error(`gRPC call ${token} is ${callout.state}; Envoy delivers nothing more`);
    }
    return { callout, root: this.calloutRoot(callout.rootContextId, `gRPC call ${token}`) };
  }

  callOnGrpcReceiveInitialMetadata(token: number, metadata: HeaderPairsInput): void {
    assertCodecValues("gRPC initial metadata", metadata);
    const { root } = this.openGrpc(token);
    const map = new HeaderMap("response-headers", metadata);
    this.flow.callRoot(
      root,
      "proxy_on_grpc_receive_initial_metadata",
      [root.id, token, map.count],
      () => (root.grpcReceive = { initialMetadata: map }),
      () => (root.grpcReceive = null),
    );
  }

  callOnGrpcReceive(token: number, message: string | Uint8Array): void {
    const { root } = this.openGrpc(token);
    const bytes = toBytes(message);
    this.flow.callRoot(
      root,
      "proxy_on_grpc_receive",
      [root.id, token, bytes.length],
      () => (root.grpcReceive = { message: bytes }),
      () => (root.grpcReceive = null),
    );
  }

  callOnGrpcReceiveTrailingMetadata(token: number, metadata: HeaderPairsInput): void {
    assertCodecValues("gRPC trailing metadata", metadata);
    const { root } = this.openGrpc(token);
    const map = new HeaderMap("response-trailers", metadata);
    this.flow.callRoot(
      root,
      "proxy_on_grpc_receive_trailing_metadata",
      [root.id, token, map.count],
      () => (root.grpcReceive = { trailingMetadata: map }),
      () => (root.grpcReceive = null),
    );
  }

  /**
   * Closes a gRPC call or stream with a status; the message is read with proxy_get_status inside
   * the callback (Envoy clears it afterwards).
   */
  callOnGrpcClose(token: number, status: number, message = ""): void {
    const { callout, root } = this.openGrpc(token);
    callout.state = "closed";
    root.status = { code: status, message };
    this.flow.callRoot(root, "proxy_on_grpc_close", [root.id, token, status], undefined, () => clearStatusMessage(root));
  }

  // ---- timers ----

  /** Fires proxy_on_tick for the plugin (or every plugin) that has a tick period. */
  tick(plugin?: PluginHandle): void {
    this.assertIdle();
    const roots = plugin ? [this.rootFor(plugin)] : [...this.plugins.values()];
    for (const root of roots) {
      if (root.tickPeriodMs > 0 && !root.deleted) this.flow.callRoot(root, "proxy_on_tick", [root.id]);
    }
  }

  getTickPeriod(plugin?: PluginHandle): number {
    return this.rootFor(plugin).tickPeriodMs;
  }

  // ---- logs ----

  /** Log lines at one level, or all lines. */
  getLogs(level?: LogLevelName): string[] {
    return this.logs.get(level);
  }

  getTraceLogs(): string[] {
    return this.logs.get("trace");
  }

  getDebugLogs(): string[] {
    return this.logs.get("debug");
  }

  getInfoLogs(): string[] {
    return this.logs.get("info");
  }

  getWarnLogs(): string[] {
    return this.logs.get("warn");
  }

  getErrorLogs(): string[] {
    return this.logs.get("error");
  }

  getCriticalLogs(): string[] {
    return this.logs.get("critical");
  }

  // ---- metrics ----

  private metric(type: MetricType, kind: string, name: string) {
    const stat = this.metrics.byName(type, name);
    if (!stat) throw new Error(`no ${kind} metric named "${name}" was defined`);
    return stat;
  }

  getCounterMetric(name: string): bigint {
    return this.metric(MetricType.Counter, "counter", name).value;
  }

  getGaugeMetric(name: string): bigint {
    return this.metric(MetricType.Gauge, "gauge", name).value;
  }

  /** Every value recorded into the histogram. */
  getHistogramMetric(name: string): bigint[] {
    return this.metric(MetricType.Histogram, "histogram", name).samples;
  }

  // ---- properties ----

  /**
   * Sets a host property; a string path is split on "." and also sets its aliases: route_name and
   * xds.route_name, cluster_name and xds.cluster_name, x_request_id and request.id.
   */
  setProperty(path: string | string[], value: PropertyValue): void {
    if (typeof path === "string") this.properties.assign({ [path]: value });
    else this.properties.set(path, value);
  }

  /**
   * A property as the current stream would read it (after completeHttp, as the access log sees
   * the finished stream's filter state), or as the default plugin would without a stream; null
   * when absent.
   */
  getProperty(path: string | string[]): Uint8Array | null {
    const context = this.current ?? this.defaultPlugin;
    return this.properties.resolve(propertyKey(path), context) ?? null;
  }

  setRouteName(name: string): void {
    this.properties.assign({ route_name: name });
  }

  setClusterName(name: string): void {
    this.properties.assign({ cluster_name: name });
  }

  /** wasm-go's x_request_id, and the id Envoy gives a request without an x-request-id header. */
  setRequestId(id: string): void {
    this.properties.assign({ x_request_id: id });
  }

  // ---- shared state ----

  getSharedData(key: string): { value: Uint8Array; cas: number } | null {
    const entry = this.sharedData.get(key);
    return entry ? { value: entry.value.slice(), cas: entry.cas } : null;
  }

  /**
   * Writes shared data as another VM of the same plugin would (unconditionally, with a new CAS),
   * so a test can set up contention.
   */
  setSharedData(key: string, value: string | Uint8Array): void {
    this.sharedData.set(key, typeof value === "string" ? new TextEncoder().encode(value) : value, 0);
  }

  /** Items waiting in a shared queue, or undefined if the plugin never registered it. */
  getQueueSize(name: string): number | undefined {
    return this.queues.size(name);
  }

  // ---- instrumentation ----

  /**
   * The plugin instance's exports (its memory, and anything an instrumented copy of the module
   * exports, such as counters). For measuring tools like `npm run bench`; a plugin's behaviour
   * tests should observe it through the host calls it makes, not through its internals.
   */
  get instanceExports(): Readonly<Record<string, unknown>> {
    return this.vm.exports;
  }

  // ---- failures ----

  /** True once a call into the plugin trapped; later callbacks are skipped. */
  get vmFailed(): boolean {
    return this.vm.failed;
  }

  /** Envoy's message for the trap that failed the VM, or null. */
  get vmFailure(): string | null {
    return this.vm.failure;
  }

  /** Misuse the host noticed (continue when not paused, ...) and traps, in order. */
  getHostErrors(): string[] {
    return [...this.errors];
  }
}
