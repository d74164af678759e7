// `higress-as check <plugin.wasm>`: shows what a module imports and exports, which ABI marker each
// host picks, and whether plain Envoy and Higress would load it, with Envoy's refusal message.

import { readFile } from "node:fs/promises";
import { inspectModule } from "../host/module-check.js";
import { formatSignature } from "../host/wasm-binary.js";
import type { ModuleReport } from "../host/types.js";

/** Where the command writes; a parameter so tests can capture it. */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const CHECK_USAGE = "higress-as check <plugin.wasm> [--envoy]";

const HELP = [
  `Usage: ${CHECK_USAGE}`,
  "",
  "Checks a compiled plugin against the imports, exports and ABI markers Envoy and Higress accept.",
  "Exits 1 if neither host would load it. A plugin only Higress can load passes unless --envoy is",
  "given, which requires plain Envoy to load it as well.",
];

function describe(report: ModuleReport, out: (line: string) => void): void {
  out(`Imports (${report.imports.length}):`);
  for (const i of report.imports) out(`  ${i.module}.${i.name}  ${i.type ? formatSignature(i.type) : i.kind}`);
  out(`Exports (${report.exports.length}):`);
  for (const e of report.exports) out(`  ${e.name}  ${e.type ? formatSignature(e.type) : e.kind}`);
  const marker = (v: string | null) => (v === null ? "none" : v);
  out(`ABI version: Envoy picks ${marker(report.abiVersions.envoy)}, Higress picks ${marker(report.abiVersions.higress)}`);
  if (report.hasStartSection) {
    out("Warning: the module has a wasm start section; host calls from it run before any context exists.");
    out("         Compile with --exportStart _start.");
  }
}

/** Runs the check command; returns the exit code. */
export async function checkCommand(args: string[], io: Output): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    HELP.forEach((line) => io.out(line));
    return 0;
  }
  const requireEnvoy = args.includes("--envoy");
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--envoy");
  const files = args.filter((a) => !a.startsWith("-"));
  if (unknown.length > 0 || files.length !== 1) {
    io.err(unknown.length > 0 ? `Unknown option: ${unknown[0]}` : `Usage: ${CHECK_USAGE}`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(files[0]));
  } catch (error) {
    io.err(`Cannot read ${files[0]}: ${(error as Error).message}`);
    return 2;
  }
  const report = inspectModule(bytes);
  io.out(files[0]);
  describe(report, io.out);
  const verdict = (host: "envoy" | "higress", name: string) => {
    const problems = report.problemsByHost[host];
    if (problems.length === 0) io.out(`${name}: loads`);
    else problems.forEach((p, n) => (n === 0 ? io.out(`${name}: refused: ${p}`) : io.out(`${" ".repeat(name.length)}  also: ${p}`)));
  };
  verdict("envoy", "Envoy");
  verdict("higress", "Higress");
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
