// From an empty folder to a tested plugin as a user gets there: `higress-as init` (the repository's
// bin, then the installed package's, which must ship its examples), `npm install` of the packed
// tarball, `npm test`, `npm run build`, `build --watch`, an editor's view through tsc, and
// `higress-as serve` of plugins init-ed from three templates, answering real HTTP requests.
// One tarball and one install for the whole file: these are the slow tests.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { npm, npmInstall, packInto, repo as REPO, run, userEnv } from "../helpers/package.js";
import { eventually, request, startGateway, startServer } from "../helpers/gateway.js";
import { BIN, cli } from "./run-cli.js";

const PROJECT_FILES = [
  "package.json", "asconfig.json", "assembly/index.ts", "tsconfig.json", "config.json", "README.md",
  "Dockerfile", "wasmplugin.yaml", "envoy.yaml", "docker-compose.yaml",
];
const README = readFileSync(join(REPO, "README.md"), "utf8");

/** The first fenced block of `lang` after `heading` in the README. */
function readmeBlock(heading, lang) {
  const section = README.slice(README.indexOf(heading));
  return new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(section)[1];
}

let work;
let project;
/** The project's installed bin, as `npx higress-as` runs it. */
let installed;
let installLog;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "higress-as-init-"));
  const tarball = await packInto(work);
  project = join(work, "my-plugin");
  const created = cli(["init", project]);
  assert.equal(created.status, 0, created.stderr);
  installLog = npmInstall(project, join(work, tarball));
  installed = join(project, "node_modules", ".bin", "higress-as");
});

describe("higress-as init", () => {
  it("writes a complete project named for its folder, with scripts that build with higress-as", () => {
    for (const file of PROJECT_FILES) assert.ok(existsSync(join(project, file)), file);
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    assert.equal(pkg.name, "my-plugin");
    assert.equal(pkg.scripts.build, "higress-as build");
    assert.equal(pkg.scripts["build:debug"], "higress-as build --debug");
    assert.equal(pkg.scripts.test, "higress-as build --debug && node --test");
    assert.ok(pkg.devDependencies.assemblyscript);
    assert.equal(pkg.devDependencies["higress-as"], undefined);
    assert.match(JSON.parse(readFileSync(join(project, "asconfig.json"), "utf8")).extends, /^\.\/node_modules\/higress-as\//);
  });

  it("installs the packed package without a word about its own prepare script", () => {
    assert.doesNotMatch(installLog, /prepare|link-self|tsc|error|warn.*higress-as/i);
  });

  it("refuses a non-empty directory with one line and exit code 1", () => {
    const { status, stdout, stderr } = cli(["init", project]);
    assert.equal(status, 1);
    assert.equal(stdout, "");
    assert.equal(stderr, `higress-as init: ${project} is not empty; init only writes into a new or empty directory\n`);
  });

  it("works from the installed package, whose templates ship with it", () => {
    const second = join(work, "second");
    run(installed, ["init", second, "--template", "add-header"], work);
    const template = readFileSync(join(REPO, "examples", "add-header", "assembly", "index.ts"), "utf8");
    assert.equal(readFileSync(join(second, "assembly", "index.ts"), "utf8"), template);
    assert.throws(() => run(installed, ["init", join(work, "third"), "--template", "nope"], work), /no template "nope"/);
  });

  it("passes its own tests under `npm test`", () => {
    const output = npm(["test"], project, userEnv());
    // TAP or spec summary, whichever the user's Node prints by default.
    assert.match(output, /^(# |ℹ )pass [1-9]\d*$/m);
    assert.match(output, /^(# |ℹ )fail 0$/m);
  });

  it("runs the README's test snippet as written in an `npm init -y` (commonjs) project", () => {
    const cjs = join(work, "cjs");
    mkdirSync(join(cjs, "tests"), { recursive: true });
    npm(["init", "-y"], cjs);
    assert.equal(JSON.parse(readFileSync(join(cjs, "package.json"), "utf8")).type ?? "commonjs", "commonjs");
    // The plugin the snippet tests (the README's first plugin, hello-world) and its installed deps.
    symlinkSync(join(project, "node_modules"), join(cjs, "node_modules"), "dir");
    cpSync(join(project, "build"), join(cjs, "build"), { recursive: true });
    writeFileSync(join(cjs, "tests", "plugin.test.mjs"), readmeBlock("## Testing a plugin with MockHost", "js"));
    const output = run(process.execPath, ["--test"], cjs, userEnv());
    assert.match(output, /^(# |ℹ )pass 1$/m);
  });

  it("builds for release with `npm run build`, printing path, size and time, and checks the module", () => {
    const output = npm(["run", "build"], project, userEnv());
    assert.match(output, /^built build\/plugin\.wasm \(\d+\.\d KiB, release\) in \d+\.\d s$/m);
    assert.match(output, /^Envoy: loads$/m);
    assert.match(output, /^Higress: loads$/m);
  });

  it("gives the editor every SDK name and type: tsc reports nothing in the plugin's own files", () => {
    const tsc = join(REPO, "node_modules", ".bin", "tsc");
    writeFileSync(join(project, "assembly", "index.ts"), readmeBlock("## Write your first plugin", "ts"));
    const ownErrors = (output) => output.split("\n").filter((line) => /^assembly\//.test(line) || /error TS/.test(line) && !line.startsWith("node_modules/"));
    // Beside the plugin, a file with a real mistake against an SDK type, to show the check notices
    // one: a single tsc run (the slow part) then proves both, as its only own error is that one.
    mkdirSync(join(project, "assembly", "extra"), { recursive: true });
    writeFileSync(join(project, "assembly", "extra", "wrong.ts"), 'import { types } from "higress-as";\nexport const wrong: string = types.ActionContinue;\n');
    let output = "";
    try {
      output = run(tsc, ["--noEmit", "-p", "."], project);
    } catch (error) {
      output = error.stdout; // the SDK's own sources use AssemblyScript-only syntax tsc flags
    }
    assert.equal(ownErrors(output).length, 1, output);
    assert.match(ownErrors(output)[0], /^assembly\/extra\/wrong\.ts.*TS2322/);
  });

  it("rebuilds on change with build --watch and stops on SIGTERM", { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, [BIN, "build", "--debug", "--watch"], { cwd: project });
    let output = "";
    let waiting = () => {};
    child.stdout.on("data", (chunk) => ((output += chunk), waiting()));
    const seen = (pattern) =>
      new Promise((resolve) => {
        waiting = () => pattern.test(output) && resolve();
        waiting();
      });
    await seen(/watching assembly\//);
    appendFileSync(join(project, "assembly", "index.ts"), "\n// touched by the watch test\n");
    await seen(/changed assembly\/index\.ts; rebuilding\n(.|\n)*built build\/plugin\.wasm/);
    const exit = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    assert.equal(await exit, 0);
    assert.equal(output.match(/^built /gm).length, 2, output);
  });
});

describe("from zero to a running plugin: init, build, serve, real requests", () => {
  let upstream;
  let authService;
  /** Requests the upstream received: url and headers. */
  const upstreamSaw = [];
  /** Calls the auth service received and has not answered yet: the test answers each itself. */
  const authCalls = [];
  const gateways = {};

  /**
   * A project init-ed by the installed bin from `template` and built debug with `npx higress-as
   * build`. It shares the installed project's node_modules, so the file still needs one install.
   */
  function initAndBuild(name, template) {
    const dir = join(work, name);
    run(installed, ["init", dir, "--template", template], work);
    symlinkSync(join(project, "node_modules"), join(dir, "node_modules"), "dir");
    // --offline: the bin must come from the project's node_modules, never from the registry.
    const output = npm(["exec", "--offline", "--", "higress-as", "build", "--debug"], dir, userEnv());
    assert.match(output, /^built build\/plugin\.wasm \(.*, debug\)/m);
    return dir;
  }

  /**
   * `higress-as serve` from `dir` with the installed bin, the way the README runs it. Each gateway
   * is kept as soon as it is up, so `after` stops it even when another one failed to start.
   */
  async function serve(name, dir, ...args) {
    gateways[name] = await startGateway(["--plugin", "build/plugin.wasm", "--upstream", upstream.url, ...args], { bin: installed, cwd: dir });
  }

  before(async () => {
    upstream = await startServer((req, res) => {
      upstreamSaw.push({ url: req.url, headers: req.headers });
      req.resume();
      // The response-rewrite template's config.json rewrites "httpbin" to "higress-as".
      req.on("end", () => res.end(`httpbin saw ${req.url}`));
    });
    authService = await startServer((req, res) => authCalls.push({ req, res }));
    const hello = initAndBuild("hello", "hello-world");
    const rewrite = initAndBuild("rewrite", "response-rewrite");
    const auth = initAndBuild("auth", "http-callout-auth");
    writeFileSync(join(hello, "mock.yaml"), "mockEnable: true\ncontent: hello from my plugin\n");
    // A long timeout: the test holds the auth service's answer to see the request paused.
    writeFileSync(join(auth, "auth.yaml"), "serviceName: auth.dns\nservicePort: 8081\ntimeout: 30000\n");
    // allSettled: every start has ended (and its gateway is kept) before a failure reaches `after`.
    const started = await Promise.allSettled([
      serve("hello", hello, "--config", "config.json"),
      serve("mock", hello, "--config", "mock.yaml"),
      serve("rewrite", rewrite, "--config", "config.json"),
      serve("auth", auth, "--config", "auth.yaml", "--cluster", `auth.dns=${authService.url}`),
    ]);
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  });

  after(async () => {
    await Promise.all(Object.values(gateways).map((gateway) => gateway.stop()));
    await Promise.all([upstream?.close(), authService?.close()]);
  });

  it("hello-world: logs its start as under Envoy, where no request id exists outside a request", async () => {
    await gateways.hello.waitForLine(/^\[info\] \[plugin\] \[hello-world\] \[\S+\] \[nil\] plugin start successfully$/);
  });

  it("hello-world: adds its header to the request the upstream gets", async () => {
    const res = await request(`${gateways.hello.url}/hello`);
    assert.equal(res.status, 200);
    assert.equal(res.body, "httpbin saw /hello");
    const received = upstreamSaw.filter((r) => r.url === "/hello");
    assert.equal(received.length, 1);
    assert.equal(received[0].headers["x-custom-header"], "higress-plugin");
  });

  it("hello-world with mockEnable: answers locally, the upstream never called", async () => {
    const res = await request(`${gateways.mock.url}/mocked`);
    assert.equal(res.status, 200);
    assert.equal(res.body, "hello from my plugin");
    assert.equal(upstreamSaw.filter((r) => r.url === "/mocked").length, 0);
  });

  it("response-rewrite: rewrites the upstream's body and drops the length it no longer has", async () => {
    const res = await request(`${gateways.rewrite.url}/rewrite`);
    assert.equal(res.status, 200);
    assert.equal(res.body, "higress-as saw /rewrite");
    assert.equal(res.headers["content-length"], undefined);
    assert.equal(res.headers["transfer-encoding"], "chunked");
  });

  it("http-callout-auth: holds the request until the auth service answers 200, then lets it through", async () => {
    const reply = request(`${gateways.auth.url}/orders`, { headers: { authorization: "Bearer good" } });
    const call = await eventually("a call to the auth service", () => authCalls.shift());
    assert.equal(call.req.url, "/api/auth");
    assert.equal(call.req.headers.authorization, "Bearer good");
    assert.equal(upstreamSaw.filter((r) => r.url === "/orders").length, 0, "the request went on before the auth service answered");
    call.res.end();
    const res = await reply;
    assert.equal(res.status, 200);
    assert.equal(res.body, "httpbin saw /orders");
    assert.equal(upstreamSaw.filter((r) => r.url === "/orders").length, 1);
  });

  it("http-callout-auth: answers 401 when the auth service refuses, the upstream never called", async () => {
    const reply = request(`${gateways.auth.url}/refused`, { headers: { "x-request-id": "e2e-refused" } });
    const call = await eventually("a call to the auth service", () => authCalls.shift());
    assert.equal(call.req.headers.authorization, undefined);
    call.res.statusCode = 403;
    call.res.end();
    const res = await reply;
    assert.equal(res.status, 401);
    assert.equal(res.body, "Unauthorized");
    assert.equal(upstreamSaw.filter((r) => r.url === "/refused").length, 0);
    await gateways.auth.waitForLine(/\[e2e-refused\] auth service answered 403, request refused$/);
  });
});
