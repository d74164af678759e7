// The installed higress-as package, found from this file (dist/cli/ inside it), so commands read
// the package's own asconfig files, examples and version wherever the package is installed.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of the package root, with a trailing separator. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, "utf8")) as { version: string }).version;
}
