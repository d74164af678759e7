// Timers, time, effective context, proxy_done and foreign functions.

import { deflateSync, inflateSync } from "node:zlib";
import { rootOf } from "../contexts.js";
import { WasmResult } from "../enums.js";
import { currentContext, type HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";

/** Foreign functions Envoy registers itself (foreign.cc): zlib compress / uncompress. */
export const ENVOY_FOREIGN_FUNCTIONS: ReadonlyArray<[string, (args: Uint8Array) => Uint8Array]> = [
  ["compress", (args) => new Uint8Array(deflateSync(args))],
  ["uncompress", (args) => new Uint8Array(inflateSync(args))],
];

export function lifecycleCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  return {
    "env.proxy_set_tick_period_milliseconds": (period: number) => {
      const context = currentContext(env);
      if (context === undefined) return WasmResult.BadArgument;
      // The timer belongs to the caller's root context.
      rootOf(context).tickPeriodMs = period;
      return WasmResult.Ok;
    },
    "env.proxy_get_current_time_nanoseconds": (pointer: number) => {
      memory().writeU64(pointer, BigInt(Date.now()) * 1_000_000n);
      return WasmResult.Ok;
    },
    "env.proxy_set_effective_context": (id: number) => {
      if (env.contexts.get(id) === undefined) return WasmResult.BadArgument;
      env.vm.setEffectiveContext(id);
      return WasmResult.Ok;
    },
    "env.proxy_done": () => {
      const context = currentContext(env);
      if (context?.kind !== "root" || !context.pendingDone) return WasmResult.NotFound;
      context.pendingDone = false;
      env.flow.defer({ kind: "host", run: () => env.deleteRoot(context.id) });
      return WasmResult.Ok;
    },
    "env.proxy_call_foreign_function": (
      namePointer: number,
      nameSize: number,
      argsPointer: number,
      argsSize: number,
      resultPointerPointer: number,
      resultSizePointer: number,
    ) => {
      const name = memory().readString(namePointer, nameSize);
      const args = memory().read(argsPointer, argsSize);
      const fn = env.settings.foreignFunctions.get(name);
      if (fn === undefined) return WasmResult.NotFound;
      let result: Uint8Array;
      try {
        result = fn(args);
      } catch {
        return WasmResult.SerializationFailure;
      }
      if (resultPointerPointer === 0) return WasmResult.Ok;
      return memory().copyOut(result, resultPointerPointer, resultSizePointer) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
  };
}
