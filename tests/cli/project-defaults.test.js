// The files init writes when a template lacks them, and the two it adapts from every template.
// The generated test is run for real against a built example, so a default that drifts from
// MockHost's API fails here rather than in a user's first `npm test`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { defaultFiles, projectAsconfig, projectPackageJson } from "../../dist/cli/project-defaults.js";
import { buildExample } from "../helpers/compile.js";
import { repo, userEnv } from "../helpers/package.js";

const FACTS = { name: "my-plugin", sdkVersion: "1.2.3", ascRange: "^0.27.37", configJson: '{ "mockEnable": false }\n' };

describe("init's project files", () => {
  it("package.json: the project's name, this SDK's version and scripts over an example's own", () => {
    const template = {
      name: "hello-world",
      type: "module",
      scripts: { build: "asc --config asconfig.json", lint: "eslint ." },
      dependencies: { "higress-as": "file:../.." },
      devDependencies: { assemblyscript: "0.27.37", "higress-as": "file:../.." },
    };
    assert.deepEqual(JSON.parse(projectPackageJson(template, FACTS)), {
      name: "my-plugin",
      type: "module",
      version: "0.1.0",
      private: true,
      scripts: {
        build: "higress-as build",
        lint: "eslint .",
        "build:debug": "higress-as build --debug",
        test: "higress-as build --debug && node --test",
      },
      dependencies: { "higress-as": "^1.2.3" },
      devDependencies: { assemblyscript: "0.27.37" },
    });
    const fresh = JSON.parse(projectPackageJson(null, FACTS));
    assert.equal(fresh.type, undefined, "commonjs like `npm init -y`: generated tests are .mjs");
    assert.deepEqual(fresh.devDependencies, { assemblyscript: "^0.27.37" });
  });

  it("asconfig.json: extends the installed package's settings whatever path the example used", () => {
    const fromRepo = JSON.parse(projectAsconfig({ extends: "../../asconfig.envoy.json", entries: ["./assembly/index.ts"] }));
    assert.equal(fromRepo.extends, "./node_modules/higress-as/asconfig.envoy.json");
    assert.deepEqual(fromRepo.entries, ["./assembly/index.ts"]);
    assert.equal(JSON.parse(projectAsconfig(null)).extends, "./node_modules/higress-as/asconfig.json");
  });

  it("carries the sample configuration into the Higress and Envoy files", () => {
    const files = defaultFiles(FACTS);
    assert.match(files["wasmplugin.yaml"], /^  defaultConfig: \{"mockEnable":false\}$/m);
    assert.match(files["envoy.yaml"], /^ {26}value: "\{\\"mockEnable\\":false\}"$/m);
    assert.match(files["envoy.yaml"], /^ {24}name: my-plugin$/m);
    assert.equal(files["config.json"], '{ "mockEnable": false }\n');
  });

  it("writes a test that passes against the plugin in a commonjs project", async () => {
    const dir = mkdtempSync(join(tmpdir(), "higress-as-default-test-"));
    mkdirSync(join(dir, "tests"));
    mkdirSync(join(dir, "build"));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(repo, join(dir, "node_modules", "higress-as"), "dir");
    writeFileSync(join(dir, "package.json"), projectPackageJson(null, FACTS));
    writeFileSync(join(dir, "tests", "plugin.test.mjs"), defaultFiles(FACTS)["tests/plugin.test.mjs"]);
    // Relative, as tests/examples.test.js does: asc resolves the settings' library folder only so.
    writeFileSync(join(dir, "build", "plugin.wasm"), await buildExample("hello-world"));
    const output = execFileSync(process.execPath, ["--test"], { cwd: dir, env: userEnv(), encoding: "utf8" });
    assert.match(output, /^(# |ℹ )pass 1$/m);
  });
});
