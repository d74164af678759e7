// `higress-as init <dir> [--template NAME]`: a new plugin project from one of the package's
// examples. Each file comes from the example when it has it (the examples are full projects) and
// from a default generated from the plugin's name and sample configuration when it does not.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { CliError, parseOptions, type Command } from "./command.js";
import { PACKAGE_ROOT, packageVersion } from "./package-root.js";
import { defaultFiles, projectAsconfig, projectPackageJson } from "./project-defaults.js";

const EXAMPLES = join(PACKAGE_ROOT, "examples");
const DEFAULT_TEMPLATE = "hello-world";
/** What an example folder may hold that is not part of a project: install and build outputs. */
const NOT_COPIED = new Set(["node_modules", "build", "dist", "package-lock.json", ".git"]);
/** Other files of the template that stand for a default (a YAML sample config, its own tests). */
const SATISFIED_BY: Record<string, string[]> = {
  "config.json": ["config.yaml", "config.yml"],
  "tests/plugin.test.mjs": ["tests"],
};

/** The templates: every example folder with a plugin in assembly/index.ts. */
function templateNames(): string[] {
  return readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(EXAMPLES, entry.name, "assembly", "index.ts")))
    .map((entry) => entry.name)
    .sort();
}

/** An npm package name from a folder name: lower case, with anything npm refuses turned into "-". */
function packageName(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._~-]+/g, "-").replace(/^[._-]+/, "");
  return name === "" ? "plugin" : name;
}

function readJson(path: string): Record<string, unknown> | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`template file ${relative(PACKAGE_ROOT, path)} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The AssemblyScript range a project installs: the version this package is built and tested with. */
function ascRange(): string {
  const sdk = readJson(join(PACKAGE_ROOT, "package.json")) as { devDependencies?: Record<string, string> };
  const tested = sdk.devDependencies?.assemblyscript;
  if (tested === undefined) throw new CliError("the installed higress-as package.json names no assemblyscript version");
  return `^${tested}`;
}

export const initCommand: Command = {
  name: "init",
  usage: "higress-as init <dir> [--template NAME]",
  summary: "create a plugin project (build and test scripts, tests, config, Docker and Higress files)",
  help: [
    "Creates <dir> (which must not exist or be empty) with a plugin project copied from an example:",
    "package.json (build, build:debug, test scripts), asconfig.json, assembly/index.ts, tsconfig.json",
    "for editors, tests/ (node --test against MockHost), a sample config, README.md, Dockerfile,",
    "wasmplugin.yaml (Higress), envoy.yaml and docker-compose.yaml (plain Envoy).",
    "",
    `  --template NAME  the example to start from (default ${DEFAULT_TEMPLATE}); one of:`,
    ...templateNames().map((name) => `                   ${name}`),
    "",
    "Then: cd <dir> && npm install && npm test",
  ],
  async run(args, io) {
    const { values, positionals } = parseOptions({
      args,
      options: { template: { type: "string", default: DEFAULT_TEMPLATE } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new CliError("expected one target directory", 2);
    const target = positionals[0];
    const template = values.template as string;
    const templates = templateNames();
    if (!templates.includes(template)) {
      throw new CliError(`no template "${template}" (templates: ${templates.join(", ")})`, 2);
    }
    if (existsSync(target) && readdirSync(target).length > 0) {
      throw new CliError(`${target} is not empty; init only writes into a new or empty directory`);
    }

    const source = join(EXAMPLES, template);
    mkdirSync(target, { recursive: true });
    cpSync(source, target, { recursive: true, filter: (path) => !NOT_COPIED.has(basename(path)) });

    const name = packageName(target);
    const configPath = join(source, "config.json");
    const facts = {
      name,
      sdkVersion: packageVersion(),
      ascRange: ascRange(),
      configJson: existsSync(configPath) ? readFileSync(configPath, "utf8") : "{}",
    };
    const write = (path: string, content: string) => {
      mkdirSync(dirname(join(target, path)), { recursive: true });
      writeFileSync(join(target, path), content);
    };
    write("package.json", projectPackageJson(readJson(join(source, "package.json")), facts));
    write("asconfig.json", projectAsconfig(readJson(join(source, "asconfig.json"))));
    for (const [path, content] of Object.entries(defaultFiles(facts))) {
      const present = [path, ...(SATISFIED_BY[path] ?? [])].some((p) => existsSync(join(target, p)));
      if (!present) write(path, content);
    }

    io.out(`Created ${name} in ${target} from the ${template} example.`);
    io.out("Next:");
    io.out(`  cd ${target}`);
    io.out("  npm install");
    io.out("  npm test        # builds build/plugin.wasm (debug) and runs tests/ against MockHost");
    io.out("  npm run build   # the release build to deploy");
    return 0;
  },
};
