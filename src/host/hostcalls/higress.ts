// Higress-only stream helpers (Redis calls live with the other callouts).

import { WasmResult } from "../enums.js";
import { currentContext, type HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";
import { serializePairs } from "../pairs.js";

export function higressCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  return {
    "env.proxy_inject_encoded_data_to_filter_chain": (bodyPointer: number, bodySize: number, endOfStream: number) => {
      const data = memory().read(bodyPointer, bodySize);
      const context = currentContext(env);
      if (context?.kind === "http") context.injected.push({ data, endOfStream: endOfStream !== 0 });
      return WasmResult.Ok;
    },
    "env.proxy_get_upstream_hosts": (pointerPointer: number, sizePointer: number) =>
      memory().copyOut(serializePairs(env.settings.upstreamHosts), pointerPointer, sizePointer)
        ? WasmResult.Ok
        : WasmResult.InvalidMemoryAccess,
    "env.proxy_set_upstream_override_host": (addressPointer: number, addressSize: number) => {
      const address = memory().readString(addressPointer, addressSize);
      const context = currentContext(env);
      if (context?.kind === "http") context.upstreamOverrideHost = address;
      return WasmResult.Ok;
    },
  };
}
