// The package as a consumer gets it: packed with `npm pack`, installed into an empty project,
// used to build a plugin that imports "higress-as", checked with the CLI and run in MockHost.
import { it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { npm, packInto, run } from "./helpers/package.js";

const PLUGIN = `
import { FilterHeadersStatus, HttpStreamContext, MapType, RootContext, hostcalls, registerRootContext } from "higress-as";

class Stamp extends HttpStreamContext {
  onRequestHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    hostcalls.replaceHeaderMapValue(MapType.HttpRequestHeaders, "x-consumer", "built");
    return FilterHeadersStatus.Continue;
  }
}

class Plugin extends RootContext {
  newHttpContext(contextId: u32): HttpStreamContext | null {
    return new Stamp(contextId, this);
  }
}

registerRootContext("", (contextId: u32, rootId: string): RootContext => new Plugin(contextId, rootId));
`;

const RUN_IN_MOCK_HOST = `
import { MockHost } from "higress-as/host";
const host = await MockHost.create("build/plugin.wasm");
const action = host.callOnHttpRequestHeaders([[":path", "/"], [":method", "GET"], [":authority", "a"]], { endOfStream: true });
const value = host.getRequestHeaders().find(([k]) => k === "x-consumer")?.[1];
console.log(JSON.stringify({ start: host.startStatus, action, value }));
`;

it("installs from the packed tarball and builds, checks and runs a plugin", { timeout: 600_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), "higress-as-consumer-"));
  // dist/ is already built by `npm test`; the tarball must ship it.
  const tarball = await packInto(work);

  writeFileSync(join(work, "package.json"), JSON.stringify({
    name: "consumer-plugin",
    private: true,
    type: "module",
    dependencies: { "higress-as": `file:./${tarball}` },
  }, null, 2));
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline"], work);

  mkdirSync(join(work, "assembly"));
  writeFileSync(join(work, "assembly", "index.ts"), PLUGIN);
  writeFileSync(join(work, "asconfig.json"), JSON.stringify({
    extends: "./node_modules/higress-as/asconfig.json",
    entries: ["./assembly/index.ts"],
    options: { outFile: "build/plugin.wasm" },
  }, null, 2));
  // Debug: whether the installed package compiles into a plugin does not depend on -O3, and the
  // release target of an installed package is built by init's `npm run build` (tests/cli/init).
  run(join(work, "node_modules", ".bin", "asc"), ["--config", "asconfig.json", "--target", "debug"], work);

  const check = run(join(work, "node_modules", ".bin", "higress-as"), ["check", "build/plugin.wasm"], work);
  assert.match(check, /Envoy/);

  writeFileSync(join(work, "run.mjs"), RUN_IN_MOCK_HOST);
  const result = JSON.parse(run(process.execPath, ["run.mjs"], work));
  assert.deepEqual(result, { start: "ok", action: "Continue", value: "built" });
});
