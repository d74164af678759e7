// The SDK joins strings only through joinStrings (assembly/runtime/string_join.ts). Under the
// release builds' shrinkLevel 1, AssemblyScript's Array<string>#join appends element by element,
// copying the growing result each time: a 12,000-element Redis reply printed with String() took
// seconds in a real host. The debug builds the other tests use take the linear path, so a
// reintroduced `.join(` would pass them; this check catches it instead.
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

it("no SDK source calls Array#join", () => {
  const offenders = [];
  for (const file of sources("assembly")) {
    readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, "");
      if (/\.join\(/.test(code)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, [], "use joinStrings from assembly/runtime/string_join.ts instead");
});
