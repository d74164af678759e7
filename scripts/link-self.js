// Makes `import ... from "higress-as"` resolve inside this repository the way it does in a
// consumer's project: asc looks packages up in node_modules only, so node_modules/higress-as
// points back at the repository root. Examples and test plugins then compile exactly as a user's
// plugin does, with one copy of the SDK in the module (a second copy reached by another path
// would have its own runtime state). Run by `npm run build:ts` (and so by `npm test` and `npm run
// demo`), not by an install script, which consumers of the package would be asked to allow.
import { existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const link = join(root, "node_modules", "higress-as");
mkdirSync(join(root, "node_modules"), { recursive: true });
if (!existsSync(link) && !lstatSync(link, { throwIfNoEntry: false })) {
  symlinkSync("..", link, "dir");
} else if (!lstatSync(link).isSymbolicLink()) {
  console.warn(`link-self: ${link} exists and is not a link to this repository; leaving it alone`);
}
