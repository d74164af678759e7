// The benchmark's measurements of one scenario in MockHost: deterministic counts per operation from
// an instrumented copy of the plugin, V8 time from the plain module, and linear memory over many
// requests. Shared by `npm run bench` and the budget test.
import { MockHost } from "higress-as/host";
import { performance } from "node:perf_hooks";
import { instrument, readCounters } from "./instrument.js";

/** A started MockHost for a scenario's plugin, after the scenario's own preparation. */
export async function startHost(scenario, wasm) {
  const host = await MockHost.create(wasm, { config: scenario.config, ...scenario.hostOptions });
  if (host.startStatus !== "ok") throw new Error(`${scenario.id}: plugin start status ${host.startStatus}`);
  scenario.prepare?.(host);
  return host;
}

function checkHealthy(scenario, host) {
  const problems = [...host.getHostErrors(), ...host.getErrorLogs(), ...host.getCriticalLogs()];
  if (host.vmFailed || problems.length > 0) throw new Error(`${scenario.id}: ${host.vmFailure ?? problems.join("\n")}`);
}

/**
 * Counts per operation: instructions, host calls by name, allocations and bytes allocated, averaged
 * over `requests` (default `scenario.requests`) operations after as many warm-up ones (so one-time work such as the
 * first allocation of a buffer or lazy initialisation is not charged to every request).
 */
export async function countPerOperation(scenario, wasm, { requests = scenario.requests } = {}) {
  const { wasm: counted, allocatorFound } = instrument(wasm);
  const host = await startHost(scenario, counted);
  const n = requests;
  for (let i = 0; i < n; i++) scenario.run(host);
  const before = readCounters(host);
  for (let i = 0; i < n; i++) scenario.run(host);
  const after = readCounters(host);
  checkHealthy(scenario, host);
  const hostCalls = {};
  for (const [name, count] of Object.entries(after.hostCalls)) {
    const perOp = (count - before.hostCalls[name]) / n;
    if (perOp > 0) hostCalls[name] = perOp;
  }
  return {
    instructions: (after.instructions - before.instructions) / n,
    hostCalls,
    hostCallTotal: Object.values(hostCalls).reduce((a, b) => a + b, 0),
    allocations: allocatorFound ? (after.allocations - before.allocations) / n : null,
    allocatedBytes: allocatorFound ? (after.allocatedBytes - before.allocatedBytes) / n : null,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * V8 time per operation in MockHost (host work included), for several scenarios at once: rounds
 * interleave the scenarios so that machine noise (other processes, frequency changes) spreads
 * over all of them, and the median round is reported. `batch(scenario)` operations per round.
 */
export async function timePerOperation(entries, { rounds, batch }) {
  const hosts = [];
  for (const { scenario, wasm } of entries) {
    const host = await startHost(scenario, wasm);
    for (let i = 0; i < batch(scenario); i++) scenario.run(host);
    hosts.push(host);
  }
  const samples = entries.map(() => []);
  for (let round = 0; round < rounds; round++) {
    entries.forEach(({ scenario }, i) => {
      const count = batch(scenario);
      const start = performance.now();
      for (let k = 0; k < count; k++) scenario.run(hosts[i]);
      samples[i].push(((performance.now() - start) * 1000) / count);
    });
  }
  entries.forEach(({ scenario }, i) => checkHealthy(scenario, hosts[i]));
  return samples.map(median);
}

/** Linear memory (bytes) after each checkpoint number of requests through a fresh host. */
export async function memoryAfter(scenario, wasm, checkpoints) {
  const host = await startHost(scenario, wasm);
  const memory = Object.values(host.instanceExports).find((e) => e instanceof WebAssembly.Memory);
  const out = {};
  let done = 0;
  for (const target of checkpoints) {
    for (; done < target; done++) scenario.run(host);
    out[target] = memory.buffer.byteLength;
  }
  checkHealthy(scenario, host);
  return out;
}
