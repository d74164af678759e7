// `higress-as check`: what it prints and how it exits for modules each host accepts or refuses,
// including refusals only visible at instantiation (a start section that calls the host) or from
// the build settings (no ABI marker at all).
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { buildFixture, buildScripted } from "../host/build-fixture.js";
import { cli } from "./run-cli.js";

const files = {};

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "higress-as-check-"));
  const write = (name, bytes) => {
    files[name] = join(dir, `${name}.wasm`);
    writeFileSync(files[name], bytes);
  };
  write("both", await buildScripted());
  write("higressOnly", await buildScripted({ higress: true }));
  write("defaultAbort", await buildFixture("default-abort", { defaultAbort: true }));
  write("startSection", await buildFixture("start-host-call", { start: null }));
  write("exportedStart", await buildFixture("start-host-call", {}));
  write("noMarker", await buildFixture("no-marker", {}));
});

const run = (...args) => cli(args);

describe("higress-as check", () => {
  it("lists imports and exports with signatures and passes a module both hosts load", () => {
    const { status, stdout } = run("check", files.both);
    assert.equal(status, 0);
    assert.match(stdout, /^ {2}env\.proxy_log {2}i32 i32 i32 -> i32$/m);
    assert.match(stdout, /^ {2}proxy_on_request_headers {2}i32 i32 i32 -> i32$/m);
    assert.match(stdout, /^ABI version: Envoy picks 0\.2\.1, Higress picks 0\.2\.1$/m);
    assert.match(stdout, /^Envoy: loads$/m);
    assert.match(stdout, /^Higress: loads$/m);
  });

  it("passes a Higress-only module but says so, and fails it with --envoy", () => {
    const plain = run("check", files.higressOnly);
    assert.equal(plain.status, 0);
    assert.match(plain.stdout, /^ABI version: Envoy picks 0\.2\.1, Higress picks 0\.2\.100$/m);
    assert.match(plain.stdout, /^Envoy: refused: Failed to load Wasm module due to a missing import: env\.proxy_redis_init$/m);
    assert.match(plain.stdout, /^Only Higress can load this plugin; plain Envoy refuses it\.$/m);
    const strict = run("check", "--envoy", files.higressOnly);
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /missing import: env\.proxy_redis_init/);
  });

  it("fails a module neither host loads, with Envoy's message", () => {
    const { status, stderr, stdout } = run("check", files.defaultAbort);
    assert.equal(status, 1);
    assert.equal(stderr, "error: Failed to load Wasm module due to a missing import: env.abort\n");
    assert.match(stdout, /^Higress: refused: Failed to load Wasm module due to a missing import: env\.abort$/m);
  });

  it("prints usage for --help and refuses unknown commands and options", () => {
    const help = run("--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /higress-as check <plugin\.wasm> \[--envoy\]/);
    assert.equal(run("frobnicate").status, 2);
    assert.equal(run("check", "--bogus", files.both).status, 2);
    assert.equal(run("check").status, 2);
    const missing = run("check", join(tmpdir(), "does-not-exist.wasm"));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^higress-as check: cannot read .*does-not-exist\.wasm: ENOENT\n$/);
  });

  it("refuses a module whose wasm start section calls the host, as Envoy's instantiation fails", () => {
    const { status, stdout, stderr } = run("check", files.startSection);
    assert.equal(status, 1);
    assert.match(stdout, /^Envoy: refused: Failed to create new Wasm instance: env\.proxy_log was called from the wasm start section/m);
    assert.match(stdout, /^Higress: refused: Failed to create new Wasm instance: env\.proxy_log was called/m);
    assert.match(stderr, /^error: Failed to create new Wasm instance: env\.proxy_log was called from the wasm start section.*--exportStart _start/);
  });

  it("passes the same code run from an exported _start, where the host allows logging", () => {
    const { status, stdout } = run("check", files.exportedStart);
    assert.equal(status, 0);
    assert.match(stdout, /^Envoy: loads$/m);
  });

  it("suggests the SDK's settings when a module has no ABI marker", () => {
    const { status, stdout, stderr } = run("check", files.noMarker);
    assert.equal(status, 1);
    assert.match(stdout, /^Envoy: refused: Missing or unknown Proxy-Wasm ABI version$/m);
    assert.match(stdout, /^Not built with the SDK's settings\? Build with `higress-as build`/m);
    assert.match(stderr, /^error: Missing or unknown Proxy-Wasm ABI version$/m);
  });
});
