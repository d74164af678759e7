// Makes `import ... from "higress-as"` resolve inside this repository the way it does in a
// consumer's project: asc looks packages up in node_modules only, so node_modules/higress-as
// points back at the repository root. Examples and test plugins then compile exactly as a user's
// plugin does, with one copy of the SDK in the module (a second copy reached by another path
// would have its own runtime state). Run by `npm install` (prepare).
//
// Each examples/<name>/ is a project a user copies out: its asconfig.json extends
// ./node_modules/higress-as/asconfig.json and its package.json depends on "file:../..". Linking
// examples/<name>/node_modules/higress-as to the root here gives every example what
// `npm install` inside it would, without an install per example on a fresh clone.
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));

function linkTo(nodeModules, target) {
  const link = join(nodeModules, "higress-as");
  mkdirSync(nodeModules, { recursive: true });
  const existing = lstatSync(link, { throwIfNoEntry: false });
  if (!existing) {
    symlinkSync(target, link, "dir");
  } else if (!existing.isSymbolicLink()) {
    console.warn(`link-self: ${link} exists and is not a link to this repository; leaving it alone`);
  }
}

linkTo(join(root, "node_modules"), "..");
const examples = join(root, "examples");
for (const name of existsSync(examples) ? readdirSync(examples) : []) {
  if (existsSync(join(examples, name, "package.json"))) linkTo(join(examples, name, "node_modules"), "../../..");
}
