// Frames a Node message body the way Envoy's HTTP/1 codec hands it to filters: each chunk as it
// arrives; end of stream on the chunk that completes a Content-Length body, else on an empty last
// frame, or carried by the trailers of a chunked body.

import type { IncomingMessage } from "node:http";
import type { HeaderPairs } from "../host/index.js";
import { pairsFromRaw } from "./headers.js";

export interface BodySink {
  data(chunk: Uint8Array, endOfStream: boolean): void;
  trailers(trailers: HeaderPairs): void;
}

const EMPTY = new Uint8Array(0);

/** Feeds the body of `message` to `sink`; a message without a body is only drained. */
export function streamBody(message: IncomingMessage, hasBody: boolean, sink: BodySink): void {
  if (!hasBody) {
    message.resume();
    return;
  }
  const declared = message.headers["content-length"];
  const length = declared !== undefined ? Number(declared) : null;
  let seen = 0;
  let ended = false;
  message.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    ended = length !== null && seen >= length;
    sink.data(new Uint8Array(chunk), ended);
  });
  message.on("end", () => {
    if (ended) return;
    const trailers = pairsFromRaw(message.rawTrailers);
    if (trailers.length > 0) sink.trailers(trailers);
    else sink.data(EMPTY, true);
  });
}

/** Whether a request carries a body (HTTP/1.1: a non-zero Content-Length or a Transfer-Encoding). */
export function requestHasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && Number(length) > 0);
}

/** Whether a response to `method` carries a body. */
export function responseHasBody(response: IncomingMessage, method: string): boolean {
  const status = response.statusCode ?? 0;
  if (method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200)) return false;
  return response.headers["content-length"] !== "0";
}
