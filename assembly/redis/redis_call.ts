// One Redis call from a plugin: who asked (a request or the plugin itself), sending the RESP query
// through the runtime's callout registry, turning the host's reply into a RedisValue, and the
// NOAUTH recovery of wasm-go (log in again, send the same query once more). AssemblyScript has no
// closures, so the callback is a plain function and the context it needs travels with the call.

import { BufferType, LogLevel, RedisStatus, WasmResult } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { Cluster } from "../http/cluster";
import { Log, log, logEnabled } from "../log/log";
import { RedisCallHandler, dispatchRedisCall } from "../runtime/callouts";
import { currentContextId, findRoot, findStream } from "../runtime/contexts";
import { HttpContext } from "../wrapper/http_context";
import { PluginContext } from "../wrapper/plugin_context";
import { types } from "../wrapper/types";
import { RespReader } from "./resp";
import { RedisValue, RespType } from "./redis_value";

/**
 * Receives the reply of a call made while handling a request (Go: RedisResponseCallback). It runs
 * as that request, so ResumeHttpRequest / SendHttpResponse act on it; state goes through `ctx`.
 */
export type RedisResponseCallback = (response: RedisValue, ctx: HttpContext) => void;

/** Receives the reply of a call made by the plugin itself (a tick function, configuration). */
export type RedisPluginCallback = (response: RedisValue, plugin: PluginContext) => void;

// Redis's answers to a command on a connection that has not logged in: the first from a server
// with a password, the second when it refuses the request before reading it (wasm-go matches both).
// Lazy, so plugins without Redis do not carry them.
@lazy const AUTH_REQUIRED = "NOAUTH Authentication required";
@lazy const UNAUTHENTICATED = "unauthenticated";

/** The plugin and, for a request, the HttpContext a call belongs to, with the callback to run. */
export class RedisCaller {
  private constructor(
    /** The plugin that made the call. */
    readonly plugin: PluginContext,
    private readonly http: HttpContext | null,
    private readonly onResponse: RedisResponseCallback | null,
    private readonly onPluginResponse: RedisPluginCallback | null,
  ) {}

  /** The request being handled now, with `callback`; null outside a request of a SetCtx plugin. */
  static forRequest(callback: RedisResponseCallback): RedisCaller | null {
    const ctx = currentHttpContext();
    return ctx == null ? null : new RedisCaller(ctx.plugin, ctx, callback, null);
  }

  /** The plugin running now (in a tick, its configuration or one of its requests), with `callback`. */
  static forPlugin(callback: RedisPluginCallback): RedisCaller | null {
    const plugin = currentPluginContext();
    return plugin == null ? null : new RedisCaller(plugin, null, null, callback);
  }

  /** Runs the callback with the reply. */
  deliver(response: RedisValue): void {
    const ctx = this.http;
    const onResponse = this.onResponse;
    if (ctx != null && onResponse != null) {
      onResponse(response, ctx);
      return;
    }
    const onPluginResponse = this.onPluginResponse;
    if (onPluginResponse != null) onPluginResponse(response, this.plugin);
  }
}

/** The error a request-style call returns when no request is being handled. */
export function notInRequestError(): Error {
  return new Error("redis call made outside a request: use PluginCommand or PluginEval from tick functions and configuration");
}

/** The error a plugin-style call returns when no SetCtx plugin is running. */
export function notInPluginError(): Error {
  return new Error("redis call made outside a SetCtx plugin's callbacks");
}

function currentHttpContext(): HttpContext | null {
  const stream = findStream(currentContextId());
  if (stream instanceof HttpContext) return changetype<HttpContext>(stream);
  return null;
}

function currentPluginContext(): PluginContext | null {
  const id = currentContextId();
  const root = findRoot(id);
  if (root instanceof PluginContext) return changetype<PluginContext>(root);
  const ctx = currentHttpContext();
  return ctx == null ? null : ctx.plugin;
}

/** The running plugin's logger, else the package-level one. */
export function currentLog(): Log {
  const plugin = currentPluginContext();
  return plugin == null ? log.PluginLog() : plugin.log;
}

/**
 * A client's login to its cluster and whether it holds (Go: the `ready` flag and checkReadyFunc).
 * Shared by the client and the replies of its calls, which mark it lost on NOAUTH.
 */
export class RedisLogin {
  /** Whether the last proxy_redis_init succeeded and no NOAUTH came since. */
  ready: bool = false;
  private initialized: bool = false;
  private cluster: string = "";
  private username: string = "";
  private password: string = "";
  private timeoutMs: u32 = 0;

  /** Remembers the settings and logs in; on failure the client stays not ready (Go's Init). */
  init(clusterWithOptions: string, username: string, password: string, timeoutMs: u32): void {
    this.initialized = true;
    this.cluster = clusterWithOptions;
    this.username = username;
    this.password = password;
    this.timeoutMs = timeoutMs;
    const error = this.login();
    if (error != null) currentLog().Warn("failed to init redis: " + error.message + ", will retry later");
  }

  /** Null when calls may go out, logging in again first if needed (Go's checkReadyFunc). */
  check(): Error | null {
    if (!this.initialized) return new Error("redis client is not ready, please call Init() first");
    if (this.ready) return null;
    const error = this.login();
    if (error != null) {
      currentLog().Error("failed to re-authenticate redis: " + error.message);
      return error;
    }
    currentLog().Info("redis re-authentication successful");
    return null;
  }

  private login(): Error | null {
    const result = hostcalls.redisInit(this.cluster, this.username, this.password, this.timeoutMs);
    this.ready = result == WasmResult.Ok;
    return this.ready ? null : hostError(result);
  }
}

function hostError(result: WasmResult): Error {
  const error = types.StatusToError(result);
  return error != null ? error : new Error("error status returned by host: " + result.toString());
}

// Waits for the reply of one call. `login` is the client's, for the NOAUTH retry; null for a
// retry (there is only one) and for raw RedisCall (Go does not retry those either).
class RedisReply extends RedisCallHandler {
  constructor(
    private readonly cluster: string,
    private readonly query: ArrayBuffer,
    private readonly caller: RedisCaller,
    private readonly login: RedisLogin | null,
  ) {
    super();
  }

  onRedisCallResponse(status: RedisStatus, responseSize: usize): void {
    const logger = this.caller.plugin.log;
    const response = readResponse(logger, status, responseSize);
    const login = this.login;
    if (login != null && isAuthFailure(response)) {
      logger.Warn("redis authentication required, marking the client not ready and logging in again");
      login.ready = false;
      const error = login.check();
      if (error == null) {
        // The retry's reply goes to the same callback; this one is not delivered.
        if (sendRedisQuery(this.cluster, this.query, this.caller, null) == null) return;
        logger.Error("redis retry could not be sent, the NOAUTH error is delivered");
      }
    }
    this.caller.deliver(response);
  }
}

function readResponse(logger: Log, status: RedisStatus, responseSize: usize): RedisValue {
  if (status != RedisStatus.Ok) {
    logger.Critical("redis call failed: cannot connect to the redis cluster (status " + (<i32>status).toString() + ")");
    return RedisValue.ErrorValue("cannot connect to redis cluster");
  }
  const bytes = hostcalls.getBufferBytes(BufferType.RedisCallResponse, 0, <u32>responseSize);
  if (bytes == null) {
    logger.Critical("failed to get the redis response: WasmResult " + hostcalls.lastResult().toString());
    return RedisValue.ErrorValue("cannot get redis response");
  }
  const reader = new RespReader(bytes);
  const value = reader.ReadValue();
  const malformed = reader.error;
  if (malformed != null) logger.Critical("failed to read the redis response: " + malformed);
  return value;
}

function isAuthFailure(response: RedisValue): bool {
  if (response.Type() != RespType.Error) return false;
  const message = response.String();
  return message.includes(AUTH_REQUIRED) || message.includes(UNAUTHENTICATED);
}

/** Sends `query` to `cluster` for `caller`; the host's refusal is returned (and logged), never thrown. */
export function sendRedisQuery(cluster: string, query: ArrayBuffer, caller: RedisCaller, login: RedisLogin | null): Error | null {
  const token = dispatchRedisCall(cluster, query, new RedisReply(cluster, query, caller, login));
  if (token == 0) {
    const error = hostError(hostcalls.lastResult());
    caller.plugin.log.Critical("redis call to " + cluster + " failed: " + error.message);
    return error;
  }
  if (logEnabled(LogLevel.Debug)) caller.plugin.log.Debug("redis call start, cluster: " + cluster + ", token: " + token.toString());
  return null;
}

/**
 * Sends a raw RESP query (e.g. from encodeResp) to `cluster` while handling a request; `callback`
 * gets the reply. No login retry (Go: wrapper.RedisCall).
 */
export function RedisCall(cluster: Cluster, respQuery: ArrayBuffer, callback: RedisResponseCallback): Error | null {
  const caller = RedisCaller.forRequest(callback);
  if (caller == null) return notInRequestError();
  return sendRedisQuery(cluster.ClusterName(), respQuery, caller, null);
}
