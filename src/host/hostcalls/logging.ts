// proxy_log and proxy_get_log_level.

import { WasmResult } from "../enums.js";
import type { HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";

export function loggingCalls(env: HostEnv): HostFunctionTable {
  return {
    "env.proxy_log": (level: number, pointer: number, size: number) => {
      const message = env.vm.memory.readString(pointer, size);
      if (level > 5) return WasmResult.BadArgument;
      env.logs.add(level, message);
      return WasmResult.Ok;
    },
    "env.proxy_get_log_level": (levelPointer: number) => {
      env.vm.memory.writeU32(levelPointer, env.logs.threshold);
      return WasmResult.Ok;
    },
  };
}
