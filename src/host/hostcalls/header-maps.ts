// proxy_*_header_map_* : which map is reachable depends on the callback (Envoy Context::getMap /
// getConstMap). Unavailable maps read as empty from get_header_map_pairs, and answer BadArgument to
// value reads and to every mutation; in on_log the access-log copies are read-only.
// Values travel as bytes both ways: Envoy hands the plugin the HeaderString's bytes and copies the
// plugin's bytes into it with no check in a release build (HeaderString::setCopy only ASSERTs
// validHeaderString, so NUL, CR and LF are stored too).

import { rootOf, type Context } from "../contexts.js";
import { MapType, WasmResult } from "../enums.js";
import { HeaderMap } from "../header-map.js";
import { currentContext, type HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";
import { parsePairs, serializePairs } from "../pairs.js";

const MAX_MAP_TYPE = MapType.HttpCallResponseTrailers;

/** getConstMap: the map a read sees, or null when it is not available now. */
function readableMap(context: Context | undefined, type: number): HeaderMap | null {
  if (context === undefined) return null;
  const root = rootOf(context);
  switch (type) {
    case MapType.GrpcReceiveInitialMetadata:
      return root.grpcReceive?.initialMetadata ?? null;
    case MapType.GrpcReceiveTrailingMetadata:
      return root.grpcReceive?.trailingMetadata ?? null;
    case MapType.HttpCallResponseHeaders:
      return root.httpCallResponse?.headers ?? null;
    case MapType.HttpCallResponseTrailers:
      return root.httpCallResponse?.trailers ?? null;
  }
  if (context.kind !== "http") return null;
  if (context.accessLogPhase) {
    if (type === MapType.RequestHeaders) return context.request.headers;
    if (type === MapType.ResponseHeaders) return context.response.headers;
    if (type === MapType.ResponseTrailers) return context.response.trailers;
    return null;
  }
  return writableMap(context, type);
}

/** getMap: the map a mutation may change, or null. Trailers can be created in a final body callback. */
function writableMap(context: Context | undefined, type: number): HeaderMap | null {
  if (context?.kind !== "http" || context.accessLogPhase) return null;
  const direction = type === MapType.RequestHeaders || type === MapType.RequestTrailers ? context.request : context.response;
  if (type === MapType.RequestHeaders || type === MapType.ResponseHeaders) {
    return direction.headersWritable ? direction.headers : null;
  }
  if (type !== MapType.RequestTrailers && type !== MapType.ResponseTrailers) return null;
  if (direction.trailersWritable) return direction.trailers;
  // addDecodedTrailers / addEncodedTrailers: only from the body callback that ends the stream.
  if (direction.trailers === null && direction.visible !== null && direction.bodyCallbackEos) {
    direction.trailers = new HeaderMap(type === MapType.RequestTrailers ? "request-trailers" : "response-trailers");
    direction.trailersWritable = true;
    return direction.trailers;
  }
  return null;
}

export function headerMapCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  const oldAbi = () => env.settings.abi === "0.1.0";

  /** Runs a mutation on the writable map, or answers BadArgument. */
  const mutate = (type: number, change: (map: HeaderMap) => void) => {
    if (type > MAX_MAP_TYPE) return WasmResult.BadArgument;
    const map = writableMap(currentContext(env), type);
    if (map === null) return WasmResult.BadArgument;
    change(map);
    return WasmResult.Ok;
  };

  return {
    "env.proxy_get_header_map_pairs": (type: number, pointerPointer: number, sizePointer: number) => {
      if (type > MAX_MAP_TYPE) return WasmResult.BadArgument;
      const map = readableMap(currentContext(env), type);
      const data = serializePairs(map ? map.bytePairs() : []);
      return memory().copyOut(data, pointerPointer, sizePointer) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_set_header_map_pairs": (type: number, pointer: number, size: number) => {
      const pairs = parsePairs(memory().read(pointer, size));
      return mutate(type, (map) => map.setAll(pairs));
    },
    "env.proxy_get_header_map_value": (type: number, keyPointer: number, keySize: number, valuePointerPointer: number, valueSizePointer: number) => {
      const key = memory().readString(keyPointer, keySize);
      if (type > MAX_MAP_TYPE) return WasmResult.BadArgument;
      const context = currentContext(env);
      const map = readableMap(context, type);
      let value: Uint8Array | undefined;
      if (map === null) {
        if (context?.kind !== "http" || !context.accessLogPhase) return WasmResult.BadArgument;
        if (!oldAbi()) return WasmResult.NotFound;
        value = new Uint8Array(0);
      } else {
        value = map.getBytes(key);
        if (value === undefined) {
          if (!oldAbi()) return WasmResult.NotFound;
          value = new Uint8Array(0);
        }
      }
      return memory().copyOut(value, valuePointerPointer, valueSizePointer) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_add_header_map_value": (type: number, keyPointer: number, keySize: number, valuePointer: number, valueSize: number) => {
      const key = memory().readString(keyPointer, keySize);
      const value = memory().read(valuePointer, valueSize);
      return mutate(type, (map) => map.add(key, value));
    },
    "env.proxy_replace_header_map_value": (type: number, keyPointer: number, keySize: number, valuePointer: number, valueSize: number) => {
      const key = memory().readString(keyPointer, keySize);
      const value = memory().read(valuePointer, valueSize);
      return mutate(type, (map) => map.replace(key, value));
    },
    "env.proxy_remove_header_map_value": (type: number, keyPointer: number, keySize: number) => {
      const key = memory().readString(keyPointer, keySize);
      return mutate(type, (map) => map.remove(key));
    },
    "env.proxy_get_header_map_size": (type: number, sizePointer: number) => {
      if (type > MAX_MAP_TYPE) return WasmResult.BadArgument;
      const map = writableMap(currentContext(env), type);
      if (map === null) return WasmResult.BadArgument;
      memory().writeU32(sizePointer, map.byteSize());
      return WasmResult.Ok;
    },
  };
}
