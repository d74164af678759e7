// Compiles AssemblyScript sources for the tests with the same compiler a plugin author uses.
//
// Binaryen's -O3 is almost all of a test run's time, so fixtures build with the debug target unless
// a test is about a release property (import set, ABI markers, size), and every build is cached on
// disk keyed by the compiler version, the arguments and the text of every source a build can read
// (the SDK, the fixtures, the examples, the asconfig files). node --test runs each test file in its
// own process, so the cache is what lets them share one build of a fixture, and two files that
// need the same build at the same time wait for one compilation (made-once.js).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { madeOnce } from "./made-once.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "higress-as-test-builds");
const SOURCE_DIRS = ["assembly", "tests/fixtures", "examples", "bench/plugins"];

let sourceDigest = null;

// One digest of every source file a build may read; computed once per process.
function sourcesDigest() {
  if (sourceDigest !== null) return sourceDigest;
  const hash = createHash("sha256");
  // The version of the compiler this process would import (scripts/test-assemblyscript.js swaps it
  // through a resolve hook, which import.meta.resolve goes through and require.resolve would not),
  // read from its package.json: loading the compiler itself costs a third of a second of CPU, which
  // a test file whose builds are all cached would pay for nothing.
  hash.update(JSON.parse(readFileSync(new URL("../package.json", import.meta.resolve("assemblyscript/asc")), "utf8")).version);
  const files = readdirSync(ROOT).filter((name) => /^(asconfig.*\.json|index\.ts|package\.json)$/.test(name)).map((name) => join(ROOT, name));
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir), files);
  files.sort();
  for (const file of files) {
    hash.update(relative(ROOT, file));
    hash.update(readFileSync(file));
  }
  sourceDigest = hash.digest("hex");
  return sourceDigest;
}

function walk(dir, out) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "build" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|json)$/.test(name)) out.push(path);
  }
}

/**
 * Compiles `entries` with extra asc arguments and returns the wasm bytes. With a `--config` and no
 * `--target`, the debug target is used unless `{ release: true }`. Throws with the compiler's
 * diagnostics when the build fails.
 */
export async function compile(entries, args = [], { release = false } = {}) {
  const fullArgs = [...args];
  if (fullArgs.includes("--config") && !fullArgs.includes("--target")) fullArgs.push("--target", release ? "release" : "debug");
  const key = createHash("sha256").update(sourcesDigest()).update(JSON.stringify([entries, fullArgs])).digest("hex");
  mkdirSync(CACHE, { recursive: true });
  const cached = await madeOnce(join(CACHE, `${key}.wasm`), async (partial) => {
    const outFile = join(mkdtempSync(join(tmpdir(), "higress-as-")), "plugin.wasm");
    let stderr = "";
    const asc = await import("assemblyscript/asc");
    // asc adds the files of a `lib` folder to its module-wide library table and parses every
    // top-level entry of that table in each later build of the process: the SDK's remap file would
    // then leak into a fixture built with another runtime. Each build starts from the table as it was.
    const libraryNames = new Set(Object.keys(asc.libraryFiles));
    let error;
    try {
      ({ error } = await asc.main([...entries, "-o", outFile, ...fullArgs], {
        stdout: { write() {} },
        stderr: { write(s) { stderr += s; } },
      }));
    } finally {
      for (const name of Object.keys(asc.libraryFiles)) if (!libraryNames.has(name)) delete asc.libraryFiles[name];
    }
    if (error) throw new Error(`asc failed for ${entries.join(" ")}:\n${stderr}`);
    writeFileSync(partial, readFileSync(outFile));
  });
  return new Uint8Array(readFileSync(cached));
}

/**
 * Builds examples/<name> the way the example's own asconfig.json (what a user runs) builds it.
 * Every test of an example goes through here, so they all share one build of each target.
 */
export const buildExample = (name, options) => compile([], ["--config", join("examples", name, "asconfig.json")], options);
