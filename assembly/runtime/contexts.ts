// The live contexts of this VM and which one the current callback acts for. Roots and streams are
// kept in separate typed maps: one map of a common base would need downcasts on every lookup.

import { WasmResult } from "../abi/enums";
import { setEffectiveContext } from "../abi/hostcalls";
import { HttpStreamContext } from "./http_stream_context";
import { RootContext } from "./root_context";

const roots = new Map<u32, RootContext>();
const streams = new Map<u32, HttpStreamContext>();
let current: u32 = 0;
// The stream last looked up: a request's callbacks come one after another for the same stream,
// so this saves two hash lookups per callback.
let lastStreamId: u32 = 0;
let lastStream: HttpStreamContext | null = null;
// Likewise the root last looked up: a VM nearly always has one, which every new stream asks for.
let lastRootId: u32 = 0;
let lastRoot: RootContext | null = null;

/** The context the running callback acts for (0 while the VM starts). */
export function currentContextId(): u32 {
  return current;
}

/** Called by the dispatcher when the host enters the VM for `contextId`. */
export function enterContext(contextId: u32): void {
  current = contextId;
}

/**
 * Makes later host calls of this callback act on `contextId` (a stream whose callout answered,
 * say). Fails with BadArgument, changing nothing, when that context no longer exists.
 */
export function switchContext(contextId: u32): WasmResult {
  if (!roots.has(contextId) && !streams.has(contextId)) return WasmResult.BadArgument;
  const result = contextId == current ? WasmResult.Ok : setEffectiveContext(contextId);
  if (result == WasmResult.Ok) current = contextId;
  return result;
}

/** The root context with this id, or null. */
export function findRoot(contextId: u32): RootContext | null {
  if (contextId == lastRootId && contextId != 0) return lastRoot;
  if (!roots.has(contextId)) return null;
  const root = roots.get(contextId);
  lastRootId = contextId;
  lastRoot = root;
  return root;
}

/** The HTTP stream with this id, or null. */
export function findStream(contextId: u32): HttpStreamContext | null {
  if (contextId == lastStreamId && contextId != 0) return lastStream;
  if (!streams.has(contextId)) return null;
  const stream = streams.get(contextId);
  lastStreamId = contextId;
  lastStream = stream;
  return stream;
}

/** Lets the current stream publish property `x_request_id` before the SDK reads it. */
export function beforeRequestIdRead(): void {
  const stream = findStream(current);
  if (stream != null) stream.beforeRequestIdRead();
}

/** Whether a context with this id exists (it has not been deleted). */
export function isLive(contextId: u32): bool {
  return roots.has(contextId) || streams.has(contextId);
}

/** The root context id that owns `contextId` (itself for a root), 0 when unknown. */
export function owningRootId(contextId: u32): u32 {
  if (roots.has(contextId)) return contextId;
  if (streams.has(contextId)) return streams.get(contextId).root.contextId;
  return 0;
}

/** Registers a new root context. */
export function addRoot(root: RootContext): void {
  roots.set(root.contextId, root);
  if (root.contextId == lastRootId) lastRoot = root;
}

/** Registers a new HTTP stream. */
export function addStream(stream: HttpStreamContext): void {
  streams.set(stream.contextId, stream);
  // The new stream's own callbacks come next: they find it without a lookup.
  lastStreamId = stream.contextId;
  lastStream = stream;
}

/** Forgets a root context. */
export function removeRoot(contextId: u32): void {
  roots.delete(contextId);
  if (contextId == lastRootId) {
    lastRootId = 0;
    lastRoot = null;
  }
}

/** Forgets an HTTP stream. */
export function removeStream(contextId: u32): void {
  streams.delete(contextId);
  if (contextId == lastStreamId) {
    lastStreamId = 0;
    lastStream = null;
  }
}

/** Number of live HTTP streams (all roots). */
export function streamCount(): i32 {
  return streams.size;
}
