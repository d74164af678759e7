// proxy_get_property / proxy_set_property, and ABI 0.1.0's proxy_get_configuration.

import { rootOf } from "../contexts.js";
import { WasmResult } from "../enums.js";
import { currentContext, type HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";

/** Higress keys that change the stream's buffer limits (a decimal u32). */
const BUFFER_LIMIT_KEYS: Record<string, "request" | "response"> = {
  set_decoder_buffer_limit: "request",
  set_encoder_buffer_limit: "response",
};

export function propertyCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  return {
    "env.proxy_get_property": (pathPointer: number, pathSize: number, valuePointerPointer: number, valueSizePointer: number) => {
      const key = memory().readString(pathPointer, pathSize);
      const value = env.properties.resolve(key, currentContext(env));
      if (value === undefined) return WasmResult.NotFound;
      return memory().copyOut(value, valuePointerPointer, valueSizePointer) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_set_property": (pathPointer: number, pathSize: number, valuePointer: number, valueSize: number) => {
      const key = memory().readString(pathPointer, pathSize);
      const value = memory().read(valuePointer, valueSize);
      const context = currentContext(env);
      // Filter state lives in the stream info, which root contexts do not have.
      if (context?.kind !== "http") return WasmResult.NotFound;
      context.filterState.set(key, value);
      const direction = BUFFER_LIMIT_KEYS[key];
      if (direction !== undefined && env.settings.flavor === "higress") {
        const limit = Number(new TextDecoder().decode(value));
        if (Number.isInteger(limit) && limit >= 0 && limit <= 0xffffffff) context[direction].bufferLimit = limit;
      }
      return WasmResult.Ok;
    },
    "env.proxy_get_configuration": (pointerPointer: number, sizePointer: number) => {
      const context = currentContext(env);
      const root = context && rootOf(context);
      const data = root?.configuring ? root.config : env.settings.vmConfig;
      return memory().copyOut(data, pointerPointer, sizePointer) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
  };
}
