// Public entry point of `higress-as/host`: the mock host, module inspection, and their types.

export { MockHost } from "./mock-host.js";
export { WasmLoadError } from "./errors.js";
export { inspectModule } from "./module-check.js";
export { formatSignature } from "./wasm-binary.js";
export type {
  AbiVersionName,
  FuncSignature,
  GrpcCallout,
  HeaderBytePairs,
  HeaderPairs,
  HeaderPairsInput,
  HeaderValue,
  HostFlavor,
  HostOptions,
  HttpCallout,
  HttpStreamAction,
  InjectedData,
  LocalResponse,
  LogLevelName,
  ModuleExport,
  ModuleImport,
  ModuleReport,
  PassedOn,
  PluginHandle,
  PluginStartStatus,
  PropertyValue,
  RedisCallout,
  RedisInit,
  ValType,
} from "./types.js";
