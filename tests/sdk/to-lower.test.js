// strings.ToLower against Unicode's simple lowercase mapping for every code point, the mapping
// taken from this Node's ICU as scripts/gen-lower-table.js takes it for the table.
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compile } from "../helpers/compile.js";
import { simpleLower } from "../../scripts/gen-lower-table.js";

const TABLE_UNICODE = /LOWER_UNICODE_VERSION = "([^"]+)"/.exec(readFileSync("assembly/strings/lower_table.ts", "utf8"))[1];

async function lowerInModule(units) {
  const bytes = await compile(["tests/fixtures/sdk/to-lower.ts"]);
  // asc builds with the repository's asconfig.json, a proxy-wasm module: ToLower calls no host
  // function, so every import may refuse to be called.
  const module = await WebAssembly.compile(bytes);
  const imports = {};
  for (const { module: name, name: field } of WebAssembly.Module.imports(module)) {
    (imports[name] ??= {})[field] = () => { throw new Error(`unexpected host call ${field}`); };
  }
  const instance = await WebAssembly.instantiate(module, imports);
  const { inputOfLength, lowerInput, memory } = instance.exports;
  const at = inputOfLength(units.length);
  new Uint16Array(memory.buffer, at, units.length).set(units);
  const out = lowerInput();
  const length = new Uint32Array(memory.buffer, out - 4, 1)[0] >>> 1;
  return new Uint16Array(memory.buffer.slice(out, out + length * 2));
}

// The code units of `s` (Uint16Array.from(s) would walk it by code point).
function utf16(s) {
  const units = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
  return units;
}

it("maps every code point as Unicode's simple lowercase mapping", async () => {
  // Under another Unicode version than the table's, only code points this Node knows are compared
  // (a newer Node's new letters need the table regenerated).
  const sameUnicode = process.versions.unicode === TABLE_UNICODE;
  const assigned = /\p{Assigned}/u;
  const input = [];
  const expected = [];
  const codePointOf = []; // for each unit of `expected`, the code point it belongs to
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (!sameUnicode && !assigned.test(String.fromCodePoint(cp))) continue;
    // A space after each, so a lone high surrogate and the low one after it do not form a pair.
    input.push(String.fromCodePoint(cp), " ");
    const lower = String.fromCodePoint(simpleLower(cp)) + " ";
    expected.push(lower);
    for (let k = 0; k < lower.length; k++) codePointOf.push(cp);
  }
  const units = utf16(input.join(""));
  const want = utf16(expected.join(""));
  const got = await lowerInModule(units);
  assert.equal(got.length, want.length);
  const first = got.findIndex((u, i) => u !== want[i]);
  if (first >= 0) assert.fail(`U+${codePointOf[first].toString(16)}: got unit 0x${got[first].toString(16)}, want 0x${want[first].toString(16)}`);
});
