// The package as a consumer gets it: `npm pack` of the repository (dist/ already built by
// `npm test`) and installs of that tarball into temporary projects. Slow: one tarball per test file.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

// Without NODE_TEST_CONTEXT, a `node --test` run by the command reports as it would for a user
// instead of streaming its results into this test runner.
const { NODE_TEST_CONTEXT, ...ENV } = process.env;

/** Runs a command, returns its stdout; throws (with stderr) if it exits non-zero. */
export const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Runs the npm that runs `npm test`, not the old one a dev dependency puts on node_modules/.bin. */
export const npm = (args, cwd) =>
  process.env.npm_execpath ? run(process.execPath, [process.env.npm_execpath, ...args], cwd) : run("npm", args, cwd);

/** Packs the repository into a new temporary directory; returns the directory and the tarball's name. */
export function packTarball(prefix) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  npm(["pack", "--ignore-scripts", "--pack-destination", work], REPO);
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
  assert.ok(tarball, "npm pack wrote a tarball");
  return { work, tarball };
}

/**
 * npm install in `dir` with the given extra arguments, from the cache when it can; returns what
 * npm printed on both streams (its warnings go to stderr).
 */
export function npmInstall(dir, ...args) {
  const npmArgs = ["install", "--no-audit", "--no-fund", "--prefer-offline", ...args];
  const [cmd, cmdArgs] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, ...npmArgs]] : ["npm", npmArgs];
  const { status, stdout, stderr } = spawnSync(cmd, cmdArgs, { cwd: dir, env: ENV, encoding: "utf8" });
  if (status !== 0) throw new Error(`npm install failed in ${dir}:\n${stderr}`);
  return stdout + stderr;
}
