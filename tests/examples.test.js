// Every examples/<name>/ (a folder with a package.json) is a project a user copies out, with its
// own `node --test` suite. Here each one is built through the shared compile cache and its suite
// is run against that build (PLUGIN_WASM tells the suite where the module is, instead of its
// build/plugin.wasm), and its release build must pass `higress-as check`: with --envoy, so plain
// Envoy loads it too, for all but the examples that need Higress's own host functions.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "./helpers/compile.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLES = join(ROOT, "examples");
// Redis is a Higress extension of the ABI: plain Envoy refuses a module that imports it.
const HIGRESS_ONLY = new Set(["redis-rate-limit"]);

const names = readdirSync(EXAMPLES).filter((name) => existsSync(join(EXAMPLES, name, "package.json"))).sort();

async function buildToFile(name, options) {
  const bytes = await compile([], ["--config", join("examples", name, "asconfig.json")], options);
  const file = join(mkdtempSync(join(tmpdir(), `higress-as-${name}-`)), "plugin.wasm");
  writeFileSync(file, bytes);
  return file;
}

function run(args, options) {
  // A test runner started from inside a test sees NODE_TEST_CONTEXT and reports to its parent in
  // a private protocol instead of printing; the example's suite must run as it does standalone.
  const env = { ...process.env, ...options.env };
  delete env.NODE_TEST_CONTEXT;
  return spawnSync(process.execPath, args, { cwd: options.cwd, env, encoding: "utf8" });
}

it("finds the examples", () => {
  for (const name of ["add-header", "hello-world", "http-callout-auth", "redis-rate-limit"]) {
    assert.ok(names.includes(name), name);
  }
});

for (const name of names) {
  describe(name, () => {
    it("passes its own tests against its debug build", { timeout: 300_000 }, async () => {
      const wasm = await buildToFile(name);
      const result = run(["--test", "--test-reporter=spec", "tests/"], { cwd: join(EXAMPLES, name), env: { PLUGIN_WASM: wasm } });
      assert.equal(result.status, 0, `${name}'s tests failed:\n${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /pass [1-9]/);
    });

    it(HIGRESS_ONLY.has(name) ? "loads in Higress (release build)" : "loads in plain Envoy and Higress (release build)", { timeout: 300_000 }, async () => {
      const wasm = await buildToFile(name, { release: true });
      const args = [join(ROOT, "bin", "higress-as.js"), "check", wasm];
      if (!HIGRESS_ONLY.has(name)) args.push("--envoy");
      const result = run(args, { cwd: ROOT });
      assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /Higress: loads/);
      if (HIGRESS_ONLY.has(name)) assert.match(result.stdout, /Envoy: refused/);
    });
  });
}
