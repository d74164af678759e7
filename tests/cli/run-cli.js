// Runs the repository's `higress-as` bin (dist/ built by `npm test`) and returns what it printed.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/higress-as.js", import.meta.url));

/** Runs `higress-as ...args` in `cwd`; returns { status, stdout, stderr }. */
export function cli(args, cwd = process.cwd()) {
  const { status, stdout, stderr } = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { status, stdout, stderr };
}
