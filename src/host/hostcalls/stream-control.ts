// proxy_continue_stream, proxy_close_stream, proxy_send_local_response and their ABI 0.1.0
// forms. All of them are deferred until the running callback returns; continue also detaches the
// request maps at once, so later header access in the same callback fails with BadArgument.

import { StreamType, WasmResult } from "../enums.js";
import { currentContext, type HostEnv } from "../host-env.js";
import type { Direction } from "../http-flow.js";
import type { HostFunctionTable } from "../linker.js";
import { parsePairs, textPairs } from "../pairs.js";
import type { HostFlavor } from "../types.js";

/**
 * The grpc_status Envoy hands to sendLocalReply. Higress (Envoy 1.27) passes the u32 through, so
 * the SDKs' "none" (-1) goes out as grpc-status 4294967295; newer Envoy treats anything outside
 * 0..16 as none and derives the status from the HTTP code.
 */
function localReplyGrpcStatus(argument: number, flavor: HostFlavor): number | null {
  if (flavor === "higress") return argument >>> 0;
  return argument >= 0 && argument <= 16 ? argument : null;
}

export function streamControlCalls(env: HostEnv): HostFunctionTable {
  const continueStream = (type: number) => {
    if (type > StreamType.Upstream) return WasmResult.BadArgument;
    if (type === StreamType.Upstream) return WasmResult.Unimplemented;
    const context = currentContext(env);
    // Downstream continues a network filter; an HTTP stream has none.
    if (type === StreamType.Downstream || context?.kind !== "http") return WasmResult.Ok;
    const direction: Direction = type === StreamType.Request ? "request" : "response";
    env.flow.defer({ kind: "continue", stream: context, direction });
    // Envoy nulls the *request* pointers for both directions (a host quirk).
    context.request.headersWritable = false;
    context.request.trailersWritable = false;
    context.request.visible = null;
    return WasmResult.Ok;
  };

  return {
    "env.proxy_continue_stream": continueStream,
    "env.proxy_continue_request": () => continueStream(StreamType.Request),
    "env.proxy_continue_response": () => continueStream(StreamType.Response),
    "env.proxy_close_stream": (type: number) => {
      if (type > StreamType.Upstream) return WasmResult.BadArgument;
      const context = currentContext(env);
      if ((type === StreamType.Request || type === StreamType.Response) && context?.kind === "http") {
        env.flow.defer({ kind: "close", stream: context });
      }
      return WasmResult.Ok;
    },
    // Envoy clears the route cache; the mock has no routes, so there is nothing to observe.
    "env.proxy_clear_route_cache": () => WasmResult.Ok,
    "env.proxy_send_local_response": (
      statusCode: number,
      detailsPointer: number,
      detailsSize: number,
      bodyPointer: number,
      bodySize: number,
      headersPointer: number,
      headersSize: number,
      grpcStatus: number,
    ) => {
      const memory = env.vm.memory;
      const details = memory.readString(detailsPointer, detailsSize);
      const body = memory.read(bodyPointer, bodySize);
      const headers = textPairs(parsePairs(memory.read(headersPointer, headersSize))).map(
        ([k, v]): [string, string] => [k.toLowerCase(), v],
      );
      const context = currentContext(env);
      if (context?.kind !== "http") return WasmResult.Ok;
      // The host library ignores what Context::sendLocalResponse answers: it always forces the
      // callback's Stop and returns Ok. Higress's context keeps only the first reply of a stream
      // (local_reply_hold_) and drops any later one.
      env.flow.forceStop();
      if (env.settings.flavor === "higress" && context.localReplyRequested) return WasmResult.Ok;
      context.localReplyRequested = true;
      env.flow.defer({
        kind: "local-reply",
        stream: context,
        reply: { statusCode, details, body, headers, grpcStatus: localReplyGrpcStatus(grpcStatus, env.settings.flavor) },
      });
      return WasmResult.Ok;
    },
  };
}
