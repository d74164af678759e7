// Owns context lifetimes and routes every host callback to the right context object, between
// enterCallback and leaveCallback, which collect garbage once the outermost callback is over. The
// exports (exports.ts) call in here; nothing here traps: an unknown context id gets the neutral answer
// (Continue for streams) and, where it means misconfiguration, one error line.

import { FilterHeadersStatus, LogLevel, RedisStatus } from "../abi/enums";
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
import { enterCallback, leaveCallback } from "./collector";
import { StreamCallback } from "./http_stream_context";
import { RootContext } from "./root_context";
import { deliverLaterPhases, leaveStream, streamFor } from "./stream_phases";
import { applyTickPeriod } from "./ticks";
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

class Registration {
  constructor(public rootId: string, public builder: RootContextBuilder) {}
}

// The registered plugins, by root id; a list, since a module registers one or a few.
const registrations = new Array<Registration>();

function registered(rootId: string): RootContextBuilder | null {
  for (let i = 0, n = registrations.length; i < n; i++) {
    const registration = unchecked(registrations[i]);
    if (registration.rootId == rootId) return registration.builder;
  }
  return null;
}

/**
 * Registers the plugin for a root id (Envoy's `root_id`; "" is the default). Call it at module
 * top level: it only records the factory, the host creates the context later.
 */
export function registerRootContext(rootId: string, factory: RootContextFactory): void {
  registerRootContextBuilder(rootId, new FunctionBuilder(factory));
}

/** registerRootContext for a builder object. */
export function registerRootContextBuilder(rootId: string, builder: RootContextBuilder): void {
  // Its streams may override any callback.
  deliverLaterPhases();
  registerPlugin(rootId, builder);
}

/**
 * Registers a plugin whose streams want no callback after request headers until something
 * calls deliverLaterPhases (SetCtx: the options for later phases do).
 */
export function registerPlugin(rootId: string, builder: RootContextBuilder): void {
  for (let i = 0, n = registrations.length; i < n; i++) {
    const registration = unchecked(registrations[i]);
    if (registration.rootId == rootId) {
      registration.builder = builder;
      return;
    }
  }
  registrations.push(new Registration(rootId, builder));
}

// Stands in for a root id nothing was registered for: it refuses to start, naming the root id
// and what is registered, instead of trapping on a missing map key.
class UnregisteredRootContext extends RootContext {
  onVmStart(vmConfigurationSize: usize): bool {
    const known = new Array<string>(registrations.length);
    for (let i = 0; i < known.length; i++) known[i] = "'" + registrations[i].rootId + "'";
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
  const builder = registered(rootId);
  if (builder != null) return builder.build(contextId, rootId);
  // One plugin per module is the common case: serve it whatever root id the host configured.
  if (registrations.length == 1) return registrations[0].builder.build(contextId, rootId);
  return new UnregisteredRootContext(contextId, rootId);
}

// Root callbacks run between enterRoot and leaveRoot.
function enterRoot(rootContextId: u32): RootContext | null {
  enterCallback();
  enterContext(rootContextId);
  return findRoot(rootContextId);
}

function leaveRoot(root: RootContext | null): void {
  if (root != null) applyTickPeriod(root.ticks);
  leaveCallback();
}

/** proxy_on_context_create: a root (parent 0) or an HTTP stream of root `parentId`. */
export function onContextCreate(contextId: u32, parentId: u32): void {
  enterCallback();
  enterContext(contextId);
  if (parentId == 0) {
    addRoot(createRoot(contextId));
  } else {
    const root = findRoot(parentId);
    if (root == null) {
      hostcalls.log(LogLevel.Error, "stream " + contextId.toString() + " refers to unknown root context " + parentId.toString());
    } else {
      const stream = root.newHttpContext(contextId);
      if (stream != null) addStream(stream);
    }
  }
  leaveCallback();
}

/** proxy_on_vm_start. */
export function onVmStart(rootContextId: u32, vmConfigurationSize: usize): bool {
  const root = enterRoot(rootContextId);
  const ok = root != null && root.onVmStart(vmConfigurationSize);
  leaveRoot(root);
  return ok;
}

/** proxy_on_configure. */
export function onConfigure(rootContextId: u32, pluginConfigurationSize: usize): bool {
  const root = enterRoot(rootContextId);
  const ok = root != null && root.onConfigure(pluginConfigurationSize);
  leaveRoot(root);
  return ok;
}

/** proxy_on_tick: runs the due tasks, then the root's own onTick. */
export function onTick(rootContextId: u32): void {
  const root = enterRoot(rootContextId);
  if (root != null) {
    root.ticks.onHostTick();
    root.onTick();
  }
  leaveRoot(root);
}

/** proxy_on_queue_ready. */
export function onQueueReady(rootContextId: u32, queueId: u32): void {
  const root = enterRoot(rootContextId);
  if (root != null) root.onQueueReady(queueId);
  leaveRoot(root);
}

/** proxy_on_request_headers. */
export function onRequestHeaders(contextId: u32, numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
  const stream = streamFor(contextId, StreamCallback.RequestHeaders);
  if (stream == null) return FilterHeadersStatus.Continue;
  const status = stream.onRequestHeaders(numHeaders, endOfStream);
  leaveStream(stream);
  return status;
}

/** proxy_on_done: for a root, whether it can be deleted now; streams are always done. */
export function onDone(contextId: u32): bool {
  const stream = findStream(contextId);
  if (stream != null) {
    if ((stream.callbacks & StreamCallback.Done) == 0) return true;
    enterCallback();
    enterContext(contextId);
    stream.onDone();
    leaveCallback();
    return true;
  }
  const root = enterRoot(contextId);
  const done = root == null || root.onDone();
  leaveCallback();
  return done;
}

/** proxy_on_delete: the last call for a context; it is forgotten afterwards. */
export function onDelete(contextId: u32): void {
  enterCallback();
  enterContext(contextId);
  const stream = findStream(contextId);
  if (stream != null) {
    if ((stream.callbacks & StreamCallback.Delete) != 0) stream.onDelete();
    removeStream(contextId);
  } else {
    const root = findRoot(contextId);
    if (root != null) {
      root.onDelete();
      dropCalloutsOf(contextId);
      removeRoot(contextId);
    }
  }
  leaveCallback();
}

/** proxy_on_http_call_response: arrives on the root id; routed by token to the caller. */
export function onHttpCallResponse(rootContextId: u32, token: u32, numHeaders: u32, bodySize: usize, numTrailers: u32): void {
  enterCallback();
  enterContext(rootContextId);
  deliverHttpCallResponse(token, numHeaders, bodySize, numTrailers);
  leaveRoot(findRoot(rootContextId));
}

/** proxy_on_redis_call_response (Higress): arrives on the root id; routed by token to the caller. */
export function onRedisCallResponse(rootContextId: u32, token: u32, status: RedisStatus, responseSize: usize): void {
  enterCallback();
  enterContext(rootContextId);
  deliverRedisCallResponse(token, status, responseSize);
  leaveRoot(findRoot(rootContextId));
}
