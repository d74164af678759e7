// The request to the upstream service, sent with what the plugin let through: its method, path and
// authority pseudo-headers become the request line and Host, as Envoy's router sends them.

import http, { type ClientRequest, type IncomingMessage } from "node:http";
import https from "node:https";
import type { HeaderPairs } from "../host/index.js";
import { headerValue, outgoingHeaders } from "./headers.js";

/**
 * Opens the upstream request. `bodyLength` is the whole body's size when it is already known (the
 * plugin passed the request on complete) and then sets Content-Length; else the headers go as the
 * plugin left them, as Envoy sends them (the SDK drops Content-Length when a body may change), and
 * without one the body goes chunked.
 */
export function openUpstream(base: URL, headers: HeaderPairs, bodyLength: number | null, onResponse: (response: IncomingMessage) => void): ClientRequest {
  const client = base.protocol === "https:" ? https : http;
  const out = outgoingHeaders(headers, ["host"]);
  out.host = headerValue(headers, ":authority") ?? base.host;
  if (bodyLength !== null && (bodyLength > 0 || out["content-length"] !== undefined)) out["content-length"] = String(bodyLength);
  const prefix = base.pathname.replace(/\/$/, "");
  const request = client.request({
    protocol: base.protocol,
    hostname: base.hostname.replace(/^\[|\]$/g, ""),
    port: base.port,
    method: headerValue(headers, ":method") ?? "GET",
    path: prefix + (headerValue(headers, ":path") ?? "/"),
    headers: out,
  });
  request.on("response", onResponse);
  return request;
}
