// The shape of a local reply as Envoy sends it (Http::Utility::prepareLocalReply): `:status` first,
// then the plugin's headers; a non-empty body gets content-length and a default text/plain type; an
// empty body loses content-type and content-length even if the plugin set them; gRPC requests get a
// trailers-only 200 reply carrying grpc-status and grpc-message instead of a body.

import { HeaderMap } from "./header-map.js";
import type { HeaderPairs, LocalResponse } from "./types.js";

/** What was asked for: by the plugin (send_local_response) or by Envoy itself (413, 503...). */
export interface LocalReplyRequest {
  statusCode: number;
  details: string;
  body: Uint8Array;
  headers: HeaderPairs;
  /** Signed; outside 0..16 means "none". */
  grpcStatus: number;
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

/** Builds the reply Envoy would send for this request's headers. */
export function buildLocalReply(request: LocalReplyRequest, requestHeaders: HeaderMap | null): BuiltLocalReply {
  const details = request.details.replace(/\s/g, "_");
  const isGrpc = (requestHeaders?.get("content-type") ?? "").startsWith("application/grpc");
  const headers = new HeaderMap("response-headers", [[":status", String(isGrpc ? 200 : request.statusCode)]]);
  for (const [k, v] of request.headers) headers.add(k, v);
  let body = request.body;
  if (isGrpc) {
    headers.replace("content-type", "application/grpc");
    const grpcStatus = request.grpcStatus >= 0 && request.grpcStatus <= 16 ? request.grpcStatus : httpToGrpcStatus(request.statusCode);
    headers.replace("grpc-status", String(grpcStatus));
    if (body.length > 0) headers.replace("grpc-message", percentEncode(body));
    body = new Uint8Array(0);
  } else if (body.length > 0) {
    headers.replace("content-length", String(body.length));
    if (headers.get("content-type") === undefined) headers.add("content-type", "text/plain");
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
      grpcStatus: request.grpcStatus,
    },
    headers: wire,
    body,
  };
}
