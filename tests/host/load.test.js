// Loading a plugin: MockHost refuses exactly what Envoy refuses, with Envoy's message.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { inspectModule, MockHost, WasmLoadError } from "higress-as/host";
import { buildFixture, buildScripted } from "./build-fixture.js";

const wasm = {};

before(async () => {
  const builds = {
    defaultAbort: ["default-abort", { defaultAbort: true }],
    noMarker: ["no-marker", {}],
    higressMarkerOnly: ["higress-marker-only", {}],
    noMalloc: ["no-malloc", {}],
    badSignatures: ["bad-signatures", {}],
    importMismatch: ["import-mismatch", {}],
    oldImports010: ["abi-0_1_0-imports-as-0_1_0", {}],
    oldImports021: ["abi-0_1_0-imports-as-0_2_1", {}],
    logLevel020: ["log-level-0_2_0", {}],
    startHostCall: ["start-host-call", {}],
    startSection: ["start-host-call", { start: null }],
    startTrap: ["start-trap", {}],
    reactor: ["reactor", { start: "_initialize" }],
    mallocHostCall: ["malloc-host-call", {}],
  };
  for (const [key, [name, options]] of Object.entries(builds)) wasm[key] = await buildFixture(name, options);
  wasm.higressScripted = await buildScripted({ higress: true });
  wasm.plainScripted = await buildScripted();
});

/** Asserts that loading fails with exactly Envoy's message; returns the error. */
async function refused(bytes, message, options = {}) {
  let error;
  await assert.rejects(
    MockHost.create(bytes, options).then(() => undefined),
    (e) => {
      error = e;
      return e instanceof WasmLoadError && e.message === message;
    },
  );
  return error;
}

describe("imports", () => {
  it("refuses AssemblyScript's default abort import with Envoy's missing-import message", async () => {
    await refused(wasm.defaultAbort, "Failed to load Wasm module due to a missing import: env.abort");
    await refused(wasm.defaultAbort, "Failed to load Wasm module due to a missing import: env.abort", { flavor: "envoy" });
  });

  it("refuses an import whose signature differs from the host's", async () => {
    await refused(
      wasm.importMismatch,
      "Failed to load Wasm module due to an import type mismatch: env.proxy_log, want: i32 i32 -> i32, but host exports: i32 i32 i32 -> i32",
    );
  });

  it("registers ABI 0.1.0-only imports for 0.1.0 modules and refuses them under 0.2.x", async () => {
    const host = await MockHost.create(wasm.oldImports010);
    assert.equal(host.startStatus, "ok");
    // 0.1.0 on_request_headers takes (ctx, n); proxy_continue_request is continue_stream(Request)
    assert.equal(host.callOnHttpRequestHeaders([[":path", "/"]]), "Continue");
    assert.match(host.getHostErrors()[0], /^proxy_continue_stream\(request\) called from proxy_on_request_headers/);
    await refused(wasm.oldImports021, "Failed to load Wasm module due to a missing import: env.proxy_clear_route_cache");
  });

  it("refuses proxy_get_log_level under ABI 0.2.0", async () => {
    await refused(wasm.logLevel020, "Failed to load Wasm module due to a missing import: env.proxy_get_log_level");
  });

  it("provides the Higress imports under the higress flavour only", async () => {
    const host = await MockHost.create(wasm.higressScripted);
    assert.equal(host.startStatus, "ok");
    await refused(wasm.higressScripted, "Failed to load Wasm module due to a missing import: env.proxy_redis_init", {
      flavor: "envoy",
    });
  });
});

describe("ABI marker and exports", () => {
  it("refuses a module without an ABI marker", async () => {
    await refused(wasm.noMarker, "Missing or unknown Proxy-Wasm ABI version");
  });

  it("knows proxy_abi_version_0_2_100 only under the higress flavour", async () => {
    await MockHost.create(wasm.higressMarkerOnly);
    await refused(wasm.higressMarkerOnly, "Missing or unknown Proxy-Wasm ABI version", { flavor: "envoy" });
  });

  it("picks the first known marker in export order", () => {
    const report = inspectModule(wasm.higressScripted);
    assert.deepEqual(report.abiVersions, { envoy: "0.2.1", higress: "0.2.100" });
    assert.deepEqual(report.loadableBy, { envoy: false, higress: true });
    assert.deepEqual(inspectModule(wasm.plainScripted).loadableBy, { envoy: true, higress: true });
  });

  it("requires malloc or proxy_on_memory_allocate", async () => {
    await refused(wasm.noMalloc, "Wasm module is missing malloc function.");
  });

  it("checks the signature of every callback export, in Envoy's lookup order", async () => {
    const error = await refused(
      wasm.badSignatures,
      "Bad function signature for: proxy_on_done, want: i32 -> i32, but the module exports: i32 -> void",
    );
    assert.equal(
      error.detail,
      "Bad function signature for: proxy_on_request_headers, want: i32 i32 i32 -> i32, but the module exports: i32 i32 -> i32",
    );
    assert.deepEqual(inspectModule(wasm.badSignatures, "envoy").problems, [error.message, error.detail]);
  });

  it("reports a corrupted module", async () => {
    const bytes = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 7, 9, 1);
    await refused(bytes, "Failed to parse corrupted Wasm module");
    assert.deepEqual(inspectModule(bytes).problems, ["Failed to parse corrupted Wasm module"]);
  });
});

describe("start functions", () => {
  it("refuses a host call other than logging at module top level (_start)", async () => {
    const error = await refused(wasm.startHostCall, "Function: _start failed: Uncaught Error: restricted_callback");
    assert.equal(error.detail, "env.proxy_get_property is not allowed during _start");
  });

  it("refuses host calls from a wasm start section, which run before any context exists", async () => {
    const error = await refused(wasm.startSection, "Failed to create new Wasm instance");
    assert.match(error.detail, /env\.proxy_log was called from the wasm start section/);
    assert.equal(inspectModule(wasm.startSection).hasStartSection, true);
  });

  it("reports a trap in _start with V8's wording", async () => {
    await refused(wasm.startTrap, "Function: _start failed: Uncaught RuntimeError: unreachable");
  });

  it("calls _initialize, then main(0, 0)", async () => {
    const host = await MockHost.create(wasm.reactor);
    assert.deepEqual(host.getInfoLogs(), ["initialize", "main 0 0"]);
  });

  it("allows only logging inside the allocator: anything else fails the VM and the call gets InvalidMemoryAccess", async () => {
    const host = await MockHost.create(wasm.mallocHostCall);
    assert.deepEqual(host.getInfoLogs(), ["get_property -> 6"]);
    assert.match(host.getTraceLogs()[0], /^allocating \d+$/);
    assert.equal(host.vmFailed, true);
    assert.equal(host.vmFailure, "Function: proxy_on_memory_allocate failed: Uncaught Error: restricted_callback");
    assert.equal(host.startStatus, "start-failed");
  });

  it("loads a module from a file path", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "higress-as-load-")), "plugin.wasm");
    writeFileSync(path, wasm.plainScripted);
    assert.equal((await MockHost.create(path)).startStatus, "ok");
  });

  it("accepts a compiled WebAssembly.Module (names only: types cannot be reflected)", async () => {
    const host = await MockHost.create(new WebAssembly.Module(wasm.plainScripted));
    assert.equal(host.startStatus, "ok");
    await refused(new WebAssembly.Module(wasm.defaultAbort), "Failed to load Wasm module due to a missing import: env.abort");
  });
});
