// The AssemblyScript unit tests (tests/assembly/*.spec.ts, run by as-pect) as one file of the
// node test run: as-pect compiles every spec on one core, so run before the node tests it left the
// other core idle; here it shares the two workers with them. `npm run test:as` runs it alone.
import { it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ASP = join(ROOT, "node_modules", "@as-pect", "cli", "bin", "asp.js");

it("as-pect: every AssemblyScript unit test in tests/assembly passes", { timeout: 600_000 }, (t) => {
  const { status, stdout, stderr } = spawnSync(process.execPath, [ASP, "--config", "as-pect.config.js", "--summary", "--no-logo"], { cwd: ROOT, encoding: "utf8" });
  const output = (stdout + stderr).replace(/\x1b\[[0-9;]*m/g, "");
  assert.equal(status, 0, output);
  // One line per spec file ("✔ tests/assembly/url.spec.ts Pass: 12 / 12 ..."): at least one, all passed.
  const specs = output.split("\n").filter((line) => /\.spec\.ts Pass: /.test(line));
  assert.ok(specs.length > 0, output);
  for (const line of specs) {
    const [, passed, total] = /Pass: (\d+) \/ (\d+)/.exec(line);
    assert.equal(passed, total, line);
    t.diagnostic(line.trim());
  }
});
