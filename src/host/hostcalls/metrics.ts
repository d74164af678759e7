// proxy_define_metric, proxy_increment_metric, proxy_record_metric, proxy_get_metric.

import { WasmResult } from "../enums.js";
import type { HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";

export function metricCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  return {
    "env.proxy_define_metric": (type: number, namePointer: number, nameSize: number, idPointer: number) => {
      const name = memory().readString(namePointer, nameSize);
      const id = env.metrics.define(type, name);
      if (id === null) return WasmResult.BadArgument;
      memory().writeU32(idPointer, id);
      return WasmResult.Ok;
    },
    // delta is a signed i64 (BigInt); value an unsigned one.
    "env.proxy_increment_metric": (id: number, delta: bigint) => env.metrics.increment(id, delta),
    "env.proxy_record_metric": (id: number, value: bigint) => env.metrics.record(id, value),
    "env.proxy_get_metric": (id: number, valuePointer: number) => {
      const { result, value } = env.metrics.get(id);
      if (result !== WasmResult.Ok) return result;
      memory().writeU64(valuePointer, value);
      return WasmResult.Ok;
    },
  };
}
