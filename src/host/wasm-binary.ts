// A small reader for the parts of the wasm binary format the host checks: types, imports, function
// declarations, exports, memory limits and the start section. Node's WebAssembly.Module.imports()
// reports names and kinds only, and Envoy refuses modules on signatures, so signatures come from here.

import type { FuncSignature, ModuleExport, ModuleImport, ValType } from "./types.js";

/** Limits of an imported memory, needed to create it on the host side. */
export interface MemoryLimits {
  initial: number;
  maximum?: number;
  shared: boolean;
}

/** Element type and limits of an imported table. */
export interface TableLimits {
  element: "anyfunc" | "externref";
  initial: number;
  maximum?: number;
}

/** The facts about a module the host needs to decide whether Envoy would load it. */
export interface ModuleShape {
  imports: ModuleImport[];
  exports: ModuleExport[];
  /** Limits of each imported memory, keyed "module.name". */
  importedMemories: Map<string, MemoryLimits>;
  /** Element type and limits of each imported table, keyed "module.name". */
  importedTables: Map<string, TableLimits>;
  hasStartSection: boolean;
  /** False when the shape came from a compiled WebAssembly.Module, whose reflection has no types. */
  typed: boolean;
}

/** The module bytes are not a well-formed wasm module. */
export class WasmFormatError extends Error {}

const VAL_TYPES: Record<number, ValType> = {
  0x7f: "i32",
  0x7e: "i64",
  0x7d: "f32",
  0x7c: "f64",
  0x7b: "v128",
  0x70: "funcref",
  0x6f: "externref",
};

const EXTERN_KINDS = ["function", "table", "memory", "global", "tag"] as const;

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array, readonly end = bytes.length) {}

  byte(): number {
    if (this.offset >= this.end) throw new WasmFormatError("unexpected end of section");
    return this.bytes[this.offset++];
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) throw new WasmFormatError("LEB128 value too long");
    }
    return result;
  }

  name(): string {
    const length = this.u32();
    if (this.offset + length > this.end) throw new WasmFormatError("name runs past its section");
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      this.bytes.subarray(this.offset, this.offset + length),
    );
    this.offset += length;
    return text;
  }

  valType(): ValType {
    const code = this.byte();
    const type = VAL_TYPES[code];
    if (type === undefined) throw new WasmFormatError(`unsupported value type 0x${code.toString(16)}`);
    return type;
  }

  limits(): MemoryLimits {
    const flags = this.u32();
    const initial = this.u32();
    const maximum = flags & 1 ? this.u32() : undefined;
    return { initial, maximum, shared: (flags & 2) !== 0 };
  }
}

/** Parses the sections the host needs; throws WasmFormatError on malformed input. */
export function parseModule(bytes: Uint8Array): ModuleShape {
  if (
    bytes.length < 8 ||
    bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d ||
    bytes[4] !== 0x01 || bytes[5] !== 0x00 || bytes[6] !== 0x00 || bytes[7] !== 0x00
  ) {
    throw new WasmFormatError("not a version 1 wasm binary");
  }
  const types: FuncSignature[] = [];
  const imports: ModuleImport[] = [];
  const importedMemories = new Map<string, MemoryLimits>();
  const importedTables = new Map<string, TableLimits>();
  const functionTypes: number[] = []; // type index per function index (imports first)
  const rawExports: Array<{ name: string; kind: ModuleExport["kind"]; index: number }> = [];
  let hasStartSection = false;

  const top = new Reader(bytes);
  top.offset = 8;
  while (top.offset < bytes.length) {
    const id = top.byte();
    const size = top.u32();
    const end = top.offset + size;
    if (end > bytes.length) throw new WasmFormatError(`section ${id} runs past the end`);
    const r = new Reader(bytes, end);
    r.offset = top.offset;
    switch (id) {
      case 1: // type
        for (let n = r.u32(); n > 0; n--) {
          if (r.byte() !== 0x60) throw new WasmFormatError("unsupported type form");
          const params: ValType[] = [];
          for (let p = r.u32(); p > 0; p--) params.push(r.valType());
          const results: ValType[] = [];
          for (let q = r.u32(); q > 0; q--) results.push(r.valType());
          types.push({ params, results });
        }
        break;
      case 2: // import
        for (let n = r.u32(); n > 0; n--) {
          const module = r.name();
          const name = r.name();
          const kindCode = r.byte();
          const kind = EXTERN_KINDS[kindCode];
          if (kind === undefined) throw new WasmFormatError(`unknown import kind ${kindCode}`);
          if (kind === "function") {
            const typeIndex = r.u32();
            const type = types[typeIndex];
            if (type === undefined) throw new WasmFormatError("import refers to a missing type");
            functionTypes.push(typeIndex);
            imports.push({ module, name, kind, type });
          } else {
            if (kind === "table") {
              const element = r.valType() === "funcref" ? "anyfunc" : "externref";
              const { initial, maximum } = r.limits();
              importedTables.set(`${module}.${name}`, { element, initial, maximum });
            } else if (kind === "memory") {
              importedMemories.set(`${module}.${name}`, r.limits());
            } else if (kind === "global") {
              r.valType();
              r.byte();
            } else {
              r.byte();
              r.u32();
            }
            imports.push({ module, name, kind });
          }
        }
        break;
      case 3: // function
        for (let n = r.u32(); n > 0; n--) functionTypes.push(r.u32());
        break;
      case 7: // export
        for (let n = r.u32(); n > 0; n--) {
          const name = r.name();
          const kindCode = r.byte();
          const kind = EXTERN_KINDS[kindCode];
          if (kind === undefined) throw new WasmFormatError(`unknown export kind ${kindCode}`);
          rawExports.push({ name, kind, index: r.u32() });
        }
        break;
      case 8: // start
        hasStartSection = true;
        break;
    }
    top.offset = end;
  }

  const exports = rawExports.map(({ name, kind, index }): ModuleExport => {
    if (kind !== "function") return { name, kind };
    const type = types[functionTypes[index]];
    if (type === undefined) throw new WasmFormatError(`export ${name} refers to a missing function`);
    return { name, kind, type };
  });
  return { imports, exports, importedMemories, importedTables, hasStartSection, typed: true };
}

/**
 * The shape of an already compiled module. Reflection gives names and kinds but no signatures or
 * limits, so type checks are skipped for such modules.
 */
export function shapeOfCompiledModule(module: WebAssembly.Module): ModuleShape {
  return {
    imports: WebAssembly.Module.imports(module).map((i) => ({
      module: i.module,
      name: i.name,
      kind: i.kind as ModuleImport["kind"],
    })),
    exports: WebAssembly.Module.exports(module).map((e) => ({
      name: e.name,
      kind: e.kind as ModuleExport["kind"],
    })),
    importedMemories: new Map(),
    importedTables: new Map(),
    hasStartSection: false,
    typed: false,
  };
}

/** Prints a signature the way Envoy's V8 glue does: "i32 i32 -> i32", "void" for an empty list. */
export function formatSignature(sig: FuncSignature): string {
  const list = (types: ValType[]) => (types.length === 0 ? "void" : types.join(" "));
  return `${list(sig.params)} -> ${list(sig.results)}`;
}

/** True if both signatures have the same parameter and result types. */
export function sameSignature(a: FuncSignature, b: FuncSignature): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((t, i) => t === b.params[i]) &&
    a.results.every((t, i) => t === b.results[i])
  );
}
