#!/usr/bin/env node
// Thin launcher so the published bin works without a build step on the consumer's side.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
