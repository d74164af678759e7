// What the benchmark measures: each plugin, how it is built, and what one operation ("request") on
// it is. Everything goes through the public surfaces only (the plugins import "higress-as", the
// driver uses MockHost's public API), so the benchmark outlives changes to the SDK's internals.
import { readdirSync } from "node:fs";
import { compile } from "../tests/helpers/compile.js";

const SDK_BUILD = ["--config", "asconfig.json"];
const RAW_BUILD = ["--config", "bench/plugins/raw.asconfig.json"];

/** Request headers of every benchmark request: a typical small browser request. */
export const REQUEST_HEADERS = [
  [":authority", "bench.example.com"],
  [":path", "/bench?q=1"],
  [":method", "GET"],
  [":scheme", "https"],
  ["user-agent", "higress-as-bench"],
  ["accept", "*/*"],
];
const RESPONSE_HEADERS = [
  [":status", "200"],
  ["content-type", "text/plain"],
  ["content-length", "2"],
];

/** One whole HTTP stream: request (headers, optional body), response headers, completion. */
export function request(host, body) {
  host.initHttp();
  if (body === undefined) {
    host.callOnHttpRequestHeaders(REQUEST_HEADERS, { endOfStream: true });
  } else {
    const headers = [...REQUEST_HEADERS, ["content-type", "application/octet-stream"], ["content-length", String(body.length)]];
    host.callOnHttpRequestHeaders(headers, { endOfStream: false });
    host.callOnHttpRequestBody(body);
  }
  host.callOnHttpResponseHeaders(RESPONSE_HEADERS, { endOfStream: true });
  host.completeHttp();
}

const RULE_COUNT = 100;

/** A global config and 100 `_rules_`, half by domain and half by route; only the last matches. */
export const RULES_CONFIG = {
  name: "global",
  limit: 1,
  _rules_: Array.from({ length: RULE_COUNT }, (_, i) =>
    i % 2 === 0
      ? { _match_domain_: [`host-${i}.example.com`, `*.zone-${i}.example.com`], name: `rule-${i}`, limit: i + 1 }
      : { _match_route_: [`route-${i}`], name: `rule-${i}`, limit: i + 1 },
  ),
};
const LAST_RULE_ROUTE = `route-${RULE_COUNT - 1}`;

const KB = new Uint8Array(1024).fill(0x61);
const MB = new Uint8Array(1024 * 1024).fill(0x61);

/**
 * The plugins: `entry` and `args` build it, `config` configures it, `run(host)` is one operation.
 * `requests` is how many operations a counting pass averages over (after as many of warm-up).
 */
export const SCENARIOS = [
  { name: "raw workload (no SDK)", id: "workload-raw", entry: "bench/plugins/workload-raw.ts", args: RAW_BUILD, run: (h) => request(h), requests: 2000 },
  {
    name: "raw workload, values read as strings",
    id: "workload-raw-string",
    entry: "bench/plugins/workload-raw-string.ts",
    args: RAW_BUILD,
    run: (h) => request(h),
    requests: 2000,
  },
  { name: "workload, SetCtx", id: "workload-setctx", entry: "bench/plugins/workload-setctx.ts", args: SDK_BUILD, run: (h) => request(h), requests: 2000 },
  { name: "workload, runtime hostcalls", id: "workload-runtime", entry: "bench/plugins/workload-runtime.ts", args: SDK_BUILD, run: (h) => request(h), requests: 2000 },
  { name: "SetCtx no-op", id: "noop-setctx", entry: "bench/plugins/noop-setctx.ts", args: SDK_BUILD, run: (h) => request(h), requests: 2000 },
  { name: "hello-world", id: "hello-world", entry: "examples/hello-world/assembly/index.ts", args: SDK_BUILD, config: { mockEnable: false }, run: (h) => request(h), requests: 2000 },
  { name: "buffered body 1 KB", id: "body-1kb", entry: "bench/plugins/body-setctx.ts", args: SDK_BUILD, run: (h) => request(h, KB), requests: 500 },
  {
    name: "buffered body 1 MB",
    id: "body-1mb",
    entry: "bench/plugins/body-setctx.ts",
    args: SDK_BUILD,
    hostOptions: { bufferLimitBytes: 2 * MB.length },
    run: (h) => request(h, MB),
    requests: 4,
  },
  { name: "config parse, 100 _rules_", id: "config-100-rules", entry: "bench/plugins/rules-setctx.ts", args: SDK_BUILD, config: RULES_CONFIG, run: (h) => configure(h), requests: 10 },
  {
    name: "rule match, 100 rules",
    id: "rule-match-100",
    entry: "bench/plugins/rules-setctx.ts",
    args: SDK_BUILD,
    config: RULES_CONFIG,
    prepare: (h) => h.setRouteName(LAST_RULE_ROUTE),
    run: (h) => request(h),
    requests: 2000,
  },
];

/** The scenario every ratio is taken against. */
export const BASELINE = "workload-raw";

function configure(host) {
  if (!host.configure(RULES_CONFIG)) throw new Error("the 100-rule config was refused");
}

/** Builds a scenario's plugin: "debug", or "release" (release code, with a name section). */
export function build(scenario, target) {
  const args = target === "release" ? [...scenario.args, "--debug"] : scenario.args;
  return compile([scenario.entry], args, { release: target === "release" });
}

/** The examples, whose release size the benchmark reports. */
export function exampleEntries() {
  return readdirSync("examples", { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ name: d.name, entry: `examples/${d.name}/assembly/index.ts` }));
}
