// proxy_http_call, gRPC calls, Higress Redis calls, and proxy_get_status. Calls are issued on the
// root context of the caller (or of its effective context); their replies arrive there.

import { rootOf } from "../contexts.js";
import { WasmResult } from "../enums.js";
import { HeaderMap } from "../header-map.js";
import { currentContext, type HostEnv } from "../host-env.js";
import type { HostFunctionTable } from "../linker.js";
import { parsePairs, textPairs } from "../pairs.js";

export function calloutCalls(env: HostEnv): HostFunctionTable {
  const memory = () => env.vm.memory;
  const caller = () => {
    const context = currentContext(env);
    return context && { contextId: context.id, root: rootOf(context) };
  };

  const grpcOpen = (
    kind: "call" | "stream",
    servicePointer: number,
    serviceSize: number,
    serviceNamePointer: number,
    serviceNameSize: number,
    methodPointer: number,
    methodSize: number,
    metadataPointer: number,
    metadataSize: number,
    message: Uint8Array | null,
    timeoutMs: number,
    tokenPointer: number,
  ) => {
    const service = memory().readString(servicePointer, serviceSize);
    const serviceName = memory().readString(serviceNamePointer, serviceNameSize);
    const method = memory().readString(methodPointer, methodSize);
    const initialMetadata = textPairs(parsePairs(memory().read(metadataPointer, metadataSize)));
    const from = caller();
    if (from === undefined) return WasmResult.BadArgument;
    // The service is a serialized GrpcService or a cluster name; an unknown cluster is a ParseFailure.
    if (!env.callouts.isKnownCluster(service)) return WasmResult.ParseFailure;
    const token = env.callouts.takeToken(kind === "call" ? "grpcCall" : "grpcStream");
    env.callouts.grpc.push({
      token,
      kind,
      service,
      serviceName,
      method,
      initialMetadata,
      messages: message ? [message] : [],
      timeoutMs,
      contextId: from.contextId,
      rootContextId: from.root.id,
      state: "open",
    });
    memory().writeU32(tokenPointer, token);
    return WasmResult.Ok;
  };

  return {
    "env.proxy_http_call": (
      upstreamPointer: number,
      upstreamSize: number,
      headersPointer: number,
      headersSize: number,
      bodyPointer: number,
      bodySize: number,
      trailersPointer: number,
      trailersSize: number,
      timeoutMs: number,
      tokenPointer: number,
    ) => {
      const upstream = memory().readString(upstreamPointer, upstreamSize);
      const headers = new HeaderMap("request-headers", parsePairs(memory().read(headersPointer, headersSize)));
      const body = memory().read(bodyPointer, bodySize);
      const trailers = new HeaderMap("request-trailers", parsePairs(memory().read(trailersPointer, trailersSize)));
      const from = caller();
      // Envoy reads the timeout as a signed int.
      if (from === undefined || timeoutMs >= 0x80000000) return WasmResult.BadArgument;
      if (!env.callouts.isKnownCluster(upstream)) return WasmResult.BadArgument;
      if ([":path", ":method", ":authority"].some((h) => headers.get(h) === undefined)) return WasmResult.BadArgument;
      if (body.length > 0) headers.replace("content-length", String(body.length));
      const token = env.callouts.takeToken("http");
      env.callouts.http.push({
        token,
        upstream,
        headers: headers.pairs(),
        body,
        trailers: trailers.pairs(),
        timeoutMs,
        contextId: from.contextId,
        rootContextId: from.root.id,
        answered: false,
      });
      memory().writeU32(tokenPointer, token);
      return WasmResult.Ok;
    },
    "env.proxy_get_status": (codePointer: number, messagePointerPointer: number, messageSizePointer: number) => {
      const status = caller()?.root.status ?? { code: 0, message: "" };
      memory().writeU32(codePointer, status.code);
      return memory().copyOut(status.message, messagePointerPointer, messageSizePointer)
        ? WasmResult.Ok
        : WasmResult.InvalidMemoryAccess;
    },
    "env.proxy_grpc_call": (
      servicePointer: number,
      serviceSize: number,
      serviceNamePointer: number,
      serviceNameSize: number,
      methodPointer: number,
      methodSize: number,
      metadataPointer: number,
      metadataSize: number,
      messagePointer: number,
      messageSize: number,
      timeoutMs: number,
      tokenPointer: number,
    ) =>
      grpcOpen(
        "call",
        servicePointer,
        serviceSize,
        serviceNamePointer,
        serviceNameSize,
        methodPointer,
        methodSize,
        metadataPointer,
        metadataSize,
        memory().read(messagePointer, messageSize),
        timeoutMs,
        tokenPointer,
      ),
    "env.proxy_grpc_stream": (
      servicePointer: number,
      serviceSize: number,
      serviceNamePointer: number,
      serviceNameSize: number,
      methodPointer: number,
      methodSize: number,
      metadataPointer: number,
      metadataSize: number,
      tokenPointer: number,
    ) =>
      grpcOpen(
        "stream",
        servicePointer,
        serviceSize,
        serviceNamePointer,
        serviceNameSize,
        methodPointer,
        methodSize,
        metadataPointer,
        metadataSize,
        null,
        0,
        tokenPointer,
      ),
    "env.proxy_grpc_send": (token: number, messagePointer: number, messageSize: number, endOfStream: number) => {
      const message = memory().read(messagePointer, messageSize);
      if ((token & 3) !== 2) return WasmResult.BadArgument;
      const stream = env.callouts.grpcByToken(token);
      if (stream === undefined || stream.state !== "open") return WasmResult.NotFound;
      stream.messages.push(message);
      if (endOfStream !== 0) stream.state = "closed-by-plugin";
      return WasmResult.Ok;
    },
    "env.proxy_grpc_cancel": (token: number) => {
      if ((token & 3) !== 1 && (token & 3) !== 2) return WasmResult.BadArgument;
      const call = env.callouts.grpcByToken(token);
      if (call === undefined || call.state !== "open") return WasmResult.NotFound;
      call.state = "cancelled";
      return WasmResult.Ok;
    },
    "env.proxy_grpc_close": (token: number) => {
      if ((token & 3) !== 1 && (token & 3) !== 2) return WasmResult.BadArgument;
      const call = env.callouts.grpcByToken(token);
      if (call === undefined || call.state !== "open") return WasmResult.NotFound;
      // Closing a unary call cancels it; closing a stream half-closes it.
      call.state = call.kind === "call" ? "cancelled" : "closed-by-plugin";
      return WasmResult.Ok;
    },
    "env.proxy_redis_init": (
      clusterPointer: number,
      clusterSize: number,
      userPointer: number,
      userSize: number,
      passwordPointer: number,
      passwordSize: number,
      timeoutMs: number,
    ) => {
      const cluster = memory().readString(clusterPointer, clusterSize);
      const username = memory().readString(userPointer, userSize);
      const password = memory().readString(passwordPointer, passwordSize);
      // The cluster may carry options after "?" (db, buffer_flush_timeout, ...).
      if (!env.callouts.isKnownCluster(cluster.split("?")[0])) return WasmResult.BadArgument;
      env.callouts.redisInits.push({ cluster, username, password, timeoutMs });
      return WasmResult.Ok;
    },
    "env.proxy_redis_call": (clusterPointer: number, clusterSize: number, queryPointer: number, querySize: number, tokenPointer: number) => {
      const upstream = memory().readString(clusterPointer, clusterSize);
      const query = memory().read(queryPointer, querySize);
      const from = caller();
      if (from === undefined || !env.callouts.isKnownCluster(upstream.split("?")[0])) return WasmResult.BadArgument;
      const token = env.callouts.takeToken("redis");
      env.callouts.redis.push({
        token,
        upstream,
        query,
        contextId: from.contextId,
        rootContextId: from.root.id,
        answered: false,
      });
      memory().writeU32(tokenPointer, token);
      return WasmResult.Ok;
    },
  };
}
