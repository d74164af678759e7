// Decides whether Envoy (or Higress) would load a module, and with which message it would refuse,
// by replaying the checks of proxy-wasm-cpp-host in its order: ABI marker (WasmBase::load), import
// linking (V8::link, stops at the first bad import), then export lookups (WasmBase::getFunctions,
// which reports every bad signature).

import { ABI_MARKERS, START_FUNCTIONS, callbackFunctions, registeredHostFunctions } from "./abi-table.js";
import { INSTANCE_FAILED, startSectionFailure } from "./start-section.js";
import { formatSignature, parseModule, sameSignature, WasmFormatError, type ModuleShape } from "./wasm-binary.js";
import type { AbiVersionName, FuncSignature, HostFlavor, ModuleExport, ModuleReport } from "./types.js";

export const MISSING_ABI_VERSION = "Missing or unknown Proxy-Wasm ABI version";
export const CORRUPTED_MODULE = "Failed to parse corrupted Wasm module";
export const MISSING_MALLOC = "Wasm module is missing malloc function.";
/** Not an Envoy message: Envoy would crash on such a module rather than refuse it. */
export const NO_MEMORY = "Wasm module has no memory: the host cannot exchange data with it";

/** The ABI version a host picks: the first function export that is a marker it knows. */
export function selectAbiVersion(shape: ModuleShape, flavor: HostFlavor): AbiVersionName | null {
  for (const e of shape.exports) {
    if (e.kind !== "function") continue;
    const marker = ABI_MARKERS.find((m) => m.name === e.name && m.flavors.includes(flavor));
    if (marker) return marker.version;
  }
  return null;
}

/** The first import Envoy would fail to link, as Envoy's message; null if all imports link. */
export function linkProblem(shape: ModuleShape, abi: AbiVersionName, flavor: HostFlavor): string | null {
  const registered = registeredHostFunctions(abi, flavor);
  for (const imp of shape.imports) {
    const key = `${imp.module}.${imp.name}`;
    if (imp.kind === "memory" || imp.kind === "table") continue;
    const host = imp.kind === "function" ? registered.get(key) : undefined;
    if (host === undefined) return `Failed to load Wasm module due to a missing import: ${key}`;
    if (imp.type && !sameSignature(imp.type, host.type)) {
      return (
        `Failed to load Wasm module due to an import type mismatch: ${key}, ` +
        `want: ${formatSignature(imp.type)}, but host exports: ${formatSignature(host.type)}`
      );
    }
  }
  return null;
}

function badSignature(name: string, want: FuncSignature, got: FuncSignature): string {
  return `Bad function signature for: ${name}, want: ${formatSignature(want)}, but the module exports: ${formatSignature(got)}`;
}

/** Names of the start and allocator exports the host will call, after their signature checks. */
export interface ResolvedEntryPoints {
  initialize: boolean;
  main: boolean;
  start: boolean;
  allocator: "malloc" | "proxy_on_memory_allocate" | null;
}

/**
 * Replays WasmBase::getFunctions: which entry points the host uses and every "Bad function
 * signature" / missing-malloc message it logs.
 */
export function lookUpFunctions(
  shape: ModuleShape,
  abi: AbiVersionName,
  flavor: HostFlavor,
): { entryPoints: ResolvedEntryPoints; problems: string[] } {
  const functions = new Map<string, ModuleExport>();
  for (const e of shape.exports) if (e.kind === "function") functions.set(e.name, e);
  const problems: string[] = [];
  // A present export is usable unless its (known) signature differs; the mismatch is reported.
  const usable = (name: string, want: FuncSignature): boolean => {
    const found = functions.get(name);
    if (!found) return false;
    if (found.type && !sameSignature(found.type, want)) {
      problems.push(badSignature(name, want, found.type));
      return false;
    }
    return true;
  };

  const initialize = usable("_initialize", START_FUNCTIONS._initialize);
  const main = initialize && usable("main", START_FUNCTIONS.main);
  const start = !initialize && usable("_start", START_FUNCTIONS._start);
  let allocator: ResolvedEntryPoints["allocator"] = null;
  if (usable("malloc", START_FUNCTIONS.malloc)) allocator = "malloc";
  else if (usable("proxy_on_memory_allocate", START_FUNCTIONS.proxy_on_memory_allocate)) {
    allocator = "proxy_on_memory_allocate";
  }
  if (allocator === null) problems.push(MISSING_MALLOC);
  for (const spec of callbackFunctions(abi, flavor)) usable(spec.name, spec.type);
  return { entryPoints: { initialize, main, start, allocator }, problems };
}

/**
 * Every message Envoy would log refusing this module, in order; empty if it loads.
 * `startFailure` is why instantiation fails (its start section called the host or trapped), if it does.
 */
export function loadProblems(shape: ModuleShape, flavor: HostFlavor, startFailure: string | null = null): string[] {
  const abi = selectAbiVersion(shape, flavor);
  if (abi === null) return [MISSING_ABI_VERSION];
  const link = linkProblem(shape, abi, flavor);
  if (link !== null) return [link];
  if (startFailure !== null) return [`${INSTANCE_FAILED}: ${startFailure}`];
  const problems = lookUpFunctions(shape, abi, flavor).problems;
  const hasMemory =
    shape.exports.some((e) => e.kind === "memory") || shape.imports.some((i) => i.kind === "memory");
  if (!hasMemory) problems.push(NO_MEMORY);
  return problems;
}

/** Inspects module bytes: imports and exports with types, the ABI each host picks, and Envoy's refusals. */
export function inspectModule(bytes: Uint8Array, flavor: HostFlavor = "higress"): ModuleReport {
  let shape: ModuleShape;
  try {
    shape = parseModule(bytes);
  } catch (error) {
    if (!(error instanceof WasmFormatError)) throw error;
    const problems = [CORRUPTED_MODULE];
    return {
      imports: [],
      exports: [],
      abiVersion: null,
      abiVersions: { envoy: null, higress: null },
      problems,
      problemsByHost: { envoy: problems, higress: problems },
      loadableBy: { envoy: false, higress: false },
      hasStartSection: false,
    };
  }
  // Instantiation runs the start section with the same outcome on both hosts, so it runs once.
  const startFailure = shape.hasStartSection ? startSectionFailure(bytes, shape) : null;
  const problemsByHost = {
    envoy: loadProblems(shape, "envoy", startFailure),
    higress: loadProblems(shape, "higress", startFailure),
  };
  const abiVersions = { envoy: selectAbiVersion(shape, "envoy"), higress: selectAbiVersion(shape, "higress") };
  return {
    imports: shape.imports,
    exports: shape.exports,
    abiVersion: abiVersions[flavor],
    abiVersions,
    problems: problemsByHost[flavor],
    problemsByHost,
    loadableBy: { envoy: problemsByHost.envoy.length === 0, higress: problemsByHost.higress.length === 0 },
    hasStartSection: shape.hasStartSection,
  };
}
