// The package as a consumer gets it: `npm pack` of this repository, and the commands a consumer
// runs. Shared by the tests that install the tarball into a project outside the repository.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../..", import.meta.url));

/** Runs a command and returns its stdout; throws with its output when it fails. `env` replaces the environment. */
export const run = (cmd, args, cwd, env) => execFileSync(cmd, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Runs npm: the one that runs `npm test`, not the old one a dev dependency puts on node_modules/.bin. */
export const npm = (args, cwd, env) =>
  process.env.npm_execpath ? run(process.execPath, [process.env.npm_execpath, ...args], cwd, env) : run("npm", args, cwd, env);

/** Packs the repository into `dir` (dist/ must be built already) and returns the tarball's file name. */
export function packInto(dir) {
  npm(["pack", "--ignore-scripts", "--pack-destination", dir], repo);
  const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
  return tarball;
}

/**
 * The environment for a command that runs `node --test` itself: without NODE_TEST_CONTEXT its
 * tests report as they would for a user instead of streaming into this test runner, and without
 * PLUGIN_WASM an example's tests load the module the user's project built.
 */
export function userEnv() {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.PLUGIN_WASM;
  return env;
}

/** npm install in `dir`, from the cache when it can; returns what npm printed on both streams (warnings go to stderr). */
export function npmInstall(dir, ...args) {
  const npmArgs = ["install", "--no-audit", "--no-fund", "--prefer-offline", ...args];
  const [cmd, cmdArgs] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, ...npmArgs]] : ["npm", npmArgs];
  const { status, stdout, stderr } = spawnSync(cmd, cmdArgs, { cwd: dir, env: userEnv(), encoding: "utf8" });
  if (status !== 0) throw new Error(`npm install failed in ${dir}:\n${stderr}`);
  return stdout + stderr;
}
