// `higress-as check` on modules Envoy refuses for reasons only visible at instantiation or from
// the build settings: a start section that calls the host, and no ABI marker at all.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { buildFixture } from "../host/build-fixture.js";
import { cli } from "./run-cli.js";

const files = {};

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "higress-as-check-"));
  const builds = {
    startSection: ["start-host-call", { start: null }],
    exportedStart: ["start-host-call", {}],
    noMarker: ["no-marker", {}],
  };
  for (const [key, [name, options]] of Object.entries(builds)) {
    files[key] = join(dir, `${key}.wasm`);
    writeFileSync(files[key], await buildFixture(name, options));
  }
});

describe("higress-as check", () => {
  it("refuses a module whose wasm start section calls the host, as Envoy's instantiation fails", () => {
    const { status, stdout, stderr } = cli(["check", files.startSection]);
    assert.equal(status, 1);
    assert.match(stdout, /^Envoy: refused: Failed to create new Wasm instance: env\.proxy_log was called from the wasm start section/m);
    assert.match(stdout, /^Higress: refused: Failed to create new Wasm instance: env\.proxy_log was called/m);
    assert.match(stderr, /^error: Failed to create new Wasm instance: env\.proxy_log was called from the wasm start section.*--exportStart _start/);
  });

  it("passes the same code run from an exported _start, where the host allows logging", () => {
    const { status, stdout } = cli(["check", files.exportedStart]);
    assert.equal(status, 0);
    assert.match(stdout, /^Envoy: loads$/m);
  });

  it("suggests the SDK's settings when a module has no ABI marker", () => {
    const { status, stdout, stderr } = cli(["check", files.noMarker]);
    assert.equal(status, 1);
    assert.match(stdout, /^Envoy: refused: Missing or unknown Proxy-Wasm ABI version$/m);
    assert.match(stdout, /^Not built with the SDK's settings\? Build with `higress-as build`/m);
    assert.match(stderr, /^error: Missing or unknown Proxy-Wasm ABI version$/m);
  });
});
