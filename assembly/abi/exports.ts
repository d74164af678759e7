// The functions the host looks up and calls, with exactly the signatures it checks at load time
// (a wrong one makes Envoy refuse the module). The build exports them through entry.ts, so a
// plugin exports them without writing anything. This is the one place where the ABI layer calls
// up into the runtime: each export only converts wasm integers and hands over to the dispatcher.

import * as dispatcher from "../runtime/dispatcher";
import { allocateForHost } from "./memory";
import { FilterMetadataStatus, FilterStatus, LogLevel } from "./enums";
import { getLogLevel, log } from "./hostcalls";

/** The allocator the host calls to hand data to the plugin. */
export function malloc(size: usize): usize {
  return allocateForHost(size);
}

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  dispatcher.onContextCreate(contextId, parentContextId);
}

export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): u32 {
  return dispatcher.onVmStart(rootContextId, vmConfigurationSize) ? 1 : 0;
}

// Envoy never calls it but checks its signature; configuration is validated in on_configure.
export function proxy_validate_configuration(rootContextId: u32, configurationSize: u32): u32 {
  return 1;
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

// Envoy never calls it; the SDK registers no foreign callbacks.
export function proxy_on_foreign_function(rootContextId: u32, functionId: u32, argumentsSize: u32): void {}

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  return dispatcher.onRequestHeaders(contextId, numHeaders, endOfStream != 0);
}

export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  return dispatcher.onRequestBody(contextId, bodySize, endOfStream != 0);
}

export function proxy_on_request_trailers(contextId: u32, numTrailers: u32): u32 {
  return dispatcher.onRequestTrailers(contextId, numTrailers);
}

// HTTP/2 METADATA frames: the host ignores the answer, the SDK has no use for them.
export function proxy_on_request_metadata(contextId: u32, numElements: u32): u32 {
  return FilterMetadataStatus.Continue;
}

export function proxy_on_response_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  return dispatcher.onResponseHeaders(contextId, numHeaders, endOfStream != 0);
}

export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  return dispatcher.onResponseBody(contextId, bodySize, endOfStream != 0);
}

export function proxy_on_response_trailers(contextId: u32, numTrailers: u32): u32 {
  return dispatcher.onResponseTrailers(contextId, numTrailers);
}

export function proxy_on_response_metadata(contextId: u32, numElements: u32): u32 {
  return FilterMetadataStatus.Continue;
}

export function proxy_on_log(contextId: u32): void {
  dispatcher.onLog(contextId);
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

// The SDK is an HTTP-filter SDK: it issues no gRPC calls and builds no TCP contexts. These exist
// so the host finds the names it looks up with the signatures it checks, and so a stray callback
// is answered neutrally (Continue) instead of being an unknown export.

function unexpected(callback: string): void {
  if (getLogLevel() <= LogLevel.Debug) log(LogLevel.Debug, callback + ": not used by this SDK, ignored");
}

export function proxy_on_grpc_receive_initial_metadata(rootContextId: u32, token: u32, numElements: u32): void {
  unexpected("proxy_on_grpc_receive_initial_metadata");
}

export function proxy_on_grpc_receive(rootContextId: u32, token: u32, messageSize: u32): void {
  unexpected("proxy_on_grpc_receive");
}

export function proxy_on_grpc_receive_trailing_metadata(rootContextId: u32, token: u32, numElements: u32): void {
  unexpected("proxy_on_grpc_receive_trailing_metadata");
}

export function proxy_on_grpc_close(rootContextId: u32, token: u32, statusCode: u32): void {
  unexpected("proxy_on_grpc_close");
}

export function proxy_on_new_connection(contextId: u32): u32 {
  return FilterStatus.Continue;
}

export function proxy_on_downstream_data(contextId: u32, dataSize: u32, endOfStream: u32): u32 {
  return FilterStatus.Continue;
}

export function proxy_on_upstream_data(contextId: u32, dataSize: u32, endOfStream: u32): u32 {
  return FilterStatus.Continue;
}

export function proxy_on_downstream_connection_close(contextId: u32, peerType: u32): void {}

export function proxy_on_upstream_connection_close(contextId: u32, peerType: u32): void {}
