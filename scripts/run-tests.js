// npm test's test run: every *.test.js under the given folders or files (default tests/), each in its
// own process as `node --test` runs them, two at a time or one per core. `node --test` itself starts
// files in alphabetical order, which started the slowest ones (the end-to-end init test, the
// examples' release builds, as-pect) last and left one core idle at the end; this starts them first.
//   node scripts/run-tests.js [test files or folders...]
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

// The files that take longest on a cold cache (most CPU first); the others follow alphabetically.
const SLOWEST = [
  "tests/cli/init.test.js",
  "tests/examples.test.js",
  "tests/as-pect.test.js",
  "tests/hostile/soak.test.js",
  "tests/example-copy.test.js",
  "tests/sdk/module.test.js",
  "tests/gateway/serve.test.js",
  "tests/bench/budgets.test.js",
  "tests/hostile/configs.test.js",
  "tests/package.test.js",
  "tests/cli/check.test.js",
  "tests/sdk/perf-budget.test.js",
  "tests/hostile/requests.test.js",
];

function testFiles(path, out) {
  if (statSync(path).isFile()) return out.push(path);
  for (const name of readdirSync(path).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const child = join(path, name);
    if (statSync(child).isDirectory() || /\.test\.[cm]?js$/.test(name)) testFiles(child, out);
  }
}

const args = process.argv.slice(2);
const files = [];
for (const arg of args.length ? args : ["tests"]) testFiles(resolve(arg), files);
const rank = (file) => {
  const at = SLOWEST.indexOf(relative(ROOT, file));
  return at < 0 ? SLOWEST.length : at;
};
files.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));

const stream = run({ files: [...new Set(files)], concurrency: Math.max(2, availableParallelism()) });
stream.on("test:fail", ({ todo, skip }) => {
  if (!todo && !skip) process.exitCode = 1;
});
stream.compose(spec).pipe(process.stdout);
