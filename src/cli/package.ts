// `higress-as package`: turns a built plugin into what Higress deploys, without Docker: the plugin
// files (plugin.wasm, spec.yaml, README.md), an OCI image layout as a directory and as a tar, and
// a WasmPlugin resource pinned to the image's manifest digest.

import { existsSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { inspectModule } from "../host/module-check.js";
import { loadConfig } from "../gateway/config-file.js";
import { CliError, type Command } from "./command.js";
import { buildImage, compatTag, layoutTar, writeLayoutDir } from "./oci-layout.js";
import { CATEGORIES, PHASES, type Phase, type PluginMeta, schemaOf, specYaml, wasmPluginYaml } from "./plugin-spec.js";

const HELP = [
  "Packages build/plugin.wasm for Higress, from the project in the current directory:",
  "  <out>/plugin/            plugin.wasm, spec.yaml and README.md (the files of a Higress plugin image)",
  "  <out>/oci/               an OCI image layout: tag <version> is Higress's image (spec.yaml, README.md,",
  "                           then plugin.wasm in the last layer); tag <version>-compat holds only the",
  "                           wasm layer, for tools that unpack images (umoci)",
  "  <out>/<name>-<version>.oci.tar   the same layout as one tar (skopeo's oci-archive:)",
  "  <out>/wasmplugin.yaml    a WasmPlugin resource whose sha256 is the image's manifest digest",
  "",
  "Options:",
  "  --wasm FILE        the plugin (default build/plugin.wasm)",
  "  --out DIR          output directory (default dist)",
  "  --name N           plugin name (default: package.json name)",
  "  --version V        image tag and spec version (default: package.json version)",
  "  --config FILE      sample config, a JSON or YAML object: defaultConfig and matchRules of the",
  "                     WasmPlugin, example and schema source of spec.yaml (default config.json,",
  "                     config.yaml or config.yml, the first present)",
  "  --schema FILE      the config's JSON schema (default: read off the sample config)",
  "  --readme FILE      the README layer (default README.md if present)",
  "  --image REPO       where the image will be pushed, for the WasmPlugin url (default localhost:5000/<name>)",
  `  --phase P          ${PHASES.join(" | ")} (default UNSPECIFIED_PHASE)`,
  "  --priority N       higher runs first (default 100)",
  `  --category C       ${CATEGORIES.join(" | ")} (default custom)`,
  "  --title T, --description D   spec.yaml info (description defaults to package.json's)",
];

const VALUE_OPTIONS = ["--wasm", "--out", "--name", "--version", "--config", "--schema", "--readme", "--image", "--phase", "--priority", "--category", "--title", "--description"];

// Higress's fetcher cuts a decompressed layer at 256 MiB.
const MAX_WASM_BYTES = 256 * 1024 * 1024;

// A usage mistake (exit 2), as opposed to a project that cannot be packaged (exit 1).
class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

function parseArgs(args: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.includes(name)) throw new UsageError(arg.startsWith("-") ? `unknown option: ${arg}` : `unexpected argument: ${arg}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    options.set(name, value);
  }
  return options;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

// The sample config a project keeps, in the order looked for.
const SAMPLE_CONFIGS = ["config.json", "config.yaml", "config.yml"];

// A config file as `serve` reads it (JSON, or YAML as a WasmPlugin holds it); it must be an object.
async function readConfig(path: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) throw new UsageError(`cannot read config ${path}: no such file`);
  let config: string | object;
  try {
    config = await loadConfig(path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (typeof config === "string") throw new UsageError(`config ${path} must be .json, .yaml or .yml`);
  return config as Record<string, unknown>;
}

/** The package.json of the project being packaged, or an empty object outside one. */
function projectPackage(): { name?: string; version?: string; description?: string } {
  return existsSync("package.json") ? (readJson("package.json", "package.json") as Record<string, string>) : {};
}

function metaOf(options: Map<string, string>): PluginMeta {
  const pkg = projectPackage();
  const name = options.get("--name") ?? (pkg.name === undefined ? undefined : pkg.name.replace(/^@[^/]+\//, ""));
  const version = options.get("--version") ?? pkg.version;
  if (name === undefined) throw new UsageError("no plugin name: pass --name or run in a project with a package.json");
  if (version === undefined) throw new UsageError("no version: pass --version or set it in package.json");
  // Both end up in an image reference (<repo>/<name>:<version>), which allows only these.
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(name)) throw new UsageError(`plugin name "${name}" is not a valid image name (lowercase letters, digits, . _ -)`);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(version)) throw new UsageError(`version "${version}" is not a valid image tag`);
  const phase = (options.get("--phase") ?? "UNSPECIFIED_PHASE") as Phase;
  if (!PHASES.includes(phase)) throw new UsageError(`--phase must be one of ${PHASES.join(", ")}`);
  const priorityText = options.get("--priority") ?? "100";
  const priority = Number(priorityText);
  if (!Number.isInteger(priority)) throw new UsageError(`--priority must be an integer, got "${priorityText}"`);
  const category = options.get("--category") ?? "custom";
  if (!(CATEGORIES as readonly string[]).includes(category)) throw new UsageError(`--category must be one of ${CATEGORIES.join(", ")}`);
  return { name, version, phase, priority, category, title: options.get("--title"), description: options.get("--description") ?? pkg.description };
}

function readWasm(path: string): Uint8Array {
  if (!existsSync(path)) throw new UsageError(`no plugin at ${path}: build it first (npm run build)`);
  const wasm = new Uint8Array(readFileSync(path));
  if (wasm.length < 8 || wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) throw new UsageError(`${path} is not a wasm module`);
  if (wasm.length > MAX_WASM_BYTES) throw new UsageError(`${path} is over the 256 MiB Higress accepts`);
  const report = inspectModule(wasm);
  if (!report.loadableBy.higress) throw new UsageError(`Higress would not load ${path}: ${report.problemsByHost.higress[0]}`);
  return wasm;
}

/** `higress-as package`: one entry of the CLI's dispatch table. */
export const packageCommand: Command = {
  name: "package",
  usage: "higress-as package [--out dist] [--name N --version V] [options]",
  summary: "package a built plugin for Higress: OCI image layout, spec.yaml and a WasmPlugin resource",
  help: HELP,
  async run(args, io) {
    const options = parseArgs(args);
    const meta = metaOf(options);
    const wasmPath = options.get("--wasm") ?? join("build", "plugin.wasm");
    const wasm = readWasm(wasmPath);
    const configPath = options.get("--config") ?? SAMPLE_CONFIGS.find((name) => existsSync(name));
    const config = configPath === undefined ? {} : await readConfig(configPath);
    const schemaPath = options.get("--schema");
    const schema = schemaPath === undefined ? schemaOf(config) : (readJson(schemaPath, "schema") as Record<string, unknown>);
    const readmePath = options.get("--readme") ?? (existsSync("README.md") ? "README.md" : undefined);
    const readme = readmePath === undefined ? undefined : readFileSync(readmePath, "utf8");
    const spec = specYaml(meta, schema, configPath === undefined ? undefined : config);

    const image = buildImage({ wasm, tag: meta.version, specYaml: spec, readme });
    const repo = options.get("--image") ?? `localhost:5000/${meta.name}`;
    const sha256 = image.manifestDigest.slice("sha256:".length);
    let resource: string;
    try {
      resource = wasmPluginYaml(meta, `oci://${repo}:${meta.version}`, sha256, config);
    } catch (error) {
      throw new UsageError(`${configPath}: ${(error as Error).message}`);
    }

    const out = resolve(options.get("--out") ?? "dist");
    const files = join(out, "plugin");
    const layout = join(out, "oci");
    const archive = join(out, `${meta.name}-${meta.version}.oci.tar`);
    // A layout directory keeps blobs by digest: a previous run's blobs would linger unreferenced.
    rmSync(files, { recursive: true, force: true });
    rmSync(layout, { recursive: true, force: true });
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, "plugin.wasm"), wasm);
    writeFileSync(join(files, "spec.yaml"), spec);
    if (readme !== undefined) writeFileSync(join(files, "README.md"), readme);
    writeLayoutDir(image, layout);
    writeFileSync(archive, layoutTar(image));
    writeFileSync(join(out, "wasmplugin.yaml"), resource);

    io.out(`Packaged ${meta.name} ${meta.version} (${basename(wasmPath)}, ${wasm.length} bytes)`);
    io.out(`  plugin files:   ${files}`);
    io.out(`  OCI layout:     ${layout}  (tags ${meta.version}, ${compatTag(meta.version)})`);
    io.out(`  OCI archive:    ${archive}`);
    io.out(`  WasmPlugin:     ${join(out, "wasmplugin.yaml")}`);
    io.out(`Manifest digest:  ${image.manifestDigest}`);
    io.out(`WasmPlugin sha256: ${sha256}`);
    io.out("Push it, keeping the digest:");
    io.out(`  skopeo copy --preserve-digests oci:${layout}:${meta.version} docker://${repo}:${meta.version}`);
    return 0;
  },
};
