// The functions the host looks up and calls, with exactly the signatures it checks at load time
// (a wrong one makes Envoy refuse the module). The build exports them through entry.ts, so a
// plugin exports them without writing anything. This is the one place where the ABI layer calls
// up into the runtime: each export only converts wasm integers and hands over to the dispatcher,
// between enterCallback and leaveCallback, which collect garbage once the callback is over.
//
// Only the allocator is required (reference/abi.md §3); the host skips a callback a module does
// not export. So there are none for gRPC streams, TCP connections, METADATA frames or foreign
// function callbacks, which this HTTP-filter SDK never starts, and none for
// proxy_validate_configuration, which Envoy never calls.

import * as dispatcher from "../runtime/dispatcher";
import { enterCallback, leaveCallback } from "../runtime/collector";
import { allocateForHost } from "./memory";

/** The allocator the host calls to hand data to the plugin; it never grows memory (memory.ts). */
export function malloc(size: usize): usize {
  return allocateForHost(size);
}

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  enterCallback();
  dispatcher.onContextCreate(contextId, parentContextId);
  leaveCallback();
}

export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): u32 {
  enterCallback();
  const ok = dispatcher.onVmStart(rootContextId, vmConfigurationSize);
  leaveCallback();
  return ok ? 1 : 0;
}

export function proxy_on_configure(rootContextId: u32, pluginConfigurationSize: u32): u32 {
  enterCallback();
  const ok = dispatcher.onConfigure(rootContextId, pluginConfigurationSize);
  leaveCallback();
  return ok ? 1 : 0;
}

export function proxy_on_tick(rootContextId: u32): void {
  enterCallback();
  dispatcher.onTick(rootContextId);
  leaveCallback();
}

export function proxy_on_queue_ready(rootContextId: u32, queueId: u32): void {
  enterCallback();
  dispatcher.onQueueReady(rootContextId, queueId);
  leaveCallback();
}

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  enterCallback();
  const status = dispatcher.onRequestHeaders(contextId, numHeaders, endOfStream != 0);
  leaveCallback();
  return status;
}

export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  enterCallback();
  const status = dispatcher.onRequestBody(contextId, bodySize, endOfStream != 0);
  leaveCallback();
  return status;
}

export function proxy_on_request_trailers(contextId: u32, numTrailers: u32): u32 {
  enterCallback();
  const status = dispatcher.onRequestTrailers(contextId, numTrailers);
  leaveCallback();
  return status;
}

export function proxy_on_response_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  enterCallback();
  const status = dispatcher.onResponseHeaders(contextId, numHeaders, endOfStream != 0);
  leaveCallback();
  return status;
}

export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  enterCallback();
  const status = dispatcher.onResponseBody(contextId, bodySize, endOfStream != 0);
  leaveCallback();
  return status;
}

export function proxy_on_response_trailers(contextId: u32, numTrailers: u32): u32 {
  enterCallback();
  const status = dispatcher.onResponseTrailers(contextId, numTrailers);
  leaveCallback();
  return status;
}

export function proxy_on_log(contextId: u32): void {
  enterCallback();
  dispatcher.onLog(contextId);
  leaveCallback();
}

export function proxy_on_done(contextId: u32): u32 {
  enterCallback();
  const done = dispatcher.onDone(contextId);
  leaveCallback();
  return done ? 1 : 0;
}

export function proxy_on_delete(contextId: u32): void {
  enterCallback();
  dispatcher.onDelete(contextId);
  leaveCallback();
}

export function proxy_on_http_call_response(rootContextId: u32, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
  enterCallback();
  dispatcher.onHttpCallResponse(rootContextId, token, numHeaders, bodySize, numTrailers);
  leaveCallback();
}

export function proxy_on_redis_call_response(rootContextId: u32, token: u32, status: i32, responseSize: u32): void {
  enterCallback();
  dispatcher.onRedisCallResponse(rootContextId, token, status, responseSize);
  leaveCallback();
}
