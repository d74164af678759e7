// Where a module's bytes go: the size without its name section (what ships), and the code section's
// function bodies attributed to the part of the SDK (or std library, or plugin) they come from, by
// the source path in each function's name. Needs a build with names: a release build compiled with
// --debug has the same code, byte for byte, plus a name section.

/** Parts a function can belong to, in report order ("~lib/rt" is the GC; the SDK's allocator is "runtime"). */
export const PARTS = ["plugin", "abi", "runtime", "wrapper", "json", "http", "redis", "log", "go-std", "~lib/rt", "~lib", "other"];

// The SDK's files are named assembly/<layer>/<file>/... in this repository and
// ~lib/higress-as/assembly/<layer>/<file>/... in a plugin that imports the package. Only the
// prefix decides: a std-library generic instantiated with an SDK type is std-library code.
const SDK_FILE = /^(?:~lib\/higress-as\/)?assembly\/(abi|runtime|wrapper|json|http|redis|log|net|encoding|errors|strings|strconv)\/([^/]*)/;
// The ports of Go's standard library (net/url, net/http, encoding/base64, strings, strconv) and their Result type.
const GO_STD = new Set(["net", "encoding", "errors", "strings", "strconv"]);

/** The part a function belongs to, from its debug name. */
export function partOf(name) {
  const n = name.replace(/^start:/, "");
  const sdk = SDK_FILE.exec(n);
  if (sdk) return GO_STD.has(sdk[1]) ? "go-std" : sdk[1];
  // The SDK's remapped abort/trace/console (assembly/abi/remap) resolve as a library.
  if (n.startsWith("~lib/higress_remap/")) return "abi";
  if (n.startsWith("~lib/rt/") || n === "~stack_check") return "~lib/rt";
  if (n.startsWith("~lib/")) return "~lib";
  if (/^(bench|examples|tests)\//.test(n)) return "plugin";
  return "other";
}

class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.pos++];
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }
  name() {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + length));
    this.pos += length;
    return text;
  }
}

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"];

/**
 * Sizes of a module: `total` without the name section, bytes per section, and the code section's
 * function bodies per part (functions without a name count as "other").
 */
export function sizeBreakdown(wasm) {
  const sections = {};
  let nameSectionBytes = 0;
  let importedFunctions = 0;
  const bodySizes = [];
  const names = new Map();
  const r = new Reader(wasm, 8);
  while (r.pos < wasm.length) {
    const start = r.pos;
    const id = wasm[r.pos++];
    const size = r.u32();
    const end = r.pos + size;
    const payload = new Reader(wasm, r.pos);
    if (id === 0 && payload.name() === "name") {
      nameSectionBytes = end - start;
      readFunctionNames(payload, end, names);
    } else {
      const label = SECTION_NAMES[id] ?? `section ${id}`;
      sections[label] = (sections[label] ?? 0) + (end - start);
      if (id === 2) importedFunctions = countFunctionImports(payload);
      if (id === 10) {
        const count = payload.u32();
        for (let i = 0; i < count; i++) {
          const bodyStart = payload.pos;
          const bodySize = payload.u32();
          payload.pos += bodySize;
          bodySizes.push(payload.pos - bodyStart);
        }
      }
    }
    r.pos = end;
  }
  const parts = Object.fromEntries(PARTS.map((p) => [p, 0]));
  bodySizes.forEach((size, i) => {
    parts[partOf(names.get(importedFunctions + i) ?? "")] += size;
  });
  return { total: wasm.length - nameSectionBytes, sections, parts, named: names.size > 0 };
}

function readFunctionNames(r, end, names) {
  while (r.pos < end) {
    const kind = r.bytes[r.pos++];
    const size = r.u32();
    const next = r.pos + size;
    if (kind === 1) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const index = r.u32();
        names.set(index, r.name());
      }
    }
    r.pos = next;
  }
}

function countFunctionImports(r) {
  const count = r.u32();
  let functions = 0;
  for (let i = 0; i < count; i++) {
    r.name();
    r.name();
    const kind = r.bytes[r.pos++];
    if (kind === 0) {
      functions++;
      r.u32();
    } else if (kind === 1) {
      r.pos++;
      limits(r);
    } else if (kind === 2) {
      limits(r);
    } else {
      r.pos += 2;
    }
  }
  return functions;
}

function limits(r) {
  const flags = r.bytes[r.pos++];
  r.u32();
  if (flags & 1) r.u32();
}
