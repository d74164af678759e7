// Every examples/<name>/ (a folder with a package.json) is a project a user copies out, with its
// own `node --test` suite. Here each one is built through the shared compile cache and its suite
// is run against that build (PLUGIN_WASM tells the suite where the module is, instead of its
// build/plugin.wasm), and its release build must pass `higress-as check`: with --envoy, so plain
// Envoy loads it too, for all but the examples that need Higress's own host functions. Each folder
// must also hold what the standard promises (scripts, consumer asconfig, deployment files, a
// README naming every config key), and its sample configs must start the plugin.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";
import { buildExample } from "./helpers/compile.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLES = join(ROOT, "examples");
// Redis is a Higress extension of the ABI: plain Envoy refuses a module that imports it.
const HIGRESS_ONLY = new Set(["redis-rate-limit"]);

const SCRIPTS = {
  build: "asc --config asconfig.json --target release",
  "build:debug": "asc --config asconfig.json --target debug",
  test: "node --test tests/",
};

const names = readdirSync(EXAMPLES).filter((name) => existsSync(join(EXAMPLES, name, "package.json"))).sort();

async function buildToFile(name, options) {
  const bytes = await buildExample(name, options);
  const file = join(mkdtempSync(join(tmpdir(), `higress-as-${name}-`)), "plugin.wasm");
  writeFileSync(file, bytes);
  return file;
}

const read = (name, file) => readFileSync(join(EXAMPLES, name, file), "utf8");

// The JSON a file's line holds after `prefix` (the deployment files write configs as one-line JSON).
function jsonAfter(text, prefix) {
  const line = text.split("\n").find((l) => l.trimStart().startsWith(prefix));
  assert.ok(line, `a line starting with ${prefix}`);
  const json = line.trimStart().slice(prefix.length).trim();
  return JSON.parse(json.startsWith("'") ? json.slice(1, -1) : json);
}

function run(args, options) {
  // A test runner started from inside a test sees NODE_TEST_CONTEXT and reports to its parent in
  // a private protocol instead of printing; the example's suite must run as it does standalone.
  const env = { ...process.env, ...options.env };
  delete env.NODE_TEST_CONTEXT;
  return spawnSync(process.execPath, args, { cwd: options.cwd, env, encoding: "utf8" });
}

it("finds the examples", () => {
  for (const name of ["add-header", "basic-auth", "custom-response", "hello-world", "http-callout-auth", "key-auth", "redis-rate-limit", "request-block", "response-rewrite"]) {
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

    it("holds the files of an example project", () => {
      const manifest = JSON.parse(read(name, "package.json"));
      assert.equal(manifest.type, "module");
      assert.deepEqual(manifest.scripts, SCRIPTS);
      assert.equal(manifest.dependencies["higress-as"], "file:../..");
      const asconfig = JSON.parse(read(name, "asconfig.json"));
      assert.equal(asconfig.extends, "./node_modules/higress-as/asconfig.json");
      assert.equal(asconfig.options.outFile, "build/plugin.wasm");
      assert.ok(existsSync(join(EXAMPLES, name, "assembly", "index.ts")));
      assert.ok(readdirSync(join(EXAMPLES, name, "tests")).some((f) => f.endsWith(".test.js")));
      assert.match(read(name, "Dockerfile"), /^FROM scratch\nCOPY build\/plugin\.wasm plugin\.wasm$/m);
      const plugin = read(name, "wasmplugin.yaml");
      assert.match(plugin, /^kind: WasmPlugin$/m);
      assert.match(plugin, new RegExp(`^  url: oci://.+/${name}:`, "m"));
      assert.match(plugin, /^  phase: [A-Z_]+$/m);
      assert.match(plugin, /^  priority: \d+$/m);
      const config = JSON.parse(read(name, "config.json"));
      assert.deepEqual(jsonAfter(plugin, "defaultConfig:"), config);
      assert.equal(existsSync(join(EXAMPLES, name, "envoy.yaml")), !HIGRESS_ONLY.has(name));
      assert.equal(existsSync(join(EXAMPLES, name, "docker-compose.yaml")), !HIGRESS_ONLY.has(name));
      if (!HIGRESS_ONLY.has(name)) {
        const envoy = read(name, "envoy.yaml");
        assert.match(envoy, /name: envoy\.filters\.http\.wasm/);
        assert.deepEqual(jsonAfter(envoy, "value:"), config);
        assert.match(read(name, "docker-compose.yaml"), /httpbin/);
      }
      const readme = read(name, "README.md");
      for (const key of Object.keys(config)) assert.ok(readme.includes(`| \`${key}\` |`), `README.md describes ${key}`);
    });

    it("starts with its sample config and with the rules its WasmPlugin sends", async () => {
      const wasm = await buildExample(name);
      const plugin = read(name, "wasmplugin.yaml");
      const configs = [JSON.parse(read(name, "config.json"))];
      if (plugin.includes("# Here the plugin receives:")) configs.push(jsonAfter(plugin.split("# Here the plugin receives:")[1], "#"));
      for (const config of configs) {
        const host = await MockHost.create(wasm, { config });
        assert.equal(host.startStatus, "ok", `${JSON.stringify(config)}\n${host.getLogs().join("\n")}`);
      }
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
