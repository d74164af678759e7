// The functions the host looks up and calls, with exactly the signatures it checks at load time
// (a wrong one makes Envoy refuse the module). The build exports them through abi/entry.ts, so a
// plugin exports them without writing anything. They sit beside the dispatcher, as in the Rust
// SDK: each only converts wasm integers and hands over to it.
//
// Only the allocator is required (reference/abi.md §3); the host skips a callback a module does
// not export. So there are none for gRPC streams, TCP connections, METADATA frames or foreign
// function callbacks, which this HTTP-filter SDK never starts, and none for
// proxy_validate_configuration, which Envoy never calls.

import { allocateForHost } from "../abi/memory";
import * as dispatcher from "./dispatcher";
import * as phases from "./stream_phases";

/** The allocator the host calls to hand data to the plugin; it never grows memory (memory.ts). */
export function malloc(size: usize): usize {
  return allocateForHost(size);
}

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  dispatcher.onContextCreate(contextId, parentContextId);
}

export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): u32 {
  return dispatcher.onVmStart(rootContextId, vmConfigurationSize) ? 1 : 0;
}

export function proxy_on_configure(rootContextId: u32, pluginConfigurationSize: u32): u32 {
  return dispatcher.onConfigure(rootContextId, pluginConfigurationSize) ? 1 : 0;
}

export function proxy_on_tick(rootContextId: u32): void {
  dispatcher.onTick(rootContextId);
}

export function proxy_on_queue_ready(rootContextId: u32, queueId: u32): void {
  dispatcher.onQueueReady(rootContextId, queueId);
}

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  return dispatcher.onRequestHeaders(contextId, numHeaders, endOfStream != 0);
}

export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  return phases.onRequestBody(contextId, bodySize, endOfStream != 0);
}

export function proxy_on_request_trailers(contextId: u32, numTrailers: u32): u32 {
  return phases.onRequestTrailers(contextId, numTrailers);
}

export function proxy_on_response_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  return phases.onResponseHeaders(contextId, numHeaders, endOfStream != 0);
}

export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  return phases.onResponseBody(contextId, bodySize, endOfStream != 0);
}

export function proxy_on_response_trailers(contextId: u32, numTrailers: u32): u32 {
  return phases.onResponseTrailers(contextId, numTrailers);
}

export function proxy_on_log(contextId: u32): void {
  phases.onLog(contextId);
}

export function proxy_on_done(contextId: u32): u32 {
  return dispatcher.onDone(contextId) ? 1 : 0;
}

export function proxy_on_delete(contextId: u32): void {
  dispatcher.onDelete(contextId);
}

export function proxy_on_http_call_response(rootContextId: u32, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
  dispatcher.onHttpCallResponse(rootContextId, token, numHeaders, bodySize, numTrailers);
}

export function proxy_on_redis_call_response(rootContextId: u32, token: u32, status: i32, responseSize: u32): void {
  dispatcher.onRedisCallResponse(rootContextId, token, status, responseSize);
}
