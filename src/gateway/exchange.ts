// One client request through the plugin: its own HTTP context, request headers, body and trailers
// into the plugin as they arrive, what the plugin lets through on to the upstream, the upstream's
// response back through the response phases, and what passes those on to the client. The plugin
// may hold either direction (a callout, a buffered body) or answer locally at any point, so after
// every call into the plugin the exchange looks at what passed (MockHost.getPassedOn) and forwards
// the new part, rather than assuming a phase order.

import type { ClientRequest, IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { HeaderPairs } from "../host/index.js";
import { requestHasBody, responseHasBody, streamBody } from "./body-stream.js";
import { headerValue, outgoingHeaders, pairsFromRaw } from "./headers.js";
import type { PluginInstance } from "./plugin.js";
import { openUpstream } from "./upstream.js";

const CONNECT_FAILURE = "upstream connect error or disconnect/reset before headers. reset reason: connection failure";

/** The request headers as Envoy presents them to filters: pseudo-headers first, then the rest. */
function requestHeaders(request: IncomingMessage): HeaderPairs {
  const headers = pairsFromRaw(request.rawHeaders);
  const rest = headers.filter(([name]) => name !== "host");
  const pairs: HeaderPairs = [
    [":authority", headerValue(headers, "host") ?? ""],
    [":path", request.url ?? "/"],
    [":method", request.method ?? "GET"],
    [":scheme", "http"],
    ...rest,
  ];
  // Envoy's connection manager gives every request an id unless the client sent one.
  if (headerValue(rest, "x-request-id") === undefined) pairs.push(["x-request-id", randomUUID()]);
  return pairs;
}

export class Exchange {
  /** The stream's context id in the plugin's VM. */
  id = 0;
  done = false;
  private readonly method: string;
  private upstream: ClientRequest | null = null;
  /** No (more) request data goes upstream: it ended, failed, or the plugin answered locally. */
  private upstreamClosed = false;
  /** The gateway cancelled the upstream request itself (its errors are expected). */
  private cancelled = false;
  private upstreamResponse: IncomingMessage | null = null;
  private requestSent = 0;
  private responseSent = 0;
  /** The Content-Length the client was promised, if any. */
  private responseLength: number | null = null;

  constructor(
    private readonly plugin: PluginInstance,
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly upstreamUrl: URL,
  ) {
    this.method = request.method ?? "GET";
  }

  /** Opens the stream context and feeds the request to the plugin as it arrives. */
  start(): void {
    const hasBody = requestHasBody(this.request);
    this.plugin.open(this);
    this.plugin.run(this, (host) => host.callOnHttpRequestHeaders(requestHeaders(this.request), { endOfStream: !hasBody }));
    streamBody(this.request, hasBody, {
      data: (chunk, endOfStream) => this.plugin.run(this, (host) => host.callOnHttpStreamingRequestBody(chunk, endOfStream)),
      trailers: (trailers) => this.plugin.run(this, (host) => host.callOnHttpRequestTrailers(trailers)),
    });
    this.response.on("close", () => {
      if (!this.response.writableFinished) this.abort();
    });
  }

  /** Forwards whatever passed the plugin since the last look; the plugin calls it after each VM call. */
  pump(): void {
    if (this.done) return;
    const host = this.plugin.host;
    host.setCurrentHttpContext(this.id);
    if (host.getStreamResetDetails() !== null) {
      this.abort();
      return;
    }
    if (host.getLocalResponse() !== null) {
      // The request ends at the plugin: whatever went upstream is cancelled, as Envoy resets it.
      if (!this.upstreamClosed || this.upstreamResponse?.complete === false) {
        this.cancelled = true;
        this.upstream?.destroy();
      }
      this.upstreamClosed = true;
    } else {
      this.forwardRequest();
    }
    this.forwardResponse();
  }

  /** Ends the exchange without a complete response (client gone, stream reset, gateway error). */
  abort(): void {
    if (this.done) return;
    this.upstream?.destroy();
    if (!this.response.writableFinished) this.response.destroy();
    this.finish();
  }

  private forwardRequest(): void {
    const host = this.plugin.host;
    const passed = host.getPassedOn("request", this.requestSent);
    if (passed.headers === null || this.upstreamClosed) return;
    if (this.upstream === null) {
      const length = passed.ended ? passed.body.length : null;
      this.upstream = openUpstream(this.upstreamUrl, passed.headers, length, (response) => this.onUpstreamResponse(response));
      this.upstream.on("error", () => this.onUpstreamError());
    }
    if (passed.body.length > 0) {
      this.upstream.write(passed.body);
      this.requestSent += passed.body.length;
    }
    if (passed.ended) {
      if (passed.trailers !== null) this.upstream.addTrailers(outgoingHeaders(passed.trailers));
      this.upstream.end();
      this.upstreamClosed = true;
    }
  }

  private onUpstreamResponse(response: IncomingMessage): void {
    if (this.done) {
      response.destroy();
      return;
    }
    this.upstreamResponse = response;
    const hasBody = responseHasBody(response, this.method);
    const headers: HeaderPairs = [[":status", String(response.statusCode)], ...pairsFromRaw(response.rawHeaders)];
    this.plugin.run(this, (host) => host.callOnHttpResponseHeaders(headers, { endOfStream: !hasBody }));
    streamBody(response, hasBody, {
      data: (chunk, endOfStream) => this.plugin.run(this, (host) => host.callOnHttpStreamingResponseBody(chunk, endOfStream)),
      trailers: (trailers) => this.plugin.run(this, (host) => host.callOnHttpResponseTrailers(trailers)),
    });
    response.on("aborted", () => this.abort());
  }

  /** The upstream failed: before its response Envoy's router answers 503 through the plugin; after, it resets. */
  private onUpstreamError(): void {
    if (this.done || this.cancelled) return;
    if (this.upstreamResponse !== null) {
      this.abort();
      return;
    }
    this.upstreamClosed = true;
    const body = new TextEncoder().encode(CONNECT_FAILURE);
    const headers: HeaderPairs = [[":status", "503"], ["content-length", String(body.length)], ["content-type", "text/plain"]];
    this.plugin.run(this, (host) => host.callOnHttpResponseHeaders(headers, { endOfStream: false }));
    this.plugin.run(this, (host) => host.callOnHttpStreamingResponseBody(body, true));
  }

  private forwardResponse(): void {
    const passed = this.plugin.host.getPassedOn("response", this.responseSent);
    if (passed.headers === null) return;
    if (!this.response.headersSent) {
      const status = Number(headerValue(passed.headers, ":status") ?? 502);
      // A response that passed whole gets the Content-Length of what passed; otherwise the headers go
      // as the plugin left them (a HEAD or bodiless reply keeps the upstream's framing).
      const bodiless = this.method === "HEAD" || status === 204 || status === 304;
      const out = outgoingHeaders(passed.headers);
      if (!bodiless && passed.ended) out["content-length"] = String(passed.body.length);
      this.response.writeHead(status, out);
      if (!bodiless && out["content-length"] !== undefined) this.responseLength = Number(out["content-length"]);
    }
    const total = this.responseSent + passed.body.length;
    if (this.responseLength !== null && (total > this.responseLength || (passed.ended && total < this.responseLength))) {
      // Envoy too would send a body that disagrees with the headers, and the client would choke on it.
      this.plugin.log("warn", "gateway", `stream ${this.id}: the response passed ${passed.ended ? "" : "at least "}${total} body bytes but its content-length says ${this.responseLength}; remove content-length in the response headers phase when the body changes. Stream reset.`);
      this.abort();
      return;
    }
    if (passed.body.length > 0) {
      this.response.write(passed.body);
      this.responseSent += passed.body.length;
    }
    if (passed.ended) {
      if (passed.trailers !== null) this.response.addTrailers(outgoingHeaders(passed.trailers));
      this.response.end();
      if (this.upstreamResponse?.complete === false) this.upstreamResponse.destroy();
      this.finish();
    }
  }

  private finish(): void {
    this.done = true;
    this.plugin.close(this);
  }
}
