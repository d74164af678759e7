// What a module's wasm start section does at instantiation, before any host context exists. Envoy
// runs it inside WebAssembly instantiation, where a host function dereferences a null context, so
// a start section that calls the host makes the instance fail (reference/abi.md §5.3). Running the
// section against stub imports answers that question exactly for the path it takes.

import { describeTrap } from "./errors.js";
import { StartSectionHostCall } from "./vm.js";
import type { ModuleShape } from "./wasm-binary.js";

/** Envoy's message when instantiation (which runs the start section) fails. */
export const INSTANCE_FAILED = "Failed to create new Wasm instance";

/** Why Envoy fails an instance whose start section called `hostFunction`. */
export function startSectionHostCallDetail(hostFunction: string): string {
  return (
    `${hostFunction} was called from the wasm start section, before any context exists ` +
    "(Envoy dereferences a null context there); compile with --exportStart _start"
  );
}

/**
 * Instantiates the module with every imported function a stub and returns why instantiation
 * failed (the host function its start section called, or its trap), or null if it completed.
 */
export function startSectionFailure(bytes: Uint8Array, shape: ModuleShape): string | null {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of shape.imports) {
    const key = `${imp.module}.${imp.name}`;
    let value: WebAssembly.ImportValue;
    if (imp.kind === "function") {
      value = () => {
        throw new StartSectionHostCall(key);
      };
    } else if (imp.kind === "memory") {
      value = new WebAssembly.Memory(shape.importedMemories.get(key) ?? { initial: 0 });
    } else if (imp.kind === "table") {
      value = new WebAssembly.Table(shape.importedTables.get(key) ?? { element: "anyfunc", initial: 0 });
    } else {
      // Imported globals are never linked by Envoy, so linkProblem refuses the module before this.
      continue;
    }
    (imports[imp.module] ??= {})[imp.name] = value;
  }
  try {
    new WebAssembly.Instance(new WebAssembly.Module(bytes.slice()), imports);
    return null;
  } catch (error) {
    if (error instanceof StartSectionHostCall) return startSectionHostCallDetail(error.hostFunction);
    return describeTrap(error) ?? String(error);
  }
}
