// Every host function of proxy-wasm ABI 0.2.1 plus the Higress extensions, with the exact wasm
// signature the host registers (the host checks types at load time). Only imports a plugin
// actually calls end up in its module, so a plugin that never touches Redis still loads in plain
// Envoy. Nothing from ABI 0.1.0 is declared here: Envoy refuses those imports under a 0.2.x marker.

// ── Logging ─────────────────────────────────────────────────────────────────────────────────────
@external("env", "proxy_log")
export declare function proxy_log(level: i32, messagePtr: usize, messageSize: usize): i32;
@external("env", "proxy_get_log_level")
export declare function proxy_get_log_level(returnLevelPtr: usize): i32;

// ── Properties ──────────────────────────────────────────────────────────────────────────────────
@external("env", "proxy_get_property")
export declare function proxy_get_property(pathPtr: usize, pathSize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize): i32;
@external("env", "proxy_set_property")
export declare function proxy_set_property(pathPtr: usize, pathSize: usize, valuePtr: usize, valueSize: usize): i32;

// ── Header, trailer and metadata maps ──────────────────────────────────────────────────────────
@external("env", "proxy_get_header_map_pairs")
export declare function proxy_get_header_map_pairs(mapType: i32, returnPtrPtr: usize, returnSizePtr: usize): i32;
@external("env", "proxy_set_header_map_pairs")
export declare function proxy_set_header_map_pairs(mapType: i32, pairsPtr: usize, pairsSize: usize): i32;
@external("env", "proxy_get_header_map_value")
export declare function proxy_get_header_map_value(mapType: i32, keyPtr: usize, keySize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize): i32;
@external("env", "proxy_add_header_map_value")
export declare function proxy_add_header_map_value(mapType: i32, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): i32;
@external("env", "proxy_replace_header_map_value")
export declare function proxy_replace_header_map_value(mapType: i32, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): i32;
@external("env", "proxy_remove_header_map_value")
export declare function proxy_remove_header_map_value(mapType: i32, keyPtr: usize, keySize: usize): i32;
@external("env", "proxy_get_header_map_size")
export declare function proxy_get_header_map_size(mapType: i32, returnSizePtr: usize): i32;

// ── Buffers ─────────────────────────────────────────────────────────────────────────────────────
@external("env", "proxy_get_buffer_status")
export declare function proxy_get_buffer_status(bufferType: i32, returnSizePtr: usize, returnFlagsPtr: usize): i32;
@external("env", "proxy_get_buffer_bytes")
export declare function proxy_get_buffer_bytes(bufferType: i32, start: u32, maxSize: u32, returnPtrPtr: usize, returnSizePtr: usize): i32;
@external("env", "proxy_set_buffer_bytes")
export declare function proxy_set_buffer_bytes(bufferType: i32, start: u32, size: u32, dataPtr: usize, dataSize: usize): i32;

// ── Stream control and HTTP ─────────────────────────────────────────────────────────────────────
@external("env", "proxy_continue_stream")
export declare function proxy_continue_stream(streamType: i32): i32;
@external("env", "proxy_close_stream")
export declare function proxy_close_stream(streamType: i32): i32;
@external("env", "proxy_send_local_response")
export declare function proxy_send_local_response(statusCode: u32, detailsPtr: usize, detailsSize: usize, bodyPtr: usize, bodySize: usize, headersPtr: usize, headersSize: usize, grpcStatus: i32): i32;
@external("env", "proxy_http_call")
export declare function proxy_http_call(upstreamPtr: usize, upstreamSize: usize, headersPtr: usize, headersSize: usize, bodyPtr: usize, bodySize: usize, trailersPtr: usize, trailersSize: usize, timeoutMs: u32, returnTokenPtr: usize): i32;
@external("env", "proxy_get_status")
export declare function proxy_get_status(returnCodePtr: usize, returnMessagePtrPtr: usize, returnMessageSizePtr: usize): i32;

// ── gRPC ────────────────────────────────────────────────────────────────────────────────────────
@external("env", "proxy_grpc_call")
export declare function proxy_grpc_call(servicePtr: usize, serviceSize: usize, serviceNamePtr: usize, serviceNameSize: usize, methodPtr: usize, methodSize: usize, metadataPtr: usize, metadataSize: usize, messagePtr: usize, messageSize: usize, timeoutMs: u32, returnTokenPtr: usize): i32;
@external("env", "proxy_grpc_stream")
export declare function proxy_grpc_stream(servicePtr: usize, serviceSize: usize, serviceNamePtr: usize, serviceNameSize: usize, methodPtr: usize, methodSize: usize, metadataPtr: usize, metadataSize: usize, returnTokenPtr: usize): i32;
@external("env", "proxy_grpc_send")
export declare function proxy_grpc_send(token: u32, messagePtr: usize, messageSize: usize, endStream: u32): i32;
@external("env", "proxy_grpc_cancel")
export declare function proxy_grpc_cancel(token: u32): i32;
@external("env", "proxy_grpc_close")
export declare function proxy_grpc_close(token: u32): i32;

// ── Shared data and shared queues ───────────────────────────────────────────────────────────────
@external("env", "proxy_get_shared_data")
export declare function proxy_get_shared_data(keyPtr: usize, keySize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize, returnCasPtr: usize): i32;
@external("env", "proxy_set_shared_data")
export declare function proxy_set_shared_data(keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize, cas: u32): i32;
@external("env", "proxy_register_shared_queue")
export declare function proxy_register_shared_queue(namePtr: usize, nameSize: usize, returnTokenPtr: usize): i32;
@external("env", "proxy_resolve_shared_queue")
export declare function proxy_resolve_shared_queue(vmIdPtr: usize, vmIdSize: usize, namePtr: usize, nameSize: usize, returnTokenPtr: usize): i32;
@external("env", "proxy_enqueue_shared_queue")
export declare function proxy_enqueue_shared_queue(token: u32, dataPtr: usize, dataSize: usize): i32;
@external("env", "proxy_dequeue_shared_queue")
export declare function proxy_dequeue_shared_queue(token: u32, returnDataPtrPtr: usize, returnDataSizePtr: usize): i32;

// ── Timers and time ─────────────────────────────────────────────────────────────────────────────
@external("env", "proxy_set_tick_period_milliseconds")
export declare function proxy_set_tick_period_milliseconds(periodMs: u32): i32;
@external("env", "proxy_get_current_time_nanoseconds")
export declare function proxy_get_current_time_nanoseconds(returnTimePtr: usize): i32;

// ── Metrics ─────────────────────────────────────────────────────────────────────────────────────
@external("env", "proxy_define_metric")
export declare function proxy_define_metric(metricType: i32, namePtr: usize, nameSize: usize, returnIdPtr: usize): i32;
@external("env", "proxy_increment_metric")
export declare function proxy_increment_metric(metricId: u32, offset: i64): i32;
@external("env", "proxy_record_metric")
export declare function proxy_record_metric(metricId: u32, value: u64): i32;
@external("env", "proxy_get_metric")
export declare function proxy_get_metric(metricId: u32, returnValuePtr: usize): i32;

// ── Context plumbing ────────────────────────────────────────────────────────────────────────────
@external("env", "proxy_set_effective_context")
export declare function proxy_set_effective_context(contextId: u32): i32;
@external("env", "proxy_done")
export declare function proxy_done(): i32;

// ── Foreign functions ───────────────────────────────────────────────────────────────────────────
@external("env", "proxy_call_foreign_function")
export declare function proxy_call_foreign_function(namePtr: usize, nameSize: usize, argumentsPtr: usize, argumentsSize: usize, returnResultsPtrPtr: usize, returnResultsSizePtr: usize): i32;

// ── Higress extensions (absent from plain Envoy: importing them makes a plugin Higress-only) ───
@external("env", "proxy_redis_init")
export declare function proxy_redis_init(clusterPtr: usize, clusterSize: usize, usernamePtr: usize, usernameSize: usize, passwordPtr: usize, passwordSize: usize, timeoutMs: u32): i32;
@external("env", "proxy_redis_call")
export declare function proxy_redis_call(clusterPtr: usize, clusterSize: usize, queryPtr: usize, querySize: usize, returnTokenPtr: usize): i32;
@external("env", "proxy_inject_encoded_data_to_filter_chain")
export declare function proxy_inject_encoded_data_to_filter_chain(bodyPtr: usize, bodySize: usize, endStream: u32): i32;
@external("env", "proxy_get_upstream_hosts")
export declare function proxy_get_upstream_hosts(returnPtrPtr: usize, returnSizePtr: usize): i32;
@external("env", "proxy_set_upstream_override_host")
export declare function proxy_set_upstream_override_host(addressPtr: usize, addressSize: usize): i32;
