// proxy_get_buffer_status / proxy_get_buffer_bytes / proxy_set_buffer_bytes (Envoy
// Context::getBuffer and Buffer::copyFrom). Body buffers show the chunk in flight or what the filter
// manager holds; callout, configuration and Redis buffers are read-only and exist only inside their
// callbacks.

import { rootOf, type Context, type DirectionState } from "../contexts.js";
import { concat } from "../contexts.js";
import { BufferType, WasmResult } from "../enums.js";
import { currentContext, type HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";

interface BufferView {
  bytes: Uint8Array;
  /** Absent for buffers the plugin cannot change. */
  replace?: (next: Uint8Array) => void;
}

const EMPTY = new Uint8Array(0);

function bodyBuffer(dir: DirectionState): BufferView {
  if (dir.visible === "chunk" && dir.chunk !== null) {
    return { bytes: dir.chunk, replace: (next) => (dir.chunk = next) };
  }
  if (dir.visible === "held" || dir.buffering) {
    return { bytes: dir.held, replace: (next) => (dir.held = next) };
  }
  // No body held: an empty buffer that cannot be written.
  return { bytes: EMPTY };
}

/** The buffer of this type for the context, or null when it is not available (NotFound). */
function bufferFor(env: HostEnv, context: Context | undefined, type: number): BufferView | null {
  if (type === BufferType.VmConfiguration) return { bytes: env.settings.vmConfig };
  if (context === undefined) return null;
  const root = rootOf(context);
  switch (type) {
    case BufferType.RequestBody:
      return context.kind === "http" ? bodyBuffer(context.request) : null;
    case BufferType.ResponseBody:
      return context.kind === "http" ? bodyBuffer(context.response) : null;
    case BufferType.HttpCallResponseBody:
      return root.httpCallResponse ? { bytes: root.httpCallResponse.body } : null;
    case BufferType.GrpcReceiveBuffer:
      return root.grpcReceive?.message ? { bytes: root.grpcReceive.message } : null;
    case BufferType.PluginConfiguration:
      return root.configuring ? { bytes: root.config } : null;
    case BufferType.RedisCallResponse:
      return root.redisResponse ? { bytes: root.redisResponse } : null;
    case BufferType.DownstreamData:
    case BufferType.UpstreamData:
      // Network filter data does not exist on HTTP streams.
      return null;
    default:
      // Call data (8) exists only in on_foreign_function, which Envoy never calls.
      return null;
  }
}

export function bufferCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  // Upstream's BufferType ends at 8; Higress adds 9 (Redis call response).
  const maxType = () => (env.settings.flavor === "higress" ? BufferType.RedisCallResponse : BufferType.CallData);

  return {
    "env.proxy_get_buffer_status": (type: number, sizePointer: number, flagsPointer: number) => {
      if (type > maxType()) return WasmResult.BadArgument;
      const buffer = bufferFor(env, currentContext(env), type);
      if (buffer === null) return WasmResult.NotFound;
      memory().writeU32(sizePointer, buffer.bytes.length);
      // Envoy never sets the end-of-stream flag here.
      memory().writeU32(flagsPointer, 0);
      return WasmResult.Ok;
    },
    "env.proxy_get_buffer_bytes": (type: number, start: number, maxSize: number, pointerPointer: number, sizePointer: number) => {
      if (type > maxType()) return WasmResult.BadArgument;
      const buffer = bufferFor(env, currentContext(env), type);
      if (buffer === null) return WasmResult.NotFound;
      const bytes = buffer.bytes;
      const slice = start >= bytes.length ? EMPTY : bytes.subarray(start, Math.min(bytes.length, start + maxSize));
      return memory().copyOut(slice, pointerPointer, sizePointer) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_set_buffer_bytes": (type: number, start: number, size: number, dataPointer: number, dataSize: number) => {
      const data = memory().read(dataPointer, dataSize);
      if (type > maxType()) return WasmResult.BadArgument;
      const buffer = bufferFor(env, currentContext(env), type);
      if (buffer === null) return WasmResult.NotFound;
      if (buffer.replace === undefined) return WasmResult.BadArgument;
      const bytes = buffer.bytes;
      if (start === 0) {
        // drain(size) then prepend: replaces a prefix, or everything when size covers it.
        buffer.replace(concat([data, bytes.subarray(Math.min(size, bytes.length))]));
      } else if (start >= bytes.length) {
        buffer.replace(concat([bytes, data]));
      } else {
        return WasmResult.BadArgument;
      }
      return WasmResult.Ok;
    },
  };
}
