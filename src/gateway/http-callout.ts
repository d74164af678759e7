// Sends a plugin's proxy_http_call for real and turns what happens into what Envoy's async client
// would hand back: the response, or for a timeout or an unreachable service the local response
// Envoy makes up (a reply, not a failure, reference/abi.md §6.2), or a reset when the connection
// breaks after the response started.

import http from "node:http";
import https from "node:https";
import type { HeaderPairs, HttpCallout } from "../host/index.js";
import { headerValue, outgoingHeaders, pairsFromRaw } from "./headers.js";

export type CalloutOutcome = { kind: "reply"; headers: HeaderPairs; body: Uint8Array; trailers: HeaderPairs } | { kind: "reset" };

/** A reply as Envoy builds one itself (text body, no upstream). */
export function envoyReply(status: number, text: string): CalloutOutcome {
  const body = new TextEncoder().encode(text);
  return {
    kind: "reply",
    headers: [[":status", String(status)], ["content-length", String(body.length)], ["content-type", "text/plain"]],
    body,
    trailers: [],
  };
}

/** Sends the call to `target` (the URL its cluster maps to) and settles with Envoy's outcome. */
export function sendHttpCallout(callout: HttpCallout, target: URL): Promise<CalloutOutcome> {
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: CalloutOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = client.request({
      protocol: target.protocol,
      hostname: target.hostname.replace(/^\[|\]$/g, ""),
      port: target.port,
      method: headerValue(callout.headers, ":method"),
      path: headerValue(callout.headers, ":path"),
      headers: { ...outgoingHeaders(callout.headers), host: headerValue(callout.headers, ":authority") },
    });
    // Envoy's timeout covers the whole exchange, from sending to the last byte of the reply.
    const timer = setTimeout(() => {
      settle(envoyReply(504, "upstream request timeout"));
      request.destroy();
    }, callout.timeoutMs);
    let responded = false;
    request.on("error", () =>
      settle(responded ? { kind: "reset" } : envoyReply(503, "upstream connect error or disconnect/reset before headers. reset reason: connection failure")),
    );
    request.on("response", (response) => {
      responded = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", () => settle({ kind: "reset" }));
      response.on("aborted", () => settle({ kind: "reset" }));
      response.on("end", () =>
        settle({
          kind: "reply",
          headers: [[":status", String(response.statusCode)], ...pairsFromRaw(response.rawHeaders)],
          body: new Uint8Array(Buffer.concat(chunks)),
          trailers: pairsFromRaw(response.rawTrailers),
        }),
      );
    });
    request.end(callout.body);
  });
}
