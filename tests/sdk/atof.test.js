// The SDK's decimal parser (assembly/strconv/atof.ts, behind JsonResult's Float, Int, Bool and
// String) against V8's Number(), which is correctly rounded as Go's strconv.ParseFloat is: random
// literals over the whole f64 range, denormals, literals longer than the 800 digits the parser
// keeps, and decimal expansions exactly at, just above and just below the midpoint between two
// doubles, where a parser that is only nearly right rounds the wrong way.
import { before, it } from "node:test";
import assert from "node:assert/strict";
import { compile } from "../helpers/compile.js";

let parse;
before(async () => {
  const module = await WebAssembly.compile(await compile(["tests/fixtures/sdk/atof.ts"]));
  // Built with the repository's asconfig.json, a proxy-wasm module; the parser calls no host function.
  const imports = {};
  for (const { module: name, name: field } of WebAssembly.Module.imports(module)) {
    (imports[name] ??= {})[field] = () => { throw new Error(`unexpected host call ${field}`); };
  }
  const { exports } = await WebAssembly.instantiate(module, imports);
  parse = (text) => {
    const at = exports.inputOfLength(text.length);
    new Uint8Array(exports.memory.buffer, at, text.length).set(Buffer.from(text, "latin1"));
    return exports.parseInput();
  };
});

// A fixed pseudo-random sequence (mulberry32), so a failure repeats.
let seed = 0x2545f491;
function random(below) {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) % below);
}
const digits = (n) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + random(9) : random(10))).join("");

// A double's neighbourhood as exact decimal text: its bits' midpoint with the next double up,
// nudged by `delta` units of one more decimal place (0: the midpoint itself).
function midpoint(x, delta) {
  const bits = new BigUint64Array(new Float64Array([x]).buffer)[0];
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = ((bits & ((1n << 52n) - 1n)) | (1n << 52n)) * 2n + 1n; // times 2^(exponent - 1076)
  const shift = exponent - 1076;
  const scaled = (shift >= 0 ? mantissa << BigInt(shift) : mantissa * 5n ** BigInt(-shift)) * 10n + BigInt(delta);
  const fraction = Math.max(0, -shift) + 1; // decimal places in `scaled`
  const text = scaled.toString().padStart(fraction + 1, "0");
  return `${text.slice(0, -fraction)}.${text.slice(-fraction)}`;
}

function check(cases) {
  const wrong = cases.filter((text) => !Object.is(parse(text), Number(text)));
  assert.deepEqual(wrong.slice(0, 10).map((text) => [text, parse(text), Number(text)]), []);
}

it("reads the edges of the f64 range and the forms JSON and Go allow", () => {
  check([
    "0", "-0", "0.0", "-0.0e5", "1", "+1.5", ".5", "5.", "00012", "1e+0", "1E-2", "0.1", "9007199254740993",
    "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400",
    "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
    "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "1e99999", "1e-99999",
    "1.2875336272355620e41", "4.78175662270902824628894e51", "0." + "0".repeat(400) + "1e401",
    "1" + "0".repeat(900), "9".repeat(1000), "0." + "9".repeat(1000),
  ]);
});

it("reads random literals over the whole range like V8's correctly rounded Number()", () => {
  const cases = [];
  for (let i = 0; i < 20000; i++) {
    const d = digits(1 + random(25));
    cases.push(`${d[0]}.${d.slice(1)}e${random(700) - 350}`);
    cases.push(`-0.${"0".repeat(random(5))}${d}E+${random(300)}`);
  }
  for (let i = 0; i < 300; i++) cases.push(`${digits(790 + random(40))}e${random(640) - 1150}`);
  check(cases);
});

it("rounds exact midpoints between doubles to even, and the text just above and below them away", () => {
  const cases = [];
  for (let i = 0; i < 3000; i++) {
    const x = (1 + random(1 << 30) / (1 << 30)) * 2 ** (random(2040) - 1020);
    cases.push(midpoint(x, 0), midpoint(x, 1), midpoint(x, -1));
  }
  check(cases);
});

it("reads denormals", () => {
  const cases = [];
  for (let i = 0; i < 5000; i++) {
    const x = (random(1 << 30) / (1 << 30)) * 2.2250738585072014e-308 * (random(2) ? 1 : 1e-10);
    cases.push(x.toPrecision(17 + random(5)), x.toExponential(random(20)));
  }
  check(cases);
});
