// Builds the host test fixtures (tests/fixtures/host/*.ts) with asc, without the repository's own
// asconfig.json (which would add the SDK's entries).
import { fileURLToPath } from "node:url";
import { compile } from "../helpers/compile.js";

const DIR = fileURLToPath(new URL("../fixtures/host/", import.meta.url));

/**
 * Compiles tests/fixtures/host/<name>.ts. By default abort is disabled (--use abort=) and the start
 * function is exported as _start; `start: null` keeps a wasm start section.
 */
export function buildFixture(name, { defaultAbort = false, start = "_start", higress = false } = {}) {
  const args = ["--config", `${DIR}asconfig.json`, "--runtime", "stub", "--use", `HIGRESS=${higress ? 1 : 0}`];
  if (!defaultAbort) args.push("--use", "abort=");
  if (start !== null) args.push("--exportStart", start);
  return compile([`${DIR}${name}.ts`], args);
}

/**
 * The scripted plugin (scripted.ts): with the 0.2.1 marker only, or (higress) with 0.2.100 first.
 * `higressImports` (default: same as higress) makes it import Redis and the other Higress functions.
 */
export function buildScripted({ higress = false, higressImports = higress } = {}) {
  return buildFixture(higress ? "scripted-0_2_100" : "scripted-0_2_1", { higress: higressImports });
}

/** Joins script lines into a plugin configuration. */
export function script(...lines) {
  return lines.join("\n");
}

/** Debug lines logged by the scripted plugin for one op ("<op> -> <status> <detail>"). */
export function opResults(host, op) {
  return host.getDebugLogs().filter((l) => l.startsWith(`${op} -> `)).map((l) => l.slice(op.length + 4));
}
