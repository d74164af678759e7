// Shared data and shared queues (scoped to the VM id).

import { rootOf } from "../contexts.js";
import { WasmResult } from "../enums.js";
import { currentContext, type HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";

export function sharedStateCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  return {
    "env.proxy_get_shared_data": (keyPointer: number, keySize: number, valuePointerPointer: number, valueSizePointer: number, casPointer: number) => {
      const key = memory().readString(keyPointer, keySize);
      const entry = env.sharedData.get(key);
      if (entry === undefined) return WasmResult.NotFound;
      if (!memory().copyOut(entry.value, valuePointerPointer, valueSizePointer)) return WasmResult.InvalidMemoryAccess;
      memory().writeU32(casPointer, entry.cas);
      return WasmResult.Ok;
    },
    "env.proxy_set_shared_data": (keyPointer: number, keySize: number, valuePointer: number, valueSize: number, cas: number) => {
      const key = memory().readString(keyPointer, keySize);
      const value = memory().read(valuePointer, valueSize);
      return env.sharedData.set(key, value, cas);
    },
    "env.proxy_register_shared_queue": (namePointer: number, nameSize: number, tokenPointer: number) => {
      const name = memory().readString(namePointer, nameSize);
      const context = currentContext(env);
      if (context === undefined) return WasmResult.BadArgument;
      memory().writeU32(tokenPointer, env.queues.register(name, rootOf(context).id));
      return WasmResult.Ok;
    },
    "env.proxy_resolve_shared_queue": (vmIdPointer: number, vmIdSize: number, namePointer: number, nameSize: number, tokenPointer: number) => {
      const vmId = memory().readString(vmIdPointer, vmIdSize);
      const name = memory().readString(namePointer, nameSize);
      // An empty vm id means the caller's own; the mock runs a single VM.
      const token = vmId === "" || vmId === env.settings.vmId ? env.queues.resolve(name) : undefined;
      if (token === undefined) return WasmResult.NotFound;
      memory().writeU32(tokenPointer, token);
      return WasmResult.Ok;
    },
    "env.proxy_enqueue_shared_queue": (token: number, dataPointer: number, dataSize: number) => {
      const data = memory().read(dataPointer, dataSize);
      const rootContextId = env.queues.enqueue(token, data);
      if (rootContextId === undefined) return WasmResult.NotFound;
      // Envoy posts on_queue_ready to the registering thread's dispatcher: it runs after this call.
      env.flow.defer({
        kind: "host",
        run: () => {
          const root = env.contexts.get(rootContextId);
          if (root?.kind === "root") env.flow.callRoot(root, "proxy_on_queue_ready", [root.id, token]);
        },
      });
      return WasmResult.Ok;
    },
    "env.proxy_dequeue_shared_queue": (token: number, pointerPointer: number, sizePointer: number) => {
      const { result, data } = env.queues.dequeue(token);
      if (data === undefined) return result;
      return memory().copyOut(data, pointerPointer, sizePointer) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
  };
}
