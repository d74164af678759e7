// Public types of the mock host. Names mirror wasm-go's test host (pkg/test) in TypeScript casing.

/** Header, trailer or metadata entries in order; duplicate keys are separate entries. */
export type HeaderPairs = Array<[string, string]>;

/**
 * A header value as a test gives it: a string goes in as UTF-8, bytes go in exactly as they are
 * (Envoy's codecs pass obs-text bytes 0x80-0xFF through, so a value need not be UTF-8).
 */
export type HeaderValue = string | Uint8Array;

/** Header entries as a test gives them; each value is a string or raw bytes. */
export type HeaderPairsInput = ReadonlyArray<readonly [string, HeaderValue]>;

/** Header entries with their values as the exact bytes the header map holds. */
export type HeaderBytePairs = Array<[string, Uint8Array]>;

/** What Envoy's filter manager does after a callback, after Envoy converted the plugin's return code. */
export type HttpStreamAction =
  | "Continue"
  | "StopIteration"
  | "StopAllIterationAndBuffer"
  | "StopAllIterationAndWatermark"
  | "StopIterationAndBuffer"
  | "StopIterationAndWatermark"
  | "StopIterationNoBuffer";

/** Envoy log levels, in increasing severity. */
export type LogLevelName = "trace" | "debug" | "info" | "warn" | "error" | "critical";

/** Which proxy the host imitates: Higress's Envoy fork, or upstream Envoy. */
export type HostFlavor = "higress" | "envoy";

/** ABI versions a module can declare with a `proxy_abi_version_*` export. */
export type AbiVersionName = "0.1.0" | "0.2.0" | "0.2.1" | "0.2.100";

/** A value for a property; numbers become int64 (or double when fractional), as Envoy encodes them. */
export type PropertyValue = string | Uint8Array | number | bigint | boolean;

/** Options of MockHost.create. */
export interface HostOptions {
  /** Plugin configuration of the default plugin: bytes as they are, strings as UTF-8, objects as JSON. */
  config?: string | Uint8Array | object;
  /** VM configuration (buffer type 6), shared by every plugin of the VM. */
  vmConfig?: string;
  /** Root id of the default plugin. Default "". */
  rootId?: string;
  /** Plugin name (property `plugin_name`) of the default plugin. Default "test-plugin". */
  pluginName?: string;
  /** VM id (property `plugin_vm_id`; also the shared-data scope). Default "". */
  vmId?: string;
  /** Host to imitate. Default "higress". */
  flavor?: HostFlavor;
  /** Upstream Envoy's PluginConfig.allow_on_headers_stop_iteration: pass StopIteration through. */
  allowOnHeadersStopIteration?: boolean;
  /** "current": body_size includes the chunk being delivered (Envoy >= 1.32); "legacy": it lags by one chunk. */
  bodySizeSemantics?: "current" | "legacy";
  /** Per-stream buffer limit (per_connection_buffer_limit_bytes). Default 1 MiB. */
  bufferLimitBytes?: number;
  /** Level of Envoy's `wasm` logger. Default "trace". */
  logLevel?: LogLevelName;
  /** Known upstream clusters; when omitted every cluster name is known. */
  clusters?: string[];
  /** What happens to streams after the VM trapped. Default "fail-closed". */
  failurePolicy?: "fail-open" | "fail-closed";
  /**
   * Extra host properties (paths use "." between segments), added to the defaults. `null` drops a
   * default (and its aliases): the property is NotFound, as in an Envoy that does not set it.
   */
  properties?: Record<string, PropertyValue | null>;
  /** WASI environment variables (Envoy's VmConfig.environment_variables). */
  environment?: Record<string, string>;
  /** Foreign functions in addition to Envoy's `compress` / `uncompress`. */
  foreignFunctions?: Record<string, (args: Uint8Array) => Uint8Array>;
  /** Answer of proxy_get_upstream_hosts (Higress): [address, metrics text] pairs. */
  upstreamHosts?: HeaderPairs;
  /** Called for every log line the plugin emits at or above `logLevel`. */
  onLog?: (level: LogLevelName, message: string) => void;
}

/** Outcome of starting a plugin: on_vm_start and on_configure. */
export type PluginStartStatus = "ok" | "start-failed" | "configure-failed";

/** A plugin (root context) in the VM. */
export interface PluginHandle {
  rootId: string;
  rootContextId: number;
  startStatus: PluginStartStatus;
}

/** A local reply as the plugin (or Envoy) sent it. */
export interface LocalResponse {
  statusCode: number;
  /** Response code details; Envoy replaces whitespace with "_". */
  statusCodeDetails: string;
  body: Uint8Array;
  /** Headers of the reply without `:status`: the plugin's (lowercased) plus those Envoy adds. */
  headers: HeaderPairs;
  /** The grpc_status argument as a signed int; -1 means none. */
  grpcStatus: number;
}

/** One direction of a stream as it left the plugin (MockHost.getPassedOn). */
export interface PassedOn {
  /** The headers as they went on; null while the plugin holds them. */
  headers: HeaderPairs | null;
  /** Body bytes passed on, from the requested offset. */
  body: Uint8Array;
  /** Nothing more will pass: the direction ended past the plugin, or a local reply or reset closed it. */
  ended: boolean;
  /** The trailers, once ended with trailers; else null. */
  trailers: HeaderPairs | null;
}

/** An http_call the plugin dispatched. */
export interface HttpCallout {
  token: number;
  upstream: string;
  headers: HeaderPairs;
  body: Uint8Array;
  trailers: HeaderPairs;
  timeoutMs: number;
  /** The context (or effective context) that made the call. */
  contextId: number;
  /** The root context the reply is delivered to. */
  rootContextId: number;
  answered: boolean;
}

/** A Redis command the plugin sent (Higress). */
export interface RedisCallout {
  token: number;
  upstream: string;
  /** The raw RESP request. */
  query: Uint8Array;
  contextId: number;
  rootContextId: number;
  answered: boolean;
}

/** A proxy_redis_init call (Higress). */
export interface RedisInit {
  cluster: string;
  username: string;
  password: string;
  timeoutMs: number;
}

/** A gRPC call or stream the plugin opened. */
export interface GrpcCallout {
  token: number;
  kind: "call" | "stream";
  service: string;
  serviceName: string;
  method: string;
  initialMetadata: HeaderPairs;
  /** Messages sent: the request for a call, every proxy_grpc_send for a stream. */
  messages: Uint8Array[];
  timeoutMs: number;
  contextId: number;
  rootContextId: number;
  /** "open" until the plugin cancels/closes it or the host delivers on_grpc_close. */
  state: "open" | "cancelled" | "closed-by-plugin" | "closed";
}

/** Data the plugin injected with proxy_inject_encoded_data_to_filter_chain (Higress). */
export interface InjectedData {
  data: Uint8Array;
  endOfStream: boolean;
}

/** WebAssembly value types as Envoy prints them. */
export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref";

/** A function signature. */
export interface FuncSignature {
  params: ValType[];
  results: ValType[];
}

/** One import of a module. `type` is absent for non-function imports. */
export interface ModuleImport {
  module: string;
  name: string;
  kind: "function" | "table" | "memory" | "global" | "tag";
  type?: FuncSignature;
}

/** One export of a module. `type` is absent for non-function exports. */
export interface ModuleExport {
  name: string;
  kind: "function" | "table" | "memory" | "global" | "tag";
  type?: FuncSignature;
}

/** What inspectModule finds out about a module. */
export interface ModuleReport {
  imports: ModuleImport[];
  exports: ModuleExport[];
  /** ABI version the selected flavour picks; null when it finds no marker. */
  abiVersion: AbiVersionName | null;
  /** ABI version each host picks. */
  abiVersions: { envoy: AbiVersionName | null; higress: AbiVersionName | null };
  /** Envoy's refusal messages for the selected flavour, in the order Envoy meets them. */
  problems: string[];
  /** Refusal messages per host. */
  problemsByHost: { envoy: string[]; higress: string[] };
  loadableBy: { envoy: boolean; higress: boolean };
  /** True if the module has a wasm start section (its host calls would run before any context exists). */
  hasStartSection: boolean;
}
