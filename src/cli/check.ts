// `higress-as check <plugin.wasm>`: shows what a module imports and exports, which ABI marker each
// host picks, and whether plain Envoy and Higress would load it, with Envoy's refusal message.

import { readFile } from "node:fs/promises";
import { inspectModule } from "../host/module-check.js";
import { formatSignature } from "../host/wasm-binary.js";
import type { ModuleReport } from "../host/types.js";
import { CliError, parseOptions, type Command, type Output } from "./command.js";

/** Printed when no host finds an ABI marker: the usual cause is compiling without the SDK's asconfig. */
const NO_MARKER_HINT =
  "Not built with the SDK's settings? Build with `higress-as build`, or extend higress-as/asconfig.json.";

function describe(report: ModuleReport, out: (line: string) => void): void {
  out(`Imports (${report.imports.length}):`);
  for (const i of report.imports) out(`  ${i.module}.${i.name}  ${i.type ? formatSignature(i.type) : i.kind}`);
  out(`Exports (${report.exports.length}):`);
  for (const e of report.exports) out(`  ${e.name}  ${e.type ? formatSignature(e.type) : e.kind}`);
  const marker = (v: string | null) => (v === null ? "none" : v);
  out(`ABI version: Envoy picks ${marker(report.abiVersions.envoy)}, Higress picks ${marker(report.abiVersions.higress)}`);
  if (report.hasStartSection) {
    out("Warning: the module has a wasm start section; it runs before any context exists and must not call the host.");
    out("         Compile with --exportStart _start.");
  }
}

/**
 * Checks the module at `file`, printing the report (imports and exports only with `details`);
 * returns the exit code (1 if the required hosts would refuse it). Shared with `build`, which
 * checks what it just compiled.
 */
export async function checkModule(file: string, requireEnvoy: boolean, details: boolean, io: Output): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const report = inspectModule(bytes);
  if (details) {
    io.out(file);
    describe(report, io.out);
  }
  const verdict = (host: "envoy" | "higress", name: string) => {
    const problems = report.problemsByHost[host];
    if (problems.length === 0) io.out(`${name}: loads`);
    else problems.forEach((p, n) => (n === 0 ? io.out(`${name}: refused: ${p}`) : io.out(`${" ".repeat(name.length)}  also: ${p}`)));
  };
  verdict("envoy", "Envoy");
  verdict("higress", "Higress");
  if (report.abiVersions.envoy === null && report.abiVersions.higress === null) io.out(NO_MARKER_HINT);
  const { envoy, higress } = report.loadableBy;
  if (!envoy && !higress) {
    io.err(`error: ${report.problemsByHost.envoy[0]}`);
    return 1;
  }
  if (!envoy) {
    io.out("Only Higress can load this plugin; plain Envoy refuses it.");
    if (requireEnvoy) {
      io.err(`error: ${report.problemsByHost.envoy[0]}`);
      return 1;
    }
  }
  return 0;
}

export const checkCommand: Command = {
  name: "check",
  usage: "higress-as check <plugin.wasm> [--envoy]",
  summary: "show a plugin's imports/exports and whether Envoy and Higress would load it",
  help: [
    "Checks a compiled plugin against the imports, exports and ABI markers Envoy and Higress accept,",
    "and runs its wasm start section (if any) the way instantiation does. Exits 1 if neither host",
    "would load it. A plugin only Higress can load passes unless --envoy is given, which requires",
    "plain Envoy to load it as well.",
  ],
  async run(args, io) {
    const { values, positionals } = parseOptions({ args, options: { envoy: { type: "boolean" } }, allowPositionals: true });
    if (positionals.length !== 1) throw new CliError(`expected one plugin file, got ${positionals.length}`, 2);
    return checkModule(positionals[0], values.envoy === true, true, io);
  },
};
