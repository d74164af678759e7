// `npm run bench`: measures every benchmark scenario (see scenarios.js), prints the tables as
// Markdown and writes bench/results.json. Counts are deterministic; times are medians of
// interleaved rounds on this machine and are only compared with each other.
import { writeFileSync } from "node:fs";
import { cpus, platform, release as osRelease } from "node:os";
import { compile } from "../tests/helpers/compile.js";
import { countPerOperation, memoryAfter, timePerOperation } from "./measure.js";
import { BASELINE, build, exampleEntries, SCENARIOS } from "./scenarios.js";
import { PARTS, sizeBreakdown } from "./wasm-size.js";

const ROUNDS = 15;
// Operations per timed round: about 10–30 ms of work each on a laptop-class core.
const batch = (s) => (s.id === "body-1mb" ? 2 : s.id === "config-100-rules" ? 5 : 100);
const MEMORY_CHECKPOINTS = [1_000, 100_000];
const MEMORY_SCENARIOS = ["hello-world", "workload-setctx"];

const log = (line) => process.stderr.write(`${line}\n`);

async function main() {
  const started = Date.now();
  log("building (debug and release, cached across runs)...");
  const builds = new Map();
  for (const s of SCENARIOS) {
    builds.set(s.id, { debug: await build(s, "debug"), release: await build(s, "release") });
  }

  log("counting instructions, host calls and allocations...");
  const counts = {};
  for (const s of SCENARIOS) {
    const release = await countPerOperation(s, builds.get(s.id).release);
    const debug = await countPerOperation(s, builds.get(s.id).debug);
    // Release code is what runs in a gateway; the allocator is only visible by name in debug
    // builds (release inlines it), and what a plugin allocates does not depend on the build.
    counts[s.id] = { ...release, allocations: debug.allocations, allocatedBytes: debug.allocatedBytes, debugInstructions: debug.instructions };
  }

  log(`timing (${ROUNDS} interleaved rounds)...`);
  const times = await timePerOperation(SCENARIOS.map((s) => ({ scenario: s, wasm: builds.get(s.id).release })), { rounds: ROUNDS, batch });

  log(`linear memory after ${MEMORY_CHECKPOINTS.join(" and ")} requests...`);
  const memory = {};
  for (const id of MEMORY_SCENARIOS) {
    const s = SCENARIOS.find((x) => x.id === id);
    memory[id] = await memoryAfter(s, builds.get(id).release, MEMORY_CHECKPOINTS);
  }

  log("release sizes...");
  const sizes = {};
  for (const { name, entry } of exampleEntries()) {
    sizes[`example ${name}`] = sizeBreakdown(await compile([entry], ["--config", "asconfig.json", "--debug"], { release: true }));
  }
  for (const s of SCENARIOS) {
    const key = `bench ${s.entry.replace(/^.*\//, "").replace(/\.ts$/, "")}`;
    if (!s.entry.startsWith("examples/")) sizes[key] ??= sizeBreakdown(builds.get(s.id).release);
  }
  // The size reported is the named build minus its name section; check once that this is what a
  // plain release build weighs, so the breakdown never drifts from the shipped module.
  const plain = await compile(["examples/hello-world/assembly/index.ts"], ["--config", "asconfig.json"], { release: true });
  if (plain.length !== sizes["example hello-world"].total) {
    throw new Error(`hello-world: plain release is ${plain.length} bytes, named release without names ${sizes["example hello-world"].total}`);
  }

  const base = counts[BASELINE];
  const baseTime = times[SCENARIOS.findIndex((s) => s.id === BASELINE)];
  const results = {
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      node: process.version,
      os: `${platform()} ${osRelease()}`,
      date: new Date().toISOString(),
    },
    baseline: BASELINE,
    scenarios: SCENARIOS.map((s, i) => ({
      id: s.id,
      name: s.name,
      perOperation: { ...counts[s.id], v8Microseconds: times[i] },
      ratioToRaw: {
        instructions: counts[s.id].instructions / base.instructions,
        hostCalls: counts[s.id].hostCallTotal / base.hostCallTotal,
        allocations: counts[s.id].allocations / base.allocations,
        allocatedBytes: counts[s.id].allocatedBytes / base.allocatedBytes,
        v8Time: times[i] / baseTime,
      },
    })),
    memory,
    sizes,
  };
  results.targets = targets(results);
  writeFileSync(new URL("results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(formatReport(results));
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote bench/results.json`);
}

/**
 * Issue 11's targets, each with the measured value and whether it holds. "Adds" figures subtract the
 * SetCtx no-op; a header read may allocate only the string it returns (20 reads per request).
 */
function targets(results) {
  const at = (id) => results.scenarios.find((s) => s.id === id);
  const raw = at(BASELINE).perOperation;
  const setctx = at("workload-setctx");
  const noop = at("noop-setctx").perOperation;
  const growth = Object.entries(results.memory).map(([id, m]) => [id, Object.values(m).at(-1) - Object.values(m)[0]]);
  const examples = Object.entries(results.sizes).filter(([name]) => name.startsWith("example "));
  const helloWorld = results.sizes["example hello-world"].total;
  const largest = examples.reduce((a, b) => (b[1].total > a[1].total ? b : a));
  const list = [
    ["workload via SetCtx, instructions", "<= 1.10x raw", setctx.ratioToRaw.instructions, (v) => v <= 1.1, ratio],
    ["workload via SetCtx, V8 time", "<= 1.10x raw", setctx.ratioToRaw.v8Time, (v) => v <= 1.1, ratio],
    ["SetCtx no-op, instructions it adds", "<= 0.05x the raw workload", noop.instructions / raw.instructions, (v) => v <= 0.05, ratio],
    ["SetCtx no-op, host calls it did not ask for", "0", noop.hostCallTotal, (v) => v === 0, int],
    ["hello-world release size", "<= 32 KB (aim 24 KB)", helloWorld, (v) => v <= 32 * 1024, kb],
    [`largest example release size (${largest[0].slice(8)})`, "<= 48 KB", largest[1].total, (v) => v <= 48 * 1024, kb],
    ...growth.map(([id, bytes]) => [`${id}, memory growth after warm-up`, "0 bytes", bytes, (v) => v === 0, (v) => `${int(v)} bytes`]),
    [
      "workload via SetCtx, allocations beyond the no-op's",
      "<= 20 (the returned strings)",
      setctx.perOperation.allocations - noop.allocations,
      (v) => v <= 20,
      int,
    ],
  ];
  return list.map(([figure, target, value, holds, format]) => ({ figure, target, value, met: holds(value), shown: format(value) }));
}

const int = (n) => Math.round(n).toLocaleString("en-US");
const ratio = (r) => `${r.toFixed(2)}x`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** The benchmark's tables, as Markdown. */
function formatReport(results) {
  const { machine } = results;
  const lines = [];
  lines.push(`Run on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${machine.os}, ${machine.date.slice(0, 10)}.`, "");
  lines.push("Per request (config parse: per configure). Instructions: executed binaryen IR nodes of the release build;");
  lines.push("allocations: objects created and raw blocks (debug build); V8: MockHost in Node, median of interleaved rounds, host work included.", "");
  lines.push("| plugin | instructions | x raw | host calls | x raw | allocations | x raw | bytes allocated | x raw | V8 µs | x raw |");
  lines.push("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
  for (const s of results.scenarios) {
    const p = s.perOperation;
    const r = s.ratioToRaw;
    lines.push(`| ${s.name} | ${int(p.instructions)} | ${ratio(r.instructions)} | ${int(p.hostCallTotal)} | ${ratio(r.hostCalls)} | ${int(p.allocations)} | ${ratio(r.allocations)} | ${int(p.allocatedBytes)} | ${ratio(r.allocatedBytes)} | ${p.v8Microseconds.toFixed(1)} | ${ratio(r.v8Time)} |`);
  }
  // The like-for-like comparison for an API that returns strings: the raw plugin that decodes what it reads.
  const floor = results.scenarios.find((s) => s.id === "workload-raw-string");
  const setctx = results.scenarios.find((s) => s.id === "workload-setctx");
  lines.push(
    "",
    `Against the raw plugin that reads its values as strings with AssemblyScript's decoder (as GetHttpRequestHeader returns them): SetCtx workload ${ratio(setctx.perOperation.instructions / floor.perOperation.instructions)} in instructions, ${ratio(setctx.perOperation.v8Microseconds / floor.perOperation.v8Microseconds)} in V8 time.`,
  );
  lines.push("", "Host calls per request, by name:", "", "| plugin | host calls |", "|---|---|");
  for (const s of results.scenarios) {
    const calls = Object.entries(s.perOperation.hostCalls).map(([name, n]) => `${name.replace(/^proxy_/, "")} ${+n.toFixed(2)}`);
    lines.push(`| ${s.name} | ${calls.join(", ")} |`);
  }
  const [first, last] = Object.keys(Object.values(results.memory)[0]);
  lines.push("", "Linear memory (release build):", "", `| plugin | after ${int(+first)} requests | after ${int(+last)} | growth |`, "|---|--:|--:|--:|");
  for (const [id, at] of Object.entries(results.memory)) {
    lines.push(`| ${id} | ${kb(at[first])} | ${kb(at[last])} | ${int(at[last] - at[first])} bytes |`);
  }
  lines.push("", "Release wasm size, and its code by part (function bodies; `~lib/rt` is the GC, the SDK's allocator being `runtime`; `~lib` the rest of the standard library):", "");
  lines.push(`| module | size | code | data | ${PARTS.join(" | ")} |`);
  lines.push(`|---|--:|--:|--:|${PARTS.map(() => "--:").join("|")}|`);
  for (const [name, size] of Object.entries(results.sizes)) {
    lines.push(`| ${name} | ${kb(size.total)} | ${kb(size.sections.code ?? 0)} | ${kb(size.sections.data ?? 0)} | ${PARTS.map((p) => kb(size.parts[p])).join(" | ")} |`);
  }
  lines.push("", "Issue 11's targets:", "", "| figure | target | measured | met |", "|---|---|--:|---|");
  for (const t of results.targets) lines.push(`| ${t.figure} | ${t.target} | ${t.shown} | ${t.met ? "yes" : "no"} |`);
  return `${lines.join("\n")}\n`;
}

await main();
