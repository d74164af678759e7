// The shape of a local reply as Envoy sends it (Http::Utility::sendLocalReply): `:status` first,
// then the plugin's headers; a non-empty body gets content-length and a default text/plain type; an
// empty body loses content-type and content-length even if the plugin set them; a HEAD request gets
// the headers only (end of stream, content-length kept); gRPC requests get a trailers-only 200
// reply carrying grpc-status (unless the plugin set one) and grpc-message instead of a body.

import { HeaderMap } from "./header-map.js";
import type { HeaderPairs, LocalResponse } from "./types.js";

/** What was asked for: by the plugin (send_local_response) or by Envoy itself (413, 503...). */
export interface LocalReplyRequest {
  statusCode: number;
  details: string;
  body: Uint8Array;
  headers: HeaderPairs;
  /** LocalReplyData's grpc_status: null means none, and Envoy derives one from the HTTP code. */
  grpcStatus: number | null;
}

/** A reply ready to go to the client. */
export interface BuiltLocalReply {
  response: LocalResponse;
  headers: HeaderPairs;
  body: Uint8Array;
}

/** Envoy's Grpc::Utility::httpToGrpcStatus. */
function httpToGrpcStatus(code: number): number {
  switch (code) {
    case 400:
      return 13;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
    case 504:
      return 14;
    default:
      return 2;
  }
}

/** Envoy's grpc-message encoding: bytes outside printable ASCII, and '%', become %XX. */
function percentEncode(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    out += b < 0x20 || b > 0x7e || b === 0x25 ? `%${b.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(b);
  }
  return out;
}

/**
 * Grpc::Common::isGrpcRequestHeaders: a :path and a content-type of exactly application/grpc or
 * application/grpc+<codec> (so grpc-web is not gRPC).
 */
function isGrpcRequest(headers: HeaderMap): boolean {
  const contentType = headers.get("content-type") ?? "";
  return headers.get(":path") !== undefined && (contentType === "application/grpc" || contentType.startsWith("application/grpc+"));
}

/** Builds the reply Envoy would send for this request's headers. */
export function buildLocalReply(request: LocalReplyRequest, requestHeaders: HeaderMap | null): BuiltLocalReply {
  const details = request.details.replace(/\s/g, "_");
  const isGrpc = requestHeaders !== null && isGrpcRequest(requestHeaders);
  const isHead = requestHeaders?.get(":method") === "HEAD";
  const headers = new HeaderMap("response-headers", [[":status", String(isGrpc ? 200 : request.statusCode)]]);
  for (const [k, v] of request.headers) headers.add(k, v);
  let body = request.body;
  if (isGrpc) {
    headers.setInline("content-type", "application/grpc");
    if (!headers.get("grpc-status")) {
      headers.setInline("grpc-status", String(request.grpcStatus ?? httpToGrpcStatus(request.statusCode)));
    }
    if (body.length > 0 && !isHead) headers.setInline("grpc-message", percentEncode(body));
    headers.remove("content-length");
    body = new Uint8Array(0);
  } else if (body.length > 0) {
    headers.setInline("content-length", String(body.length));
    if (headers.get("content-type") === undefined) headers.add("content-type", "text/plain");
    if (isHead) body = new Uint8Array(0);
  } else {
    headers.remove("content-type");
    headers.remove("content-length");
  }
  const wire = headers.pairs();
  return {
    response: {
      statusCode: request.statusCode,
      statusCodeDetails: details,
      body: request.body.slice(),
      headers: wire.filter(([k]) => k !== ":status"),
      grpcStatus: request.grpcStatus === null ? -1 : request.grpcStatus | 0,
    },
    headers: wire,
    body,
  };
}
