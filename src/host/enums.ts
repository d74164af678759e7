// Numeric values that cross the wasm boundary. They are fixed by Envoy's host (proxy-wasm-cpp-host
// and the C++ SDK headers), so they are spelled out here rather than derived.

/** Result of every proxy_* host call (`proxy_status_t`). */
export const enum WasmResult {
  Ok = 0,
  NotFound = 1,
  BadArgument = 2,
  SerializationFailure = 3,
  ParseFailure = 4,
  InvalidMemoryAccess = 6,
  Empty = 7,
  CasMismatch = 8,
  InternalFailure = 10,
  BrokenConnection = 11,
  Unimplemented = 12,
}

/** Header and metadata maps addressed by proxy_*_header_map_* calls. */
export const enum MapType {
  RequestHeaders = 0,
  RequestTrailers = 1,
  ResponseHeaders = 2,
  ResponseTrailers = 3,
  GrpcReceiveInitialMetadata = 4,
  GrpcReceiveTrailingMetadata = 5,
  HttpCallResponseHeaders = 6,
  HttpCallResponseTrailers = 7,
}

/** Byte buffers addressed by proxy_*_buffer_* calls; 9 exists only on Higress. */
export const enum BufferType {
  RequestBody = 0,
  ResponseBody = 1,
  DownstreamData = 2,
  UpstreamData = 3,
  HttpCallResponseBody = 4,
  GrpcReceiveBuffer = 5,
  VmConfiguration = 6,
  PluginConfiguration = 7,
  CallData = 8,
  RedisCallResponse = 9,
}

/** Directions for proxy_continue_stream / proxy_close_stream. */
export const enum StreamType {
  Request = 0,
  Response = 1,
  Downstream = 2,
  Upstream = 3,
}

/** Metric kinds; also the low two bits of every metric id. */
export const enum MetricType {
  Counter = 0,
  Gauge = 1,
  Histogram = 2,
}

/** WASI errno values the host returns. */
export const enum WasiErrno {
  Success = 0,
  BadF = 8,
  Fault = 21,
  Inval = 28,
  NoEnt = 44,
  NoSys = 52,
  NotSup = 58,
}

/** gRPC status Envoy attaches to its own failure replies. */
export const GRPC_UNAVAILABLE = 14;
