// Outgoing calls (HTTP, Redis) waiting for their reply. The host delivers every reply to the ROOT
// context id with only a token, so this registry remembers, per token, which context dispatched
// the call and which handler wants the answer. An entry outlives the stream that made the call:
// a reply for a stream that is gone is dropped with a debug line, never delivered, never a trap.

import { LogLevel, RedisStatus, WasmResult } from "../abi/enums";
import { HeaderPair } from "../abi/pairs";
import * as hostcalls from "../abi/hostcalls";
import { currentContextId, findStream, isLive, owningRootId, switchContext } from "./contexts";
import { StreamCallback } from "./http_stream_context";
import { deliverLaterPhases } from "./stream_phases";

/** Receives the reply of an HTTP call; AssemblyScript has no closures, so state lives here. */
export abstract class HttpCallHandler {
  /** The reply arrived (numHeaders 0: the call failed, e.g. reset). Runs as the calling context. */
  abstract onHttpCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void;
}

/** Receives the reply of a Redis call (Higress). */
export abstract class RedisCallHandler {
  /** The reply arrived; on Ok its RESP bytes are in BufferType.RedisCallResponse. */
  abstract onRedisCallResponse(status: RedisStatus, responseSize: usize): void;
}

class PendingCallout {
  constructor(
    public contextId: u32,
    public rootContextId: u32,
    public http: HttpCallHandler | null,
    public redis: RedisCallHandler | null,
  ) {}
}

@lazy const pending = new Map<u32, PendingCallout>();
// The registry's operations, reached through these once the first call is sent: a plugin that
// sends none has no reply to route, and its module carries no registry code.
let takePending: ((token: u32) => PendingCallout | null) | null = null;
let dropPending: ((rootContextId: u32) => void) | null = null;

function take(token: u32): PendingCallout | null {
  if (!pending.has(token)) return null;
  const call = pending.get(token);
  pending.delete(token);
  return call;
}

function dropOf(rootContextId: u32): void {
  const tokens = pending.keys();
  for (let i = 0, n = tokens.length; i < n; i++) {
    const token = unchecked(tokens[i]);
    if (pending.get(token).rootContextId == rootContextId) pending.delete(token);
  }
}

// Remembers who sent the call with `token`.
function record(token: u32, http: HttpCallHandler | null, redis: RedisCallHandler | null): void {
  const caller = currentContextId();
  pending.set(token, new PendingCallout(caller, owningRootId(caller), http, redis));
  takePending = take;
  dropPending = dropOf;
  // The reply may come in any later phase and look at what the stream's callbacks record.
  const stream = findStream(caller);
  if (stream != null) stream.callbacks = StreamCallback.All;
  deliverLaterPhases();
}

function debug(message: string): void {
  if (hostcalls.getLogLevel() <= LogLevel.Debug) hostcalls.log(LogLevel.Debug, message);
}

/**
 * Sends an HTTP call from the current context. Returns its token, or 0 when the host refused it
 * (hostcalls.lastResult() says why); on 0 the handler is never called.
 */
export function dispatchHttpCall(
  cluster: string,
  headers: HeaderPair[],
  body: ArrayBuffer,
  trailers: HeaderPair[],
  timeoutMs: u32,
  handler: HttpCallHandler,
): u32 {
  const token = hostcalls.httpCall(cluster, headers, body, trailers, timeoutMs);
  if (token != 0) record(token, handler, null);
  return token;
}

/** Sends a raw RESP query from the current context (Higress). Returns its token, 0 on refusal. */
export function dispatchRedisCall(cluster: string, query: ArrayBuffer, handler: RedisCallHandler): u32 {
  const token = hostcalls.redisCall(cluster, query);
  if (token != 0) record(token, null, handler);
  return token;
}

/** How many calls are waiting for a reply. */
export function pendingCalloutCount(): i32 {
  return pending.size;
}

// Takes the entry for `token` and makes its caller the effective context; null when the reply
// must be dropped (unknown token, or the caller is gone).
function takeForDelivery(token: u32, kind: string): PendingCallout | null {
  const takeCall = takePending;
  let call: PendingCallout | null = null;
  if (takeCall != null) call = takeCall(token);
  if (call == null) {
    debug(kind + " reply for unknown token " + token.toString() + " dropped");
    return null;
  }
  if (!isLive(call.contextId)) {
    debug(kind + " reply for context " + call.contextId.toString() + " dropped: the stream has ended");
    return null;
  }
  if (switchContext(call.contextId) != WasmResult.Ok) {
    debug(kind + " reply for context " + call.contextId.toString() + " dropped: the host no longer knows it");
    return null;
  }
  return call;
}

/** Routes an HTTP reply to its handler, running as the context that made the call. */
export function deliverHttpCallResponse(token: u32, numHeaders: u32, bodySize: usize, numTrailers: u32): void {
  const call = takeForDelivery(token, "http call");
  if (call == null) return;
  const handler = call.http;
  if (handler != null) handler.onHttpCallResponse(numHeaders, bodySize, numTrailers);
}

/** Routes a Redis reply to its handler, running as the context that made the call. */
export function deliverRedisCallResponse(token: u32, status: RedisStatus, responseSize: usize): void {
  const call = takeForDelivery(token, "redis call");
  if (call == null) return;
  const handler = call.redis;
  if (handler != null) handler.onRedisCallResponse(status, responseSize);
}

/** Forgets the calls of a root context that is going away (the host cancels them too). */
export function dropCalloutsOf(rootContextId: u32): void {
  const drop = dropPending;
  if (drop != null) drop(rootContextId);
}
