// An example is a template a user copies out (and `higress-as init` copies): taken out of the
// repository into an empty directory, with higress-as installed from the packed tarball the way a
// user installs the published package, it must build, pass `higress-as check` and pass its tests.
import { it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { npm, packInto, repo, run } from "./helpers/package.js";

it("builds, checks and tests examples/hello-world copied out of the repository", { timeout: 600_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), "higress-as-example-"));
  const project = join(work, "my-plugin");
  // What a user's copy holds: no node_modules link into this repository, no build output.
  cpSync(join(repo, "examples", "hello-world"), project, {
    recursive: true,
    filter: (path) => !["node_modules", "build"].includes(basename(path)),
  });
  const tarball = await packInto(work);

  // The example's own test run must not report to this one, nor use a module built elsewhere.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.PLUGIN_WASM;
  // The user's step: the repository-local "file:../.." dependency becomes the published package.
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", join("..", tarball)], project, env);
  const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
  assert.match(manifest.dependencies["higress-as"], /\.tgz$/);

  npm(["run", "build"], project, env);
  assert.ok(existsSync(join(project, "build", "plugin.wasm")));
  const check = run(join(project, "node_modules", ".bin", "higress-as"), ["check", "build/plugin.wasm", "--envoy"], project, env);
  assert.match(check, /Envoy: loads/);
  const tests = npm(["test"], project, env);
  assert.match(tests, /# pass [1-9]/);
  assert.match(tests, /# fail 0/);
});
