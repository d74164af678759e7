// `higress-as package`, read back by the tools a user deploys with: skopeo inspects the layout and
// the archive, umoci unpacks the compat image, and the layers are checked the way Higress's image
// fetcher reads them (the last layer, a gzipped tar holding plugin.wasm).
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildExample } from "../helpers/compile.js";

const BIN = fileURLToPath(new URL("../../bin/higress-as.js", import.meta.url));
const CONFIG = {
  mockEnable: false,
  content: "hello",
  _rules_: [{ _match_route_: ["default/foo"], mockEnable: true }, { _match_domain_: ["*.example.com"], content: "d" }],
};

let wasm;
let project;

function run(args, cwd = project) {
  const result = spawnSync(process.execPath, [BIN, "package", ...args], { cwd, encoding: "utf8" });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function newProject() {
  const dir = mkdtempSync(join(tmpdir(), "higress-as-package-"));
  mkdirSync(join(dir, "build"));
  writeFileSync(join(dir, "build", "plugin.wasm"), wasm);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "@acme/hello-ts", version: "1.2.0", description: "Says hello" }));
  writeFileSync(join(dir, "config.json"), JSON.stringify(CONFIG));
  writeFileSync(join(dir, "README.md"), "# hello-ts\n");
  return dir;
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const blobPath = (digest) => join(project, "dist", "oci", "blobs", "sha256", digest.slice("sha256:".length));
const skopeo = (...args) => execFileSync("skopeo", args, { encoding: "utf8" });

// The members of a ustar archive: name and data.
function untar(bytes) {
  const files = [];
  for (let at = 0; at + 512 <= bytes.length; ) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = new TextDecoder().decode(header.subarray(0, 100)).replace(/\0.*$/s, "");
    const size = parseInt(new TextDecoder().decode(header.subarray(124, 136)).replace(/\0.*$/s, ""), 8);
    files.push({ name, type: String.fromCharCode(header[156]), data: bytes.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

let printedDigest;

before(async () => {
  wasm = await buildExample("hello-world");
  project = newProject();
  const { code, out, err } = run([]);
  assert.equal(code, 0, err);
  printedDigest = /Manifest digest:\s+(sha256:[0-9a-f]{64})/.exec(out)[1];
});

describe("the OCI image layout", () => {
  it("is what skopeo reads, under the version's tag, with the printed manifest digest", () => {
    const info = JSON.parse(skopeo("inspect", `oci:${join(project, "dist", "oci")}:1.2.0`));
    assert.equal(info.Digest, printedDigest);
    assert.equal(info.Os, "linux");
  });

  it("is also one tar that skopeo reads as oci-archive, with the same digest", () => {
    const info = JSON.parse(skopeo("inspect", `oci-archive:${join(project, "dist", "hello-ts-1.2.0.oci.tar")}:1.2.0`));
    assert.equal(info.Digest, printedDigest);
  });

  it("has spec.yaml and README.md with Higress's media types, and plugin.wasm gzipped in the last layer", () => {
    const manifest = JSON.parse(skopeo("inspect", "--raw", `oci:${join(project, "dist", "oci")}:1.2.0`));
    assert.equal(manifest.config.mediaType, "application/vnd.oci.image.config.v1+json");
    assert.deepEqual(
      manifest.layers.map((l) => [l.mediaType, l.annotations["org.opencontainers.image.title"]]),
      [
        ["application/vnd.module.wasm.spec.v1+yaml", "spec.yaml"],
        ["application/vnd.module.wasm.doc.v1+markdown", "README.md"],
        ["application/vnd.oci.image.layer.v1.tar+gzip", "plugin.tar.gz"],
      ],
    );
    const last = readFileSync(blobPath(manifest.layers.at(-1).digest));
    const members = untar(gunzipSync(last));
    assert.deepEqual(members.map((m) => m.name), ["plugin.wasm"]);
    assert.deepEqual(new Uint8Array(members[0].data), wasm);
    const config = JSON.parse(readFileSync(blobPath(manifest.config.digest), "utf8"));
    assert.deepEqual(config.rootfs.diff_ids, [`sha256:${sha256(gunzipSync(last))}`]);
  });

  it("names every blob by its sha256 and gives exact sizes", () => {
    const manifest = JSON.parse(skopeo("inspect", "--raw", `oci:${join(project, "dist", "oci")}:1.2.0`));
    for (const d of [manifest.config, ...manifest.layers]) {
      const bytes = readFileSync(blobPath(d.digest));
      assert.equal(`sha256:${sha256(bytes)}`, d.digest);
      assert.equal(bytes.length, d.size);
    }
  });

  it("has a compat tag that umoci unpacks to plugin.wasm", () => {
    const bundle = join(mkdtempSync(join(tmpdir(), "higress-as-umoci-")), "bundle");
    execFileSync("umoci", ["unpack", "--rootless", "--image", `${join(project, "dist", "oci")}:1.2.0-compat`, bundle]);
    assert.deepEqual(new Uint8Array(readFileSync(join(bundle, "rootfs", "plugin.wasm"))), wasm);
  });

  it("is reproducible: packaging again gives the same digest", () => {
    const again = run([]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, new RegExp(printedDigest));
  });
});

describe("the Higress files", () => {
  it("writes a WasmPlugin pinned to the manifest digest, with rules as matchRules", () => {
    const text = readFileSync(join(project, "dist", "wasmplugin.yaml"), "utf8");
    assert.match(text, /^kind: "WasmPlugin"$/m);
    assert.match(text, /^  namespace: "higress-system"$/m);
    assert.match(text, /^  url: "oci:\/\/localhost:5000\/hello-ts:1\.2\.0"$/m);
    assert.match(text, new RegExp(`^  sha256: "${printedDigest.slice(7)}"$`, "m"));
    assert.match(text, /^  matchRules: \[\{"ingress":\["default\/foo"\],"config":\{"mockEnable":true\}\},\{"domain":\["\*\.example\.com"\],"config":\{"content":"d"\}\}\]$/m);
    assert.match(text, /^  defaultConfig:\n    mockEnable: false\n    content: "hello"$/m);
  });

  it("writes spec.yaml with name, version, phase, priority and a config schema", () => {
    const text = readFileSync(join(project, "dist", "plugin", "spec.yaml"), "utf8");
    for (const line of [/^  name: "hello-ts"$/m, /^  version: "1\.2\.0"$/m, /^  description: "Says hello"$/m, /^  phase: "UNSPECIFIED_PHASE"$/m, /^  priority: 100$/m]) {
      assert.match(text, line);
    }
    assert.match(text, /openAPIV3Schema:\n {6}type: "object"\n {6}properties:\n {8}mockEnable:\n {10}type: "boolean"\n {8}content:\n {10}type: "string"/);
    assert.deepEqual(new Uint8Array(readFileSync(join(project, "dist", "plugin", "plugin.wasm"))), wasm);
  });

  it("takes name, version, phase, priority and image from flags", () => {
    const { code, err } = run(["--name", "other", "--version", "2.0.0", "--phase", "AUTHN", "--priority", "310", "--image", "registry.local/p/other", "--out", "out2"]);
    assert.equal(code, 0, err);
    const text = readFileSync(join(project, "out2", "wasmplugin.yaml"), "utf8");
    assert.match(text, /^  url: "oci:\/\/registry\.local\/p\/other:2\.0\.0"$/m);
    assert.match(text, /^  phase: "AUTHN"$/m);
    assert.match(text, /^  priority: 310$/m);
  });
});

describe("a YAML sample config", () => {
  it("is read as serve reads it, when the project keeps config.yaml", () => {
    const dir = newProject();
    rmSync(join(dir, "config.json"));
    writeFileSync(join(dir, "config.yaml"), "mockEnable: true\ncontent: from yaml\n");
    const { code, err } = run([], dir);
    assert.equal(code, 0, err);
    const text = readFileSync(join(dir, "dist", "wasmplugin.yaml"), "utf8");
    assert.match(text, /^  defaultConfig:\n    mockEnable: true\n    content: "from yaml"$/m);
  });
});

describe("refusals", () => {
  it("says to build first when there is no plugin", () => {
    const dir = mkdtempSync(join(tmpdir(), "higress-as-package-"));
    const { code, err } = run(["--name", "x", "--version", "1.0.0"], dir);
    assert.equal(code, 2);
    assert.equal(err.trim(), "higress-as package: no plugin at build/plugin.wasm: build it first (npm run build)");
  });

  it("refuses a rule that a WasmPlugin matchRule cannot express", () => {
    const dir = newProject();
    writeFileSync(join(dir, "config.json"), JSON.stringify({ _rules_: [{ _match_route_prefix_: ["/api"], a: 1 }] }));
    const { code, err } = run([], dir);
    assert.equal(code, 2);
    assert.match(err, /rule 0: a WasmPlugin matchRule has no equivalent of '_match_route_prefix_'/);
  });

  it("refuses a module Higress would not load, an invalid name and an unknown option", () => {
    const dir = newProject();
    writeFileSync(join(dir, "build", "plugin.wasm"), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    assert.match(run([], dir).err, /^higress-as package: Higress would not load build\/plugin\.wasm: /);
    assert.match(run(["--name", "Bad Name"]).err, /is not a valid image name/);
    assert.equal(run(["--frobnicate"]).code, 2);
  });
});
