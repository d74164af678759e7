import { compile } from "../tests/helpers/compile.js";
import { instrument, readCounters } from "./instrument.js";
import { MockHost } from "higress-as/host";
const t=Date.now();
const dbg = await compile(["bench/plugins/workload-setctx.ts"], ["--config", "asconfig.json"]);
const raw = await compile(["bench/plugins/workload-raw.ts"], ["--config", "bench/plugins/raw.asconfig.json"]);
console.log("built", Date.now()-t);
for (const w of [dbg, raw]) {
  const { wasm, allocatorFound } = instrument(w);
  console.log("instrumented", allocatorFound, Date.now()-t);
  const host = await MockHost.create(wasm, {});
  console.log(host.startStatus);
  const req = () => { host.initHttp(); host.callOnHttpRequestHeaders([[":authority","a"],[":path","/"],[":method","GET"]], {endOfStream:true}); host.completeHttp(); };
  req();
  const a = readCounters(host);
  for (let i=0;i<10;i++) req();
  const b = readCounters(host);
  console.log(b.instructions-a.instructions, b.allocations-a.allocations, b.allocatedBytes-a.allocatedBytes, b.hostCalls, host.getHostErrors());
}
