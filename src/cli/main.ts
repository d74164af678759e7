// Entry point of the `higress-as` command: dispatches to the sub-command.

import { CHECK_USAGE, checkCommand, type Output } from "./check.js";
import { SERVE_USAGE, serveCommand } from "./serve.js";

const COMMANDS: Record<string, { usage: string; summary: string; run: (args: string[], io: Output) => Promise<number> }> = {
  check: {
    usage: CHECK_USAGE,
    summary: "show a plugin's imports/exports and whether Envoy and Higress would load it",
    run: checkCommand,
  },
  serve: { usage: SERVE_USAGE, summary: "run a plugin in a local gateway in front of an upstream", run: serveCommand },
};

function usage(io: Output["out"]): void {
  io("Usage: higress-as <command> [options]");
  io("");
  io("Commands:");
  for (const command of Object.values(COMMANDS)) io(`  ${command.usage}\n      ${command.summary}`);
  io("");
  io("Run `higress-as <command> --help` for a command's options.");
}

/** Runs the CLI with the given arguments; returns the exit code. */
async function main(argv: string[], io: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    usage(io.out);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`Unknown command: ${name}`);
    usage(io.err);
    return 2;
  }
  return command.run(rest, io);
}

process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
