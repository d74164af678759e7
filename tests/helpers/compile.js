// Compiles AssemblyScript sources for the tests with the same compiler a plugin author uses.
import asc from "assemblyscript/asc";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Compiles `entries` with extra asc arguments and returns the wasm bytes.
 * Throws with the compiler's diagnostics when the build fails.
 */
export async function compile(entries, args = []) {
  const outFile = join(mkdtempSync(join(tmpdir(), "higress-as-")), "plugin.wasm");
  let stderr = "";
  const { error } = await asc.main([...entries, "-o", outFile, ...args], {
    stdout: { write() {} },
    stderr: { write(s) { stderr += s; } },
  });
  if (error) throw new Error(`asc failed for ${entries.join(" ")}:\n${stderr}`);
  return new Uint8Array(readFileSync(outFile));
}
