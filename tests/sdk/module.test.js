// What the build produces: the modules Envoy and Higress get. Checked against MockHost's table of
// host functions, the same one `higress-as check` uses.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import binaryen from "binaryen";
import { MockHost, WasmLoadError, inspectModule } from "higress-as/host";
import { buildExample, compile } from "../helpers/compile.js";

const exportNames = (bytes) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
const importNames = (bytes) => WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => `${i.module}.${i.name}`);

// Section ids of a wasm binary, in order (8 is the start section).
function sectionIds(bytes) {
  const ids = [];
  let at = 8;
  while (at < bytes.length) {
    ids.push(bytes[at++]);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      size |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    at += size;
  }
  return ids;
}

const HIGRESS_ONLY = [
  "env.proxy_redis_init",
  "env.proxy_redis_call",
  "env.proxy_inject_encoded_data_to_filter_chain",
  "env.proxy_get_upstream_hosts",
  "env.proxy_set_upstream_override_host",
];

let raw;
let example;
before(async () => {
  raw = await compile(["tests/fixtures/sdk/raw-plugin.ts"], ["--config", "asconfig.json"], { release: true });
  example = await buildExample("add-header", { release: true });
});

describe("ABI markers", () => {
  it("exports 0.2.100 before 0.2.1 by default, so Higress and Envoy each find theirs", () => {
    const names = exportNames(raw).filter((n) => n.startsWith("proxy_abi_version_"));
    assert.deepEqual(names, ["proxy_abi_version_0_2_100", "proxy_abi_version_0_2_1"]);
    assert.equal(inspectModule(example, "higress").abiVersion, "0.2.100");
    assert.equal(inspectModule(example, "envoy").abiVersion, "0.2.1");
  });

  it("builds with 0.2.1 only from asconfig.envoy.json", async () => {
    const bytes = await compile(["examples/add-header/assembly/index.ts"], ["--config", "asconfig.envoy.json"], { release: true });
    assert.deepEqual(exportNames(bytes).filter((n) => n.startsWith("proxy_abi_version_")), ["proxy_abi_version_0_2_1"]);
    assert.equal(inspectModule(bytes, "higress").abiVersion, "0.2.1");
  });

  it("builds with 0.2.100 only from asconfig.higress.json, which plain Envoy refuses", async () => {
    const bytes = await compile(["examples/add-header/assembly/index.ts"], ["--config", "asconfig.higress.json"], { release: true });
    assert.deepEqual(exportNames(bytes).filter((n) => n.startsWith("proxy_abi_version_")), ["proxy_abi_version_0_2_100"]);
    await assert.rejects(MockHost.create(bytes, { flavor: "envoy" }), /Missing or unknown Proxy-Wasm ABI version/);
    assert.equal((await MockHost.create(bytes, { flavor: "higress" })).startStatus, "ok");
  });
});

describe("imports", () => {
  it("declares every host function with the signature the host registers", async () => {
    const bytes = await compile(["tests/fixtures/sdk/all-imports.ts"], ["--config", "asconfig.json"], { release: true });
    const higress = inspectModule(bytes, "higress");
    assert.deepEqual(higress.problems, []);
    assert.equal(higress.imports.length, 44);
    // Envoy stops linking at the first import it lacks; every one it could lack is Higress-only.
    const [envoyProblem, ...rest] = inspectModule(bytes, "envoy").problems;
    assert.deepEqual(rest, []);
    assert.ok(HIGRESS_ONLY.some((name) => envoyProblem.endsWith(`missing import: ${name}`)), envoyProblem);
  });

  it("imports only what the plugin calls: no Redis, no http_call, nothing outside the host's set", () => {
    const names = importNames(example);
    for (const name of [...HIGRESS_ONLY, "env.proxy_http_call", "env.abort", "env.seed", "env.trace"]) {
      assert.ok(!names.includes(name), `${name} must not be imported: ${names.join(", ")}`);
    }
    const report = inspectModule(example);
    assert.deepEqual(report.loadableBy, { envoy: true, higress: true });
  });

  it("makes a plugin that uses Redis Higress-only", async () => {
    assert.ok(importNames(raw).includes("env.proxy_redis_call"));
    await assert.rejects(
      MockHost.create(raw, { flavor: "envoy", rootId: "main" }),
      (error) => error instanceof WasmLoadError && /missing import: env\.proxy_redis_call/.test(error.message),
    );
  });
});

describe("start", () => {
  it("exports _start and has no wasm start section", () => {
    assert.ok(exportNames(example).includes("_start"));
    assert.ok(!sectionIds(example).includes(8), "no start section");
    assert.ok(exportNames(example).includes("malloc"));
  });
});

describe("AssemblyScript builtins on the host", () => {
  let host;
  before(async () => {
    const bytes = await compile(["tests/fixtures/sdk/builtins-plugin.ts"], ["--config", "asconfig.json"], { release: true });
    assert.deepEqual(inspectModule(bytes, "envoy").problems, []);
    host = await MockHost.create(bytes);
  });

  it("runs Math.random, Date.now, console and trace on functions Envoy registers", () => {
    host.callOnHttpRequestHeaders([[":path", "/"], [":method", "GET"], [":authority", "a"]], { endOfStream: true });
    const headers = Object.fromEntries(host.getRequestHeaders());
    assert.equal(headers["x-random-ok"], "yes");
    assert.equal(headers["x-now-ok"], "yes");
    assert.ok(host.getInfoLogs().some((line) => line.includes("console works")));
    assert.ok(host.getDebugLogs().some((line) => line.includes("trace works") && line.includes("42")));
    host.completeHttp();
  });

  it("traps on an abort in a release build, without a message (release builds carry no abort text)", () => {
    host.initHttp();
    host.callOnHttpRequestHeaders([[":path", "/crash"], [":method", "GET"], [":authority", "a"]], { endOfStream: true });
    assert.equal(host.vmFailed, true);
    assert.deepEqual(host.getCriticalLogs(), []);
  });

  it("reports an abort through proxy_log at critical level before the VM traps in a debug build", async () => {
    const bytes = await compile(["tests/fixtures/sdk/builtins-plugin.ts"], ["--config", "asconfig.json"]);
    assert.deepEqual(inspectModule(bytes, "envoy").problems, []);
    const debugHost = await MockHost.create(bytes);
    debugHost.callOnHttpRequestHeaders([[":path", "/crash"], [":method", "GET"], [":authority", "a"]], { endOfStream: true });
    const critical = debugHost.getCriticalLogs();
    assert.ok(critical.some((line) => /^abort: Index out of range at ~lib\/.+:\d+:\d+$/.test(line)), critical.join("\n"));
    assert.equal(debugHost.vmFailed, true);
  });
});

describe("allocator", () => {
  // What each function of a debug build (names kept, nothing inlined) calls, by name.
  function callGraph(bytes) {
    const module = binaryen.readBinary(bytes);
    try {
      const calls = new Map();
      for (let i = 0; i < module.getNumFunctions(); i++) {
        const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
        if (info.body) calls.set(info.name, [...binaryen.emitText(info.body).matchAll(/\(call \$(\S+)/g)].map((m) => m[1]));
      }
      return calls;
    } finally {
      module.dispose();
    }
  }

  it("routes the runtime's allocations through the SDK's allocator, and leaves TLSF out", async () => {
    const calls = callGraph(await compile(["tests/fixtures/sdk/raw-plugin.ts"], ["--config", "asconfig.json"]));
    const SDK = "~lib/higress-as/assembly/runtime/allocator/";
    assert.ok(calls.get("~lib/rt/tcms/__new").includes(`${SDK}higress_alloc`), calls.get("~lib/rt/tcms/__new").join(", "));
    assert.ok(calls.get("~lib/rt/tcms/__renew").includes(`${SDK}higress_realloc`), calls.get("~lib/rt/tcms/__renew").join(", "));
    assert.ok(calls.get("~lib/rt/tcms/__collect").includes(`${SDK}higress_free`), calls.get("~lib/rt/tcms/__collect").join(", "));
    assert.deepEqual([...calls.keys()].filter((name) => name.startsWith("~lib/rt/tlsf/")), []);
  });
});

describe("later phases compile in only as far as a plugin handles them", () => {
  // The CommonHttpCtx methods of the phases after request headers that a debug build contains
  // (builds other tests make too, so the compile cache serves them).
  async function phaseMethods(entry) {
    const module = binaryen.readBinary(await compile([entry], ["--config", "asconfig.json"]));
    try {
      const found = new Set();
      for (let i = 0; i < module.getNumFunctions(); i++) {
        const match = /CommonHttpCtx<[^>]*>#(on\w+)$/.exec(binaryen.getFunctionInfo(module.getFunctionByIndex(i)).name);
        if (match) found.add(match[1]);
      }
      return [...found].filter((name) => name !== "onRequestHeaders" && name !== "onDone").sort();
    } finally {
      module.dispose();
    }
  }

  it("a request body handler brings the request body phase alone", async () => {
    assert.deepEqual(await phaseMethods("bench/plugins/body-setctx.ts"), ["onRequestBody"]);
  });

  it("a response body handler brings every phase up to it, and not trailers or the access log", async () => {
    const methods = await phaseMethods("tests/fixtures/gateway/body-rewrite.ts");
    assert.deepEqual(methods, ["onRequestBody", "onRequestTrailers", "onResponseBody", "onResponseHeaders"]);
  });
});

