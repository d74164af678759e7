// The package as a consumer gets it: `npm pack` of this repository, and the commands a consumer
// runs. Shared by the tests that install the tarball into a project outside the repository.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { madeOnce } from "./made-once.js";

export const repo = fileURLToPath(new URL("../..", import.meta.url));
const PACKS = join(repo, "node_modules", ".cache", "higress-as-test-packs");

/** Runs a command and returns its stdout; throws with its output when it fails. `env` replaces the environment. */
export const run = (cmd, args, cwd, env) => execFileSync(cmd, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Runs npm: the one that runs `npm test`, not the old one a dev dependency puts on node_modules/.bin. */
export const npm = (args, cwd, env) =>
  process.env.npm_execpath ? run(process.execPath, [process.env.npm_execpath, ...args], cwd, env) : run("npm", args, cwd, env);

/**
 * One digest of every file `npm pack` can take (package.json's "files", plus package.json): the
 * tarball of a run is reused while none of them changes. Files pack leaves out (an example's
 * build/) only make the digest change more often than needed.
 */
function packageDigest(manifest) {
  const hash = createHash("sha256");
  const add = (path) => {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    // An example's node_modules links back to the repository.
    if (!stat || stat.isSymbolicLink() || basename(path) === "node_modules") return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(path, name));
    } else {
      hash.update(path.slice(repo.length)).update(readFileSync(path));
    }
  };
  add(join(repo, "package.json"));
  for (const entry of manifest.files.filter((pattern) => !pattern.startsWith("!"))) add(join(repo, entry));
  return hash.digest("hex").slice(0, 32);
}

/**
 * Puts the packed repository into `dir` (dist/ must be built already) and returns the tarball's
 * file name. `npm pack` runs once for every test file of a run that needs the tarball: the first
 * one packs into a cache keyed by the package's files, the others copy it from there.
 */
export async function packInto(dir) {
  const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
  // The name npm gives it, which a project's package.json records when it installs the tarball.
  const name = `${manifest.name}-${manifest.version}.tgz`;
  mkdirSync(PACKS, { recursive: true });
  const cached = await madeOnce(join(PACKS, `${packageDigest(manifest)}.tgz`), (partial) => {
    const out = mkdtempSync(join(PACKS, "pack-"));
    npm(["pack", "--ignore-scripts", "--pack-destination", out], repo);
    renameSync(join(out, name), partial);
    rmSync(out, { recursive: true });
  });
  copyFileSync(cached, join(dir, name));
  return name;
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
