// Owns context lifetimes and routes every host callback to the right context object. The ABI
// exports call in here; nothing here traps: an unknown context id gets the neutral answer
// (Continue for streams) and, where it means misconfiguration, one error line.

import {
  FilterDataStatus,
  FilterHeadersStatus,
  FilterTrailersStatus,
  LogLevel,
  RedisStatus,
  WasmResult,
} from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { deliverHttpCallResponse, deliverRedisCallResponse, dropCalloutsOf } from "./callouts";
import {
  addRoot,
  addStream,
  enterContext,
  findRoot,
  findStream,
  removeRoot,
  removeStream,
} from "./contexts";
import { HttpStreamContext } from "./http_stream_context";
import { RootContext } from "./root_context";
import { joinStrings } from "./string_join";

/** Creates the root context of a plugin; a plain function, since there are no closures. */
export type RootContextFactory = (contextId: u32, rootId: string) => RootContext;

/** Creates the root context of a plugin, for factories that need state (a function cannot hold any). */
export abstract class RootContextBuilder {
  /** A new root context for `contextId`. */
  abstract build(contextId: u32, rootId: string): RootContext;
}

class FunctionBuilder extends RootContextBuilder {
  constructor(private factory: RootContextFactory) {
    super();
  }
  build(contextId: u32, rootId: string): RootContext {
    return this.factory(contextId, rootId);
  }
}

const factories = new Map<string, RootContextBuilder>();

/**
 * Registers the plugin for a root id (Envoy's `root_id`; "" is the default). Call it at module
 * top level: it only records the factory, the host creates the context later.
 */
export function registerRootContext(rootId: string, factory: RootContextFactory): void {
  factories.set(rootId, new FunctionBuilder(factory));
}

/** registerRootContext for a builder object. */
export function registerRootContextBuilder(rootId: string, builder: RootContextBuilder): void {
  factories.set(rootId, builder);
}

// Stands in for a root id nothing was registered for: it refuses to start, naming the root id
// and what is registered, instead of trapping on a missing map key.
class UnregisteredRootContext extends RootContext {
  onVmStart(vmConfigurationSize: usize): bool {
    const known = factories.keys();
    for (let i = 0; i < known.length; i++) known[i] = "'" + known[i] + "'";
    hostcalls.log(
      LogLevel.Critical,
      "no plugin registered for root id '" + this.rootId + "' (registered: " + (known.length > 0 ? joinStrings(known, ", ") : "none") + ")",
    );
    return false;
  }

  onConfigure(pluginConfigurationSize: usize): bool {
    return false;
  }
}

function createRoot(contextId: u32): RootContext {
  const id = hostcalls.getPropertyString(["plugin_root_id"]);
  const rootId = id == null ? "" : id;
  if (factories.has(rootId)) return factories.get(rootId).build(contextId, rootId);
  // One plugin per module is the common case: serve it whatever root id the host configured.
  if (factories.size == 1) return factories.values()[0].build(contextId, rootId);
  return new UnregisteredRootContext(contextId, rootId);
}

// Points the host timer at the period the root's tasks need, after any callback may have changed it.
function applyTickPeriod(root: RootContext): void {
  const ticks = root.ticks;
  if (!ticks.periodChanged) return;
  if (hostcalls.setTickPeriodMilliseconds(ticks.periodMs) == WasmResult.Ok) ticks.markPeriodApplied();
}

function enterStream(contextId: u32): HttpStreamContext | null {
  enterContext(contextId);
  return findStream(contextId);
}

function leaveStream(stream: HttpStreamContext): void {
  applyTickPeriod(stream.root);
}

/** proxy_on_context_create: a root (parent 0) or an HTTP stream of root `parentId`. */
export function onContextCreate(contextId: u32, parentId: u32): void {
  enterContext(contextId);
  if (parentId == 0) {
    addRoot(createRoot(contextId));
    return;
  }
  const root = findRoot(parentId);
  if (root == null) {
    hostcalls.log(LogLevel.Error, "stream " + contextId.toString() + " refers to unknown root context " + parentId.toString());
    return;
  }
  const stream = root.newHttpContext(contextId);
  if (stream != null) addStream(stream);
}

/** proxy_on_vm_start. */
export function onVmStart(rootContextId: u32, vmConfigurationSize: usize): bool {
  enterContext(rootContextId);
  const root = findRoot(rootContextId);
  if (root == null) return false;
  const ok = root.onVmStart(vmConfigurationSize);
  applyTickPeriod(root);
  return ok;
}

/** proxy_on_configure. */
export function onConfigure(rootContextId: u32, pluginConfigurationSize: usize): bool {
  enterContext(rootContextId);
  const root = findRoot(rootContextId);
  if (root == null) return false;
  const ok = root.onConfigure(pluginConfigurationSize);
  applyTickPeriod(root);
  return ok;
}

/** proxy_on_tick: runs the due tasks, then the root's own onTick. */
export function onTick(rootContextId: u32): void {
  enterContext(rootContextId);
  const root = findRoot(rootContextId);
  if (root == null) return;
  root.ticks.onHostTick();
  root.onTick();
  applyTickPeriod(root);
}

/** proxy_on_queue_ready. */
export function onQueueReady(rootContextId: u32, queueId: u32): void {
  enterContext(rootContextId);
  const root = findRoot(rootContextId);
  if (root == null) return;
  root.onQueueReady(queueId);
  applyTickPeriod(root);
}

/** proxy_on_request_headers. */
export function onRequestHeaders(contextId: u32, numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
  const stream = enterStream(contextId);
  if (stream == null) return FilterHeadersStatus.Continue;
  const status = stream.onRequestHeaders(numHeaders, endOfStream);
  leaveStream(stream);
  return status;
}

/** proxy_on_request_body. */
export function onRequestBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const stream = enterStream(contextId);
  if (stream == null) return FilterDataStatus.Continue;
  const status = stream.onRequestBody(bodySize, endOfStream);
  leaveStream(stream);
  return status;
}

/** proxy_on_request_trailers. */
export function onRequestTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const stream = enterStream(contextId);
  if (stream == null) return FilterTrailersStatus.Continue;
  const status = stream.onRequestTrailers(numTrailers);
  leaveStream(stream);
  return status;
}

/** proxy_on_response_headers. */
export function onResponseHeaders(contextId: u32, numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
  const stream = enterStream(contextId);
  if (stream == null) return FilterHeadersStatus.Continue;
  const status = stream.onResponseHeaders(numHeaders, endOfStream);
  leaveStream(stream);
  return status;
}

/** proxy_on_response_body. */
export function onResponseBody(contextId: u32, bodySize: usize, endOfStream: bool): FilterDataStatus {
  const stream = enterStream(contextId);
  if (stream == null) return FilterDataStatus.Continue;
  const status = stream.onResponseBody(bodySize, endOfStream);
  leaveStream(stream);
  return status;
}

/** proxy_on_response_trailers. */
export function onResponseTrailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  const stream = enterStream(contextId);
  if (stream == null) return FilterTrailersStatus.Continue;
  const status = stream.onResponseTrailers(numTrailers);
  leaveStream(stream);
  return status;
}

/** proxy_on_log (HTTP streams only; the host never sends it for roots). */
export function onLog(contextId: u32): void {
  const stream = enterStream(contextId);
  if (stream == null) return;
  stream.onLog();
  leaveStream(stream);
}

/** proxy_on_done: for a root, whether it can be deleted now; streams are always done. */
export function onDone(contextId: u32): bool {
  enterContext(contextId);
  const stream = findStream(contextId);
  if (stream != null) {
    stream.onDone();
    return true;
  }
  const root = findRoot(contextId);
  return root == null ? true : root.onDone();
}

/** proxy_on_delete: the last call for a context; it is forgotten afterwards. */
export function onDelete(contextId: u32): void {
  enterContext(contextId);
  const stream = findStream(contextId);
  if (stream != null) {
    stream.onDelete();
    removeStream(contextId);
    return;
  }
  const root = findRoot(contextId);
  if (root == null) return;
  root.onDelete();
  dropCalloutsOf(contextId);
  removeRoot(contextId);
}

/** proxy_on_http_call_response: arrives on the root id; routed by token to the caller. */
export function onHttpCallResponse(rootContextId: u32, token: u32, numHeaders: u32, bodySize: usize, numTrailers: u32): void {
  enterContext(rootContextId);
  deliverHttpCallResponse(token, numHeaders, bodySize, numTrailers);
  const root = findRoot(rootContextId);
  if (root != null) applyTickPeriod(root);
}

/** proxy_on_redis_call_response (Higress): arrives on the root id; routed by token to the caller. */
export function onRedisCallResponse(rootContextId: u32, token: u32, status: RedisStatus, responseSize: usize): void {
  enterContext(rootContextId);
  deliverRedisCallResponse(token, status, responseSize);
  const root = findRoot(rootContextId);
  if (root != null) applyTickPeriod(root);
}
