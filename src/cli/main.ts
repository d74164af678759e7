// Entry point of the `higress-as` command: dispatches to the sub-command, answers --help and
// --version, and turns a user error into one line on stderr and a non-zero exit code.

import { buildCommand } from "./build.js";
import { checkCommand } from "./check.js";
import { CliError, type Command, type Output } from "./command.js";
import { initCommand } from "./init.js";
import { packageCommand } from "./package.js";
import { packageVersion } from "./package-root.js";
import { serveCommand } from "./serve.js";

/** Every sub-command; adding one is one entry here. */
const COMMANDS: Command[] = [initCommand, buildCommand, checkCommand, serveCommand, packageCommand];

function usage(out: Output["out"]): void {
  out("Usage: higress-as <command> [options]");
  out("");
  out("Commands:");
  for (const command of COMMANDS) out(`  ${command.usage}\n      ${command.summary}`);
  out("");
  out("Options: --help (also after a command), --version");
}

const isHelp = (arg: string) => arg === "--help" || arg === "-h";

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(argv: string[], io: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name) || name === "help") {
    usage(name === undefined ? io.err : io.out);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.out(packageVersion());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`higress-as: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(", ")}; see --help)`);
    return 2;
  }
  if (rest.some(isHelp)) {
    io.out(`Usage: ${command.usage}`);
    io.out("");
    command.help.forEach((line) => io.out(line));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // A file the user named that cannot be read or written is their error too: one line, no stack.
    const systemError = error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string";
    if (!(error instanceof CliError) && !systemError) throw error;
    io.err(`higress-as ${name}: ${(error as Error).message}`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
