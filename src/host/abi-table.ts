// The single table of what the host registers and what it looks up in a module, per ABI version
// and host flavour (proxy-wasm-cpp-host `registerCallbacks` / `getFunctions`, Higress additions).
// Linking, load checks and the `check` command all read this table.

import type { AbiVersionName, FuncSignature, HostFlavor, ValType } from "./types.js";

const TYPE_CODES: Record<string, ValType> = { i: "i32", I: "i64" };

/** Builds a signature from compact codes: "i" = i32, "I" = i64, e.g. sig("iiI", "i"). */
function sig(params: string, results: string): FuncSignature {
  return {
    params: [...params].map((c) => TYPE_CODES[c]),
    results: [...results].map((c) => TYPE_CODES[c]),
  };
}

/** Which ABI versions and flavours register a host function. */
type Availability = (abi: AbiVersionName, flavor: HostFlavor) => boolean;

const always: Availability = () => true;
const abi010Only: Availability = (abi) => abi === "0.1.0";
const abi02x: Availability = (abi) => abi !== "0.1.0";
const abi021Plus: Availability = (abi) => abi === "0.2.1" || abi === "0.2.100";
// Higress's cpp-host adds its five imports for ABI 0.2.1 and 0.2.100 only.
const higressOnly: Availability = (abi, flavor) => flavor === "higress" && abi021Plus(abi, flavor);

/** One function the host provides to the module. */
export interface HostFunctionSpec {
  module: string;
  name: string;
  type: FuncSignature;
  registered: Availability;
}

const WASI_MODULES = ["wasi_snapshot_preview1", "wasi_unstable"] as const;

// The 15 WASI functions every Envoy since 2022 registers (newer hosts add more; a plugin that wants
// to load everywhere must stay within these).
const WASI_FUNCTIONS: Array<[string, FuncSignature]> = [
  ["fd_write", sig("iiii", "i")],
  ["fd_read", sig("iiii", "i")],
  ["fd_seek", sig("iIii", "i")],
  ["fd_close", sig("i", "i")],
  ["fd_fdstat_get", sig("ii", "i")],
  ["environ_get", sig("ii", "i")],
  ["environ_sizes_get", sig("ii", "i")],
  ["args_get", sig("ii", "i")],
  ["args_sizes_get", sig("ii", "i")],
  ["clock_time_get", sig("iIi", "i")],
  ["random_get", sig("ii", "i")],
  ["proc_exit", sig("i", "")],
  ["path_open", sig("iiiiiIIii", "i")],
  ["fd_prestat_get", sig("ii", "i")],
  ["fd_prestat_dir_name", sig("iii", "i")],
];

const PROXY_FUNCTIONS: Array<[string, FuncSignature, Availability]> = [
  ["proxy_log", sig("iii", "i"), always],
  ["proxy_get_log_level", sig("i", "i"), abi021Plus],
  ["proxy_get_property", sig("iiii", "i"), always],
  ["proxy_set_property", sig("iiii", "i"), always],
  ["proxy_get_header_map_pairs", sig("iii", "i"), always],
  ["proxy_set_header_map_pairs", sig("iii", "i"), always],
  ["proxy_get_header_map_value", sig("iiiii", "i"), always],
  ["proxy_add_header_map_value", sig("iiiii", "i"), always],
  ["proxy_replace_header_map_value", sig("iiiii", "i"), always],
  ["proxy_remove_header_map_value", sig("iii", "i"), always],
  ["proxy_get_header_map_size", sig("ii", "i"), always],
  ["proxy_get_buffer_status", sig("iii", "i"), always],
  ["proxy_get_buffer_bytes", sig("iiiii", "i"), always],
  ["proxy_set_buffer_bytes", sig("iiiii", "i"), always],
  ["proxy_continue_stream", sig("i", "i"), abi02x],
  ["proxy_close_stream", sig("i", "i"), abi02x],
  ["proxy_send_local_response", sig("iiiiiiii", "i"), always],
  ["proxy_http_call", sig("iiiiiiiiii", "i"), always],
  ["proxy_get_status", sig("iii", "i"), always],
  ["proxy_grpc_call", sig("iiiiiiiiiiii", "i"), always],
  ["proxy_grpc_stream", sig("iiiiiiiii", "i"), always],
  ["proxy_grpc_send", sig("iiii", "i"), always],
  ["proxy_grpc_cancel", sig("i", "i"), always],
  ["proxy_grpc_close", sig("i", "i"), always],
  ["proxy_get_shared_data", sig("iiiii", "i"), always],
  ["proxy_set_shared_data", sig("iiiii", "i"), always],
  ["proxy_register_shared_queue", sig("iii", "i"), always],
  ["proxy_resolve_shared_queue", sig("iiiii", "i"), always],
  ["proxy_enqueue_shared_queue", sig("iii", "i"), always],
  ["proxy_dequeue_shared_queue", sig("iii", "i"), always],
  ["proxy_set_tick_period_milliseconds", sig("i", "i"), always],
  ["proxy_get_current_time_nanoseconds", sig("i", "i"), always],
  ["proxy_define_metric", sig("iiii", "i"), always],
  ["proxy_increment_metric", sig("iI", "i"), always],
  ["proxy_record_metric", sig("iI", "i"), always],
  ["proxy_get_metric", sig("ii", "i"), always],
  ["proxy_set_effective_context", sig("i", "i"), always],
  ["proxy_done", sig("", "i"), always],
  ["proxy_call_foreign_function", sig("iiiiii", "i"), always],
  ["proxy_get_configuration", sig("ii", "i"), abi010Only],
  ["proxy_continue_request", sig("", "i"), abi010Only],
  ["proxy_continue_response", sig("", "i"), abi010Only],
  ["proxy_clear_route_cache", sig("", "i"), abi010Only],
  ["proxy_redis_init", sig("iiiiiii", "i"), higressOnly],
  ["proxy_redis_call", sig("iiiii", "i"), higressOnly],
  ["proxy_inject_encoded_data_to_filter_chain", sig("iii", "i"), higressOnly],
  ["proxy_get_upstream_hosts", sig("ii", "i"), higressOnly],
  ["proxy_set_upstream_override_host", sig("ii", "i"), higressOnly],
];

/** Every function the host can provide, with the versions/flavours that register it. */
export const HOST_FUNCTIONS: readonly HostFunctionSpec[] = [
  { module: "env", name: "pthread_equal", type: sig("ii", "i"), registered: always },
  { module: "env", name: "emscripten_notify_memory_growth", type: sig("i", ""), registered: always },
  ...WASI_MODULES.flatMap((module) =>
    WASI_FUNCTIONS.map(([name, type]) => ({ module, name, type, registered: always })),
  ),
  ...PROXY_FUNCTIONS.map(([name, type, registered]) => ({ module: "env", name, type, registered })),
];

/** The host functions registered for this ABI version and flavour, keyed "module.name". */
export function registeredHostFunctions(
  abi: AbiVersionName,
  flavor: HostFlavor,
): Map<string, HostFunctionSpec> {
  const registered = new Map<string, HostFunctionSpec>();
  for (const spec of HOST_FUNCTIONS) {
    if (spec.registered(abi, flavor)) registered.set(`${spec.module}.${spec.name}`, spec);
  }
  return registered;
}

/** ABI marker exports, by name. Only Higress knows 0.2.100. */
export const ABI_MARKERS: ReadonlyArray<{ name: string; version: AbiVersionName; flavors: HostFlavor[] }> = [
  { name: "proxy_abi_version_0_1_0", version: "0.1.0", flavors: ["envoy", "higress"] },
  { name: "proxy_abi_version_0_2_0", version: "0.2.0", flavors: ["envoy", "higress"] },
  { name: "proxy_abi_version_0_2_1", version: "0.2.1", flavors: ["envoy", "higress"] },
  { name: "proxy_abi_version_0_2_100", version: "0.2.100", flavors: ["higress"] },
];

/** A module export the host looks up and signature-checks when present. */
export interface ModuleFunctionSpec {
  name: string;
  type: FuncSignature;
}

// In Envoy's lookup order (WasmBase::getFunctions, then Envoy's own Wasm::getFunctions). The start
// and allocator exports are handled separately because whether they are looked up depends on others.
const CALLBACK_FUNCTIONS: Array<[string, FuncSignature, Availability]> = [
  ["proxy_validate_configuration", sig("ii", "i"), always],
  ["proxy_on_vm_start", sig("ii", "i"), always],
  ["proxy_on_configure", sig("ii", "i"), always],
  ["proxy_on_tick", sig("i", ""), always],
  ["proxy_on_context_create", sig("ii", ""), always],
  ["proxy_on_new_connection", sig("i", "i"), always],
  ["proxy_on_downstream_data", sig("iii", "i"), always],
  ["proxy_on_upstream_data", sig("iii", "i"), always],
  ["proxy_on_downstream_connection_close", sig("ii", ""), always],
  ["proxy_on_upstream_connection_close", sig("ii", ""), always],
  ["proxy_on_request_body", sig("iii", "i"), always],
  ["proxy_on_request_trailers", sig("ii", "i"), always],
  ["proxy_on_request_metadata", sig("ii", "i"), always],
  ["proxy_on_response_body", sig("iii", "i"), always],
  ["proxy_on_response_trailers", sig("ii", "i"), always],
  ["proxy_on_response_metadata", sig("ii", "i"), always],
  ["proxy_on_http_call_response", sig("iiiii", ""), always],
  ["proxy_on_grpc_receive", sig("iii", ""), always],
  ["proxy_on_grpc_close", sig("iii", ""), always],
  ["proxy_on_grpc_receive_initial_metadata", sig("iii", ""), always],
  ["proxy_on_grpc_receive_trailing_metadata", sig("iii", ""), always],
  ["proxy_on_queue_ready", sig("ii", ""), always],
  ["proxy_on_done", sig("i", "i"), always],
  ["proxy_on_log", sig("i", ""), always],
  ["proxy_on_delete", sig("i", ""), always],
  ["proxy_on_request_headers", sig("ii", "i"), abi010Only],
  ["proxy_on_response_headers", sig("ii", "i"), abi010Only],
  ["proxy_on_request_headers", sig("iii", "i"), abi02x],
  ["proxy_on_response_headers", sig("iii", "i"), abi02x],
  ["proxy_on_foreign_function", sig("iii", ""), abi02x],
  ["proxy_on_redis_call_response", sig("iiii", ""), (_abi, flavor) => flavor === "higress"],
  ["envoy_on_resolve_dns", sig("iii", ""), always],
  ["envoy_on_stats_update", sig("ii", ""), always],
];

/** Callback exports looked up (and signature-checked) for this ABI version and flavour. */
export function callbackFunctions(abi: AbiVersionName, flavor: HostFlavor): ModuleFunctionSpec[] {
  return CALLBACK_FUNCTIONS.filter(([, , lookedUp]) => lookedUp(abi, flavor)).map(([name, type]) => ({ name, type }));
}

/** Start and allocator exports. */
export const START_FUNCTIONS = {
  _initialize: sig("", ""),
  main: sig("ii", "i"),
  _start: sig("", ""),
  malloc: sig("i", "i"),
  proxy_on_memory_allocate: sig("i", "i"),
} as const;

// Host calls allowed while the VM starts (_initialize/main/_start); anything else traps with
// "restricted_callback" (cpp-host WasmBase::startVm).
const START_ALLOWED = ["proxy_log"].map((n) => `env.${n}`).concat(
  WASI_MODULES.flatMap((m) =>
    [
      "fd_write",
      "args_sizes_get",
      "args_get",
      "environ_sizes_get",
      "environ_get",
      "fd_prestat_get",
      "fd_prestat_dir_name",
      "clock_time_get",
      "random_get",
      "fd_fdstat_get",
    ].map((n) => `${m}.${n}`),
  ),
);

// Host calls allowed while the host runs the module's allocator.
const MALLOC_ALLOWED = ["env.proxy_log"].concat(
  WASI_MODULES.flatMap((m) => ["fd_write", "clock_time_get"].map((n) => `${m}.${n}`)),
);

/** Host calls allowed inside the start functions, keyed "module.name". */
export const ALLOWED_DURING_START: ReadonlySet<string> = new Set(START_ALLOWED);
/** Host calls allowed inside malloc / proxy_on_memory_allocate, keyed "module.name". */
export const ALLOWED_DURING_MALLOC: ReadonlySet<string> = new Set(MALLOC_ALLOWED);
