// Loading a plugin the way proxy-wasm-cpp-host does: parse and pick the ABI version
// (WasmBase::load), compile, link against exactly the registered host functions (V8::link),
// instantiate, look up and check the exports (getFunctions), then run the start functions inside
// the restricted-callback window (startVm). Every refusal is a WasmLoadError with Envoy's message.

import { readFile } from "node:fs/promises";
import { ALLOWED_DURING_START } from "./abi-table.js";
import { describeTrap, WasmLoadError } from "./errors.js";
import type { HostSettings } from "./host-env.js";
import { buildImports, type HostFunctionTable } from "./linker.js";
import {
  CORRUPTED_MODULE,
  linkProblem,
  lookUpFunctions,
  MISSING_ABI_VERSION,
  NO_MEMORY,
  selectAbiVersion,
  type ResolvedEntryPoints,
} from "./module-check.js";
import type { AbiVersionName, HostFlavor } from "./types.js";
import { parseModule, shapeOfCompiledModule, WasmFormatError, type ModuleShape } from "./wasm-binary.js";
import { INSTANCE_FAILED, startSectionHostCallDetail } from "./start-section.js";
import { StartSectionHostCall, type Vm } from "./vm.js";

/** Reads, parses and compiles the module, refusing what Envoy refuses before linking. */
export async function loadModule(
  wasm: string | Uint8Array | WebAssembly.Module,
  flavor: HostFlavor,
): Promise<{ module: WebAssembly.Module; shape: ModuleShape; abi: AbiVersionName }> {
  const bytes = typeof wasm === "string" ? new Uint8Array(await readFile(wasm)) : wasm instanceof Uint8Array ? wasm : null;
  let shape: ModuleShape;
  try {
    shape = bytes ? parseModule(bytes) : shapeOfCompiledModule(wasm as WebAssembly.Module);
  } catch (error) {
    if (error instanceof WasmFormatError) throw new WasmLoadError(CORRUPTED_MODULE, error.message);
    throw error;
  }
  const abi = selectAbiVersion(shape, flavor);
  if (abi === null) throw new WasmLoadError(MISSING_ABI_VERSION);
  let module: WebAssembly.Module;
  try {
    module = bytes ? await WebAssembly.compile(bytes.slice()) : (wasm as WebAssembly.Module);
  } catch (error) {
    throw new WasmLoadError("Failed to load Wasm bytecode", String(error));
  }
  const link = linkProblem(shape, abi, flavor);
  if (link !== null) throw new WasmLoadError(link);
  return { module, shape, abi };
}

/** Instantiates a loaded module against the host functions, checks its exports, and starts it. */
export function instantiate(
  module: WebAssembly.Module,
  shape: ModuleShape,
  settings: HostSettings,
  hostFunctions: HostFunctionTable,
  vm: Vm,
): void {
  const imports = buildImports(settings.abi, settings.flavor, hostFunctions, vm);
  // Like V8::link, the host creates the memory and table a module imports rather than exports.
  for (const imp of shape.imports) {
    if (imp.kind !== "memory" && imp.kind !== "table") continue;
    const key = `${imp.module}.${imp.name}`;
    const memoryLimits = shape.importedMemories.get(key);
    const tableLimits = shape.importedTables.get(key);
    const created = memoryLimits ? new WebAssembly.Memory(memoryLimits) : tableLimits ? new WebAssembly.Table(tableLimits) : null;
    if (created === null) {
      throw new WasmLoadError(INSTANCE_FAILED, `cannot size ${imp.kind} ${key} of a precompiled module; pass the bytes`);
    }
    (imports[imp.module] ??= {})[imp.name] = created;
  }
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (error) {
    if (error instanceof StartSectionHostCall) {
      throw new WasmLoadError(INSTANCE_FAILED, startSectionHostCallDetail(error.hostFunction));
    }
    throw new WasmLoadError(INSTANCE_FAILED, describeTrap(error) ?? String(error));
  }
  const { entryPoints, problems } = lookUpFunctions(shape, settings.abi, settings.flavor);
  if (problems.length > 0) throw new WasmLoadError(problems[0], problems.slice(1).join("\n"));
  const memory =
    Object.values(instance.exports).find((e): e is WebAssembly.Memory => e instanceof WebAssembly.Memory) ??
    shape.imports
      .filter((i) => i.kind === "memory")
      .map((i) => imports[i.module][i.name] as WebAssembly.Memory)[0];
  if (memory === undefined) throw new WasmLoadError(NO_MEMORY);
  vm.attach(instance, memory, entryPoints.allocator as string);
  startVm(vm, entryPoints);
}

/** WasmBase::startVm: _initialize (+ main) or _start, inside the restricted window. */
function startVm(vm: Vm, entryPoints: ResolvedEntryPoints): void {
  const run = (name: string, args: number[]) => {
    const outcome = vm.call(name, 0, args, ALLOWED_DURING_START);
    if (outcome.trapped) {
      const restricted = vm.lastRestrictedCall;
      throw new WasmLoadError(vm.failure ?? `Function: ${name} failed`, restricted ? `${restricted} is not allowed during ${name}` : "");
    }
  };
  if (entryPoints.initialize) {
    run("_initialize", []);
    if (entryPoints.main) run("main", [0, 0]);
  } else if (entryPoints.start) {
    run("_start", []);
  }
}
