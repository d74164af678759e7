// Runs test files with another AssemblyScript version than the pinned one:
//   node scripts/test-assemblyscript.js <version-range> <test files or folders...>
// The version is installed once under node_modules/.cache/ and reached through a resolve hook in
// every process the tests start (asc in the tests, and `higress-as build` run by them).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [range, ...tests] = process.argv.slice(2);
if (range === undefined || tests.length === 0) {
  console.error("usage: node scripts/test-assemblyscript.js <version-range> <test files...>");
  process.exit(2);
}
const root = fileURLToPath(new URL("..", import.meta.url));
const install = join(root, "node_modules", ".cache", `assemblyscript-${range}`);
const npm = (args) => spawnSync("npm", args, { cwd: install, stdio: "inherit" });
if (!existsSync(join(install, "node_modules", "assemblyscript"))) {
  mkdirSync(install, { recursive: true });
  writeFileSync(join(install, "package.json"), '{ "private": true }\n');
  if (npm(["install", "--no-audit", "--no-fund", `assemblyscript@${range}`]).status !== 0) process.exit(1);
}

const register = join(install, "register.mjs");
writeFileSync(
  register,
  `import { register } from "node:module";\n` +
    `register(${JSON.stringify(pathToFileURL(join(root, "scripts", "assemblyscript-resolve.js")).href)}, ` +
    `{ data: { installParent: ${JSON.stringify(pathToFileURL(join(install, "package.json")).href)} } });\n`,
);
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(register).href}`.trim() };
const { status } = spawnSync(process.execPath, [join(root, "scripts", "run-tests.js"), ...tests], { cwd: root, env, stdio: "inherit" });
process.exit(status ?? 1);
