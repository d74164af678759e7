// `npm run demo`: builds examples/add-header and sends two requests through it in MockHost,
// printing what the plugin did. No Docker, no Envoy: the same ABI, emulated in Node.
import asc from "assemblyscript/asc";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MockHost, inspectModule } from "higress-as/host";

process.chdir(fileURLToPath(new URL("..", import.meta.url)));
const wasmPath = "examples/add-header/build/plugin.wasm";

const { error } = await asc.main(["--config", "examples/add-header/asconfig.json"], {
  stdout: process.stdout,
  stderr: process.stderr,
});
if (error) {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
}

const bytes = new Uint8Array(readFileSync(wasmPath));
const report = inspectModule(bytes);
console.log(`built ${wasmPath} (${bytes.length} bytes)`);
console.log(`  imports: ${report.imports.map((i) => `${i.module}.${i.name}`).join(", ")}`);
console.log(`  loads in plain Envoy: ${report.loadableBy.envoy ? "yes" : "no"}, in Higress: ${report.loadableBy.higress ? "yes" : "no"}`);

const host = await MockHost.create(bytes, {
  onLog: (level, message) => console.log(`  [plugin ${level}] ${message}`),
});
console.log(`plugin start: ${host.startStatus}`);

const added = (before, after) => after.filter(([k, v]) => !before.some(([bk, bv]) => bk === k && bv === v));
const show = (pairs) => pairs.map(([k, v]) => `${k}: ${v}`).join(", ") || "(none)";

function send(path) {
  console.log(`\nGET ${path}`);
  host.initHttp();
  const request = [[":method", "GET"], [":path", path], [":authority", "example.com"], [":scheme", "http"]];
  const action = host.callOnHttpRequestHeaders(request, { endOfStream: true });
  console.log(`  request headers -> ${action}; added: ${show(added(request, host.getRequestHeaders()))}`);
  const reply = host.getLocalResponse();
  if (reply) {
    const body = new TextDecoder().decode(reply.body).trim();
    console.log(`  local reply: ${reply.statusCode} "${body}" (${show(reply.headers)})`);
  } else {
    const response = [[":status", "200"], ["content-type", "text/plain"]];
    const responseAction = host.callOnHttpResponseHeaders(response, { endOfStream: true });
    console.log(`  response headers -> ${responseAction}; added: ${show(added(response, host.getResponseHeaders()))}`);
  }
  host.completeHttp();
}

send("/hello");
send("/admin/users");
