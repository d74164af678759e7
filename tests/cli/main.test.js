// The command line itself: --version, --help for the tool and each command, and user errors as
// one line on stderr with a non-zero exit code.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cli } from "./run-cli.js";

const VERSION = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;
const COMMANDS = ["init", "build", "check"];

describe("higress-as", () => {
  it("prints the package version", () => {
    assert.deepEqual(cli(["--version"]), { status: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("lists every command in --help", () => {
    const { status, stdout } = cli(["--help"]);
    assert.equal(status, 0);
    for (const name of COMMANDS) assert.match(stdout, new RegExp(`higress-as ${name}\\b`));
  });

  it("answers --help for each command with its usage, without running it", () => {
    for (const name of COMMANDS) {
      const { status, stdout, stderr } = cli([name, "--help"]);
      assert.equal(status, 0, `${name} --help`);
      assert.match(stdout, new RegExp(`^Usage: higress-as ${name}\\b`));
      assert.equal(stderr, "");
    }
    assert.match(cli(["init", "--help"]).stdout, /hello-world/, "init lists its templates");
  });

  it("exits 2 with one line for an unknown command", () => {
    const { status, stdout, stderr } = cli(["frobnicate"]);
    assert.equal(status, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /^higress-as: unknown command "frobnicate" \(commands: init, build, check, serve, package; see --help\)\n$/);
  });

  it("exits 2 with one line for an unknown option or a missing argument, never a stack trace", () => {
    const unknown = cli(["check", "--frob", "x.wasm"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^higress-as check: Unknown option '--frob'.*\n$/);
    const missing = cli(["init"]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, "higress-as init: expected one target directory\n");
    const badAbi = cli(["build", "--abi", "wasi"]);
    assert.equal(badAbi.status, 2);
    assert.equal(badAbi.stderr, 'higress-as build: --abi must be higress, envoy or both, not "wasi"\n');
  });

  it("exits 1 with one line when build runs outside a plugin project", () => {
    const { status, stderr } = cli(["build"], mkdtempSync(join(tmpdir(), "higress-as-empty-")));
    assert.equal(status, 1);
    assert.equal(stderr, "higress-as build: no assembly/index.ts here; run build from the plugin's folder (see `higress-as init`)\n");
  });

  it("exits 1 with one line when init's target is a file", () => {
    const file = join(mkdtempSync(join(tmpdir(), "higress-as-file-")), "plugin");
    writeFileSync(file, "");
    const { status, stderr } = cli(["init", file]);
    assert.equal(status, 1);
    assert.match(stderr, /^higress-as init: ENOTDIR: not a directory, scandir '.*plugin'\n$/);
  });

  it("exits 1 with one line when the file to check cannot be read", () => {
    const { status, stderr } = cli(["check", "no-such-plugin.wasm"]);
    assert.equal(status, 1);
    assert.equal(stderr, "higress-as check: cannot read no-such-plugin.wasm: ENOENT\n");
  });
});
