// The package as a consumer gets it: `npm pack` of this repository, and the commands a consumer
// runs. Shared by the tests that install the tarball into a project outside the repository.
import { execFileSync } from "node:child_process";
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
