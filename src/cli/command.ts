// What every sub-command shares: the output it writes to, the error that ends it with a one-line
// reason, and option parsing that turns a typo into such an error instead of a stack trace.

import { parseArgs, type ParseArgsConfig } from "node:util";

/** Where a command writes; a parameter so tests can capture it. */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A sub-command: one entry of the dispatch table in main.ts. */
export interface Command {
  name: string;
  /** One line: the command with its arguments and options. */
  usage: string;
  /** One line for the command list. */
  summary: string;
  /** Lines after the usage line in `higress-as <command> --help`. */
  help: string[];
  /** Runs the command; returns the exit code. Throws CliError for a user error. */
  run: (args: string[], io: Output) => Promise<number>;
}

/** A user error: main prints its message as one line and exits with its code, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** node:util parseArgs (strict unless told otherwise), with its complaints turned into usage errors (exit 2). */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}
