// `higress-as build`: compiles the project's assembly/index.ts with the package's own asconfig
// (passed to asc directly, so the project needs no `extends` path into node_modules), checks the
// result the way Envoy would load it, and with --watch rebuilds whenever a source changes.

import { existsSync, readdirSync, statSync, watch } from "node:fs";
import { join, relative } from "node:path";
import { checkModule } from "./check.js";
import { CliError, parseOptions, type Command, type Output } from "./command.js";
import { PACKAGE_ROOT } from "./package-root.js";

/** The package's asconfig for each --abi choice (which ABI markers the module exports). */
const ABI_CONFIGS: Record<string, string> = {
  both: "asconfig.json",
  envoy: "asconfig.envoy.json",
  higress: "asconfig.higress.json",
};

const ENTRY = join("assembly", "index.ts");
const OUT_FILE = join("build", "plugin.wasm");

interface BuildSettings {
  projectDir: string;
  config: string;
  debug: boolean;
}

type AscMain = (typeof import("assemblyscript/asc"))["main"];

/** The project's AssemblyScript compiler (a peer dependency), or a one-line reason it is missing. */
async function loadAsc(): Promise<AscMain> {
  try {
    return (await import("assemblyscript/asc")).main;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new CliError("assemblyscript is not installed; run `npm i -D assemblyscript`");
  }
}

/** Compiles once and checks the output; returns the exit code. Compiler diagnostics go to stderr. */
async function buildOnce(asc: AscMain, settings: BuildSettings, io: Output): Promise<number> {
  const started = performance.now();
  let diagnostics = "";
  const sink = {
    write: (text: string | Uint8Array) => void (diagnostics += typeof text === "string" ? text : new TextDecoder().decode(text)),
  };
  const { error } = await asc(
    [ENTRY, "--config", settings.config, "--target", settings.debug ? "debug" : "release", "--outFile", OUT_FILE],
    { stdout: sink, stderr: sink },
  );
  if (diagnostics.trim() !== "") diagnostics.trimEnd().split("\n").forEach((line) => io.err(line));
  if (error) {
    io.err(`higress-as build: compilation failed: ${error.message}`);
    return 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const kib = (statSync(join(settings.projectDir, OUT_FILE)).size / 1024).toFixed(1);
  io.out(`built ${OUT_FILE} (${kib} KiB, ${settings.debug ? "debug" : "release"}) in ${seconds} s`);
  return checkModule(join(settings.projectDir, OUT_FILE), false, false, io);
}

/** Size and modification time of every file under `dir`: what a rebuild depends on. */
function sourcesStamp(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath ?? entry.path, entry.name);
      const { size, mtimeMs } = statSync(path);
      return `${path}:${size}:${mtimeMs}`;
    })
    .sort()
    .join("\n");
}

/** Rebuilds on every change under assembly/ until the process is interrupted. */
function watchSources(asc: AscMain, settings: BuildSettings, io: Output): Promise<number> {
  const sources = join(settings.projectDir, "assembly");
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let built = sourcesStamp(sources);
  // Editors write a file in several steps and fs.watch may report one write twice: one rebuild
  // per burst of events, only if a file really changed, never two at once.
  const watcher = watch(sources, { recursive: true }, (_event, file) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => {
        const now = sourcesStamp(sources);
        if (now === built) return;
        built = now;
        io.out(`changed ${relative(settings.projectDir, join(sources, String(file)))}; rebuilding`);
        return buildOnce(asc, settings, io);
      });
    }, 100);
  });
  io.out(`watching ${relative(settings.projectDir, sources) || "."}/ for changes (Ctrl-C stops)`);
  return new Promise((resolve) => {
    const stop = () => {
      watcher.close();
      clearTimeout(timer);
      void running.then(() => resolve(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

export const buildCommand: Command = {
  name: "build",
  usage: "higress-as build [--abi higress|envoy|both] [--debug] [--watch]",
  summary: "compile assembly/index.ts to build/plugin.wasm with the SDK's settings and check it",
  help: [
    "Compiles the project's assembly/index.ts with the settings the package ships (ABI exports and",
    "markers, imports remapped to what Envoy registers, an exported _start), writes build/plugin.wasm,",
    "and checks it as `higress-as check` does. The project's own asconfig.json is not read; it is",
    "there for running asc directly.",
    "",
    "  --abi both     export proxy_abi_version_0_2_100 then 0_2_1: Higress and Envoy (default)",
    "  --abi envoy    0.2.1 only",
    "  --abi higress  0.2.100 only (plain Envoy refuses the module)",
    "  --debug        keep function names and abort messages for readable traps (no -O3)",
    "  --watch        rebuild whenever a file under assembly/ changes",
  ],
  async run(args, io) {
    const { values } = parseOptions({
      args,
      options: { abi: { type: "string", default: "both" }, debug: { type: "boolean" }, watch: { type: "boolean" } },
    });
    const abi = values.abi as string;
    if (!(abi in ABI_CONFIGS)) throw new CliError(`--abi must be higress, envoy or both, not "${abi}"`, 2);
    const projectDir = process.cwd();
    if (!existsSync(join(projectDir, ENTRY))) {
      throw new CliError(`no ${ENTRY} here; run build from the plugin's folder (see \`higress-as init\`)`);
    }
    const asc = await loadAsc();
    // Relative on purpose: asc 0.27 joins the config's `lib` folder to the project directory even
    // when it is absolute, so the package's settings only resolve when reached by a relative path.
    const config = relative(projectDir, join(PACKAGE_ROOT, ABI_CONFIGS[abi]));
    const settings = { projectDir, config, debug: values.debug === true };
    const code = await buildOnce(asc, settings, io);
    return values.watch ? watchSources(asc, settings, io) : code;
  },
};
