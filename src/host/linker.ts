// Builds the import object from the ABI table: exactly the host functions registered for the
// module's ABI version and the host flavour, each wrapped so that bad guest pointers become an error
// code rather than an exception, and so the VM's call windows are enforced.

import { registeredHostFunctions } from "./abi-table.js";
import { WasiErrno, WasmResult } from "./enums.js";
import { MemoryAccessError } from "./errors.js";
import type { AbiVersionName, HostFlavor } from "./types.js";
import type { Vm } from "./vm.js";

/** Host function implementations keyed "module.name"; numbers arrive as unsigned 32-bit values. */
export type HostFunctionTable = Record<string, (...args: any[]) => number | void>;

function wrap(key: string, impl: (...args: any[]) => number | void, vm: Vm, memoryErrorCode: number) {
  return (...raw: Array<number | bigint>) => {
    vm.guardHostCall(key);
    // wasm i32 arrives signed; every pointer, size and enum is unsigned on the host side.
    const args = raw.map((a) => (typeof a === "number" ? a >>> 0 : a));
    try {
      return impl(...args);
    } catch (error) {
      if (error instanceof MemoryAccessError) return memoryErrorCode;
      throw error;
    }
  };
}

/** The import object for a module linked against this ABI version and flavour. */
export function buildImports(
  abi: AbiVersionName,
  flavor: HostFlavor,
  table: HostFunctionTable,
  vm: Vm,
): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const [key, spec] of registeredHostFunctions(abi, flavor)) {
    const impl = table[key];
    if (impl === undefined) throw new Error(`host function ${key} has no implementation`);
    const memoryErrorCode = spec.module === "env" ? WasmResult.InvalidMemoryAccess : WasiErrno.Fault;
    (imports[spec.module] ??= {})[spec.name] = wrap(key, impl, vm, memoryErrorCode);
  }
  return imports;
}
