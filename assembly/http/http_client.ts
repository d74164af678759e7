// wasm-go's HttpClient: calls to another service through an Envoy cluster, answered through a
// callback. AssemblyScript has no closures, so the callback is a plain function that also gets
// the context it acts for: the HttpContext of the request that made the call (running as that
// request, so ResumeHttpRequest, SendHttpResponse and header changes act on it), or, for calls
// made with PluginCall, the PluginContext. State the callback needs travels in that context
// (ctx.SetContext before the call, ctx.GetContext in the callback).
//
// Failures are values: a call the host refuses returns an Error and its callback never runs; a
// call that was sent always ends in exactly one callback (see callout_reply.ts for the status a
// failed call reports), unless its request has ended by then, in which case the reply is dropped
// with a debug line.

import { LogLevel, WasmResult } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { HeaderPair, hasForbiddenHeaderChar } from "../abi/pairs";
import { Log, logEnabled } from "../log/log";
import { HttpCallHandler, dispatchHttpCall } from "../runtime/callouts";
import { currentContextId, findRoot, findStream, switchContext } from "../runtime/contexts";
import { RootContext } from "../runtime/root_context";
import { HttpContext } from "../wrapper/http_context";
import { PluginContext } from "../wrapper/plugin_context";
import { WasmError, types } from "../wrapper/types";
import { CalloutReply, readCalloutReply } from "./callout_reply";
import { parseCalloutUrl } from "./callout_url";
import { Cluster } from "./cluster";

/** The timeout of a call that names none (wasm-go's default). */
export const DEFAULT_TIMEOUT_MS: u32 = 500;
// The host reads the timeout as a signed 32-bit number and refuses anything above this.
const MAX_TIMEOUT_MS: u32 = 0x7fffffff;

/**
 * Receives the reply of a call made during a request (Go: ResponseCallback, plus the request's
 * context, which Go's callback captures instead). It runs as that request.
 */
export type ResponseCallback = (statusCode: i32, responseHeaders: HeaderPair[], responseBody: ArrayBuffer, ctx: HttpContext) => void;

/** Receives the reply of a call made with PluginCall; it runs as the plugin, outside any request. */
export type PluginResponseCallback = (statusCode: i32, responseHeaders: HeaderPair[], responseBody: ArrayBuffer, plugin: PluginContext) => void;

// Logs how a call ended: debug for a reply, warn for a failure, with what the host says caused it.
function logReply(log: Log, cluster: string, reply: CalloutReply): void {
  if (reply.failed) {
    if (!logEnabled(LogLevel.Warn)) return;
    const status = hostcalls.getStatus();
    const cause = status != null ? status.message + " (" + status.code.toString() + ")" : "no reply";
    log.Warn("http call to cluster " + cluster + " failed: " + cause + "; reporting status " + reply.statusCode.toString());
  } else if (logEnabled(LogLevel.Debug)) {
    log.Debug("http call to cluster " + cluster + " answered " + reply.statusCode.toString());
  }
}

class RequestCallout extends HttpCallHandler {
  constructor(private ctx: HttpContext, private callback: ResponseCallback, private cluster: string) {
    super();
  }

  onHttpCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void {
    const reply = readCalloutReply(numHeaders, bodySize);
    logReply(this.ctx.log, this.cluster, reply);
    const callback = this.callback;
    callback(reply.statusCode, reply.headers, reply.body, this.ctx);
  }
}

class PluginCallout extends HttpCallHandler {
  constructor(private plugin: PluginContext, private callback: PluginResponseCallback, private cluster: string) {
    super();
  }

  onHttpCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void {
    const reply = readCalloutReply(numHeaders, bodySize);
    logReply(this.plugin.log, this.cluster, reply);
    const callback = this.callback;
    callback(reply.statusCode, reply.headers, reply.body, this.plugin);
  }
}

// The outgoing request of a call, or why it cannot be sent.
class PreparedCall {
  constructor(public headers: HeaderPair[], public target: string, public error: Error | null) {}
}

function callError(cluster: string, reason: string): Error {
  return new Error("http call to cluster " + cluster + " failed: " + reason);
}

// The URL as an error message can show it: control characters (which make it invalid) would
// break the log line or header the message ends up in.
function printable(url: string): string {
  const n = url.length;
  const out = __new(<usize>n << 1, idof<string>()); // one allocation: a long URL stays linear
  for (let i = 0; i < n; i++) {
    const c = url.charCodeAt(i);
    store<u16>(out + (<usize>i << 1), <u16>(c < 0x20 || c == 0x7f ? 0x3f : c)); // '?'
  }
  return changetype<string>(out);
}

// Go's HttpCall steps 1-6: the caller's headers without pseudo-headers (copied, never changed),
// then `:method`, `:path` and `:authority` at the end.
function prepare(cluster: Cluster, clusterName: string, method: string, rawURL: string, headers: HeaderPair[] | null, timeoutMs: u32): PreparedCall {
  const none = new Array<HeaderPair>();
  if (clusterName.length == 0) return new PreparedCall(none, "", callError('""', "no cluster name (a RouteCluster outside a routed request?)"));
  if (timeoutMs > MAX_TIMEOUT_MS) {
    return new PreparedCall(none, "", callError(clusterName, "timeout " + timeoutMs.toString() + " ms is over the host's limit of " + MAX_TIMEOUT_MS.toString() + " ms"));
  }
  const target = parseCalloutUrl(rawURL);
  if (target.error.length > 0) return new PreparedCall(none, "", callError(clusterName, "invalid url " + printable(rawURL) + ": " + target.error));
  const out = new Array<HeaderPair>();
  if (headers != null) {
    for (let i = 0, n = headers.length; i < n; i++) {
      const pair = unchecked(headers[i]);
      if (pair.key == ":method" || pair.key == ":path" || pair.key == ":authority") continue;
      // Checked here so the error can name the header; the host would only say "bad argument".
      if (hasForbiddenHeaderChar(pair.key) || hasForbiddenHeaderChar(pair.value)) {
        return new PreparedCall(none, "", callError(clusterName, "header " + pair.key + " contains CR, LF or NUL"));
      }
      out.push(pair);
    }
  }
  let authority = target.authority.length > 0 ? target.authority : cluster.HostName();
  if (authority.length == 0) authority = "unknownhost";
  out.push(new HeaderPair(":method", method));
  out.push(new HeaderPair(":path", target.path));
  out.push(new HeaderPair(":authority", authority));
  return new PreparedCall(out, authority + target.path, null);
}

// The error for a call the host refused (status from hostcalls.lastResult()).
function refusal(clusterName: string, status: WasmResult): Error {
  const hostError = types.StatusToError(status);
  const reason = hostError != null ? hostError.message : "the host gave no token";
  const hint = status == WasmResult.BadArgument ? " (unknown cluster?)" : "";
  return new WasmError(status, "http call to cluster " + clusterName + " failed: " + reason + hint);
}

// Logs the sent request by authority and path: the raw URL may carry user info.
function logStart(log: Log, clusterName: string, method: string, prepared: PreparedCall, timeoutMs: u32): void {
  if (logEnabled(LogLevel.Debug)) {
    log.Debug("http call to cluster " + clusterName + ": " + method + " " + prepared.target + ", timeout " + timeoutMs.toString() + " ms");
  }
}

/**
 * Calls `cluster` from the current request (Go: wrapper.HttpCall); `callback` gets the reply with
 * the request's HttpContext. Returns null once sent, else why not. Body null: none.
 */
export function HttpCall(
  cluster: Cluster,
  method: string,
  rawURL: string,
  headers: HeaderPair[] | null,
  body: ArrayBuffer | null,
  callback: ResponseCallback,
  timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
): Error | null {
  const clusterName = cluster.ClusterName();
  const stream = findStream(currentContextId());
  if (stream == null || !(stream instanceof HttpContext)) {
    return callError(clusterName, "no request in progress (outside a request, use PluginCall)");
  }
  const ctx = changetype<HttpContext>(stream);
  const prepared = prepare(cluster, clusterName, method, rawURL, headers, timeoutMs);
  const error = prepared.error;
  if (error != null) return error;
  const handler = new RequestCallout(ctx, callback, clusterName);
  const token = dispatchHttpCall(clusterName, prepared.headers, body != null ? body : new ArrayBuffer(0), [], timeoutMs, handler);
  if (token == 0) return refusal(clusterName, hostcalls.lastResult());
  logStart(ctx.log, clusterName, method, prepared, timeoutMs);
  return null;
}

// The plugin a callback of the current context belongs to, or null.
function currentPlugin(contextId: u32): PluginContext | null {
  const stream = findStream(contextId);
  const root: RootContext | null = stream != null ? stream.root : findRoot(contextId);
  if (root == null || !(root instanceof PluginContext)) return null;
  return changetype<PluginContext>(root);
}

/**
 * Calls `cluster` on behalf of the plugin (from a tick function, a parse function, or a request
 * whose outcome does not depend on it); `callback` gets the reply with the PluginContext, even if
 * the request that made the call has ended. Returns null once sent, else why not.
 */
export function PluginHttpCall(
  cluster: Cluster,
  method: string,
  rawURL: string,
  headers: HeaderPair[] | null,
  body: ArrayBuffer | null,
  callback: PluginResponseCallback,
  timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
): Error | null {
  const clusterName = cluster.ClusterName();
  const caller = currentContextId();
  const plugin = currentPlugin(caller);
  if (plugin == null) return callError(clusterName, "no plugin context (is the plugin built with SetCtx?)");
  // Built as the caller: a RouteCluster reads the calling request's `:authority`.
  const prepared = prepare(cluster, clusterName, method, rawURL, headers, timeoutMs);
  const error = prepared.error;
  if (error != null) return error;
  // The runtime ties a reply to the context that dispatched the call and drops it once that
  // context is gone, so a call made during a request is dispatched as the plugin's root context.
  const asRoot = caller != plugin.contextId;
  if (asRoot) {
    const switched = switchContext(plugin.contextId);
    if (switched != WasmResult.Ok) return refusal(clusterName, switched);
  }
  const handler = new PluginCallout(plugin, callback, clusterName);
  const token = dispatchHttpCall(clusterName, prepared.headers, body != null ? body : new ArrayBuffer(0), [], timeoutMs, handler);
  const status = hostcalls.lastResult();
  // The caller is the stream whose callback is running, so the host still knows it.
  if (asRoot) switchContext(caller);
  if (token == 0) return refusal(clusterName, status);
  logStart(plugin.log, clusterName, method, prepared, timeoutMs);
  return null;
}

/** Sends calls to one cluster (Go: wrapper.HttpClient, made by NewClusterClient). */
export class HttpClient {
  constructor(
    /** Where the calls go. */
    public readonly cluster: Cluster,
  ) {}

  /** GET `rawURL` (a path, or an absolute URL whose host becomes `:authority`). */
  Get(rawURL: string, headers: HeaderPair[] | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "GET", rawURL, headers, null, cb, timeoutMs);
  }

  /** HEAD `rawURL`. */
  Head(rawURL: string, headers: HeaderPair[] | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "HEAD", rawURL, headers, null, cb, timeoutMs);
  }

  /** OPTIONS `rawURL`. */
  Options(rawURL: string, headers: HeaderPair[] | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "OPTIONS", rawURL, headers, null, cb, timeoutMs);
  }

  /** POST `body` to `rawURL`. */
  Post(rawURL: string, headers: HeaderPair[] | null, body: ArrayBuffer | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "POST", rawURL, headers, body, cb, timeoutMs);
  }

  /** PUT `body` to `rawURL`. */
  Put(rawURL: string, headers: HeaderPair[] | null, body: ArrayBuffer | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "PUT", rawURL, headers, body, cb, timeoutMs);
  }

  /** PATCH `rawURL` with `body`. */
  Patch(rawURL: string, headers: HeaderPair[] | null, body: ArrayBuffer | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "PATCH", rawURL, headers, body, cb, timeoutMs);
  }

  /** DELETE `rawURL` (with `body`, as Go allows). */
  Delete(rawURL: string, headers: HeaderPair[] | null, body: ArrayBuffer | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "DELETE", rawURL, headers, body, cb, timeoutMs);
  }

  /** CONNECT `rawURL`. */
  Connect(rawURL: string, headers: HeaderPair[] | null, body: ArrayBuffer | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "CONNECT", rawURL, headers, body, cb, timeoutMs);
  }

  /** TRACE `rawURL`. */
  Trace(rawURL: string, headers: HeaderPair[] | null, body: ArrayBuffer | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, "TRACE", rawURL, headers, body, cb, timeoutMs);
  }

  /** Sends `method` `rawURL` with `body`. */
  Call(method: string, rawURL: string, headers: HeaderPair[] | null, body: ArrayBuffer | null, cb: ResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return HttpCall(this.cluster, method, rawURL, headers, body, cb, timeoutMs);
  }

  /** Sends `method` `rawURL` on behalf of the plugin; the reply goes to a PluginResponseCallback (not in Go). */
  PluginCall(method: string, rawURL: string, headers: HeaderPair[] | null, body: ArrayBuffer | null, cb: PluginResponseCallback, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): Error | null {
    return PluginHttpCall(this.cluster, method, rawURL, headers, body, cb, timeoutMs);
  }

  /** The Envoy cluster name the calls go to. */
  ClusterName(): string {
    return this.cluster.ClusterName();
  }
}

/** A client for `cluster` (Go: wrapper.NewClusterClient). */
export function NewClusterClient(cluster: Cluster): HttpClient {
  return new HttpClient(cluster);
}
