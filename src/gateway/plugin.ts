// One loaded plugin: a MockHost with the plugin started, the exchanges running in it, and the
// callouts it makes, sent for real. MockHost is synchronous and holds every stream of its VM, so
// concurrent requests are contexts of one VM, as on an Envoy worker; each call into the plugin
// selects its stream first. After every call the instance sends the callouts the call made and lets
// every exchange forward what passed, since a callout reply can resume or answer any stream. Timers
// the plugin sets fire for real.

import type { IncomingMessage, ServerResponse } from "node:http";
import { basename } from "node:path";
import { GRPC_UNAVAILABLE } from "../host/enums.js";
import { MockHost, type HttpCallout, type LogLevelName, type RedisCallout } from "../host/index.js";
import { ROUTE_CLUSTER, ROUTE_NAME, type ClusterMap } from "./clusters.js";
import { Exchange } from "./exchange.js";
import { envoyReply, sendHttpCallout } from "./http-callout.js";
import type { Logger } from "./log.js";
import { RedisConnection } from "./redis.js";

export interface PluginSettings {
  upstream: URL;
  httpClusters: ClusterMap;
  redisClusters: ClusterMap;
  /** Level of the plugin's logger (Envoy's `wasm` logger). */
  logLevel: LogLevelName;
  log: Logger;
}

const DEFAULT_REDIS_TIMEOUT_MS = 1000;

export class PluginInstance {
  private readonly exchanges = new Set<Exchange>();
  private readonly redis = new Map<string, RedisConnection>();
  private httpSent = 0;
  private redisSent = 0;
  private grpcSent = 0;
  private retired = false;
  private reportedTrap = false;
  private tickTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly host: MockHost,
    private readonly settings: PluginSettings,
  ) {}

  /** Loads and starts a plugin; throws with the reason Envoy would refuse it for. */
  static async load(wasmPath: string, wasm: Uint8Array, config: string | object, settings: PluginSettings): Promise<PluginInstance> {
    const host = await MockHost.create(wasm, {
      config,
      pluginName: basename(wasmPath, ".wasm"),
      logLevel: settings.logLevel,
      properties: {
        route_name: ROUTE_NAME,
        "xds.route_name": ROUTE_NAME,
        cluster_name: ROUTE_CLUSTER,
        "xds.cluster_name": ROUTE_CLUSTER,
        // Envoy has none outside a request (the root context's log lines say [nil]), and each
        // request brings its own x-request-id, which the wrapper copies there: MockHost's test
        // default would stand in for both.
        x_request_id: null,
      },
      onLog: (level, message) => settings.log(level, "plugin", message),
    });
    if (host.startStatus !== "ok") {
      throw new Error(host.startStatus === "start-failed" ? "on_vm_start returned false" : "on_configure rejected the configuration");
    }
    const instance = new PluginInstance(host, settings);
    instance.dispatchCallouts();
    instance.scheduleTick();
    return instance;
  }

  /** Prints a gateway or plugin line. */
  get log(): Logger {
    return this.settings.log;
  }

  /** Runs a request through this plugin. */
  serve(request: IncomingMessage, response: ServerResponse): void {
    new Exchange(this, request, response, this.settings.upstream).start();
  }

  /** Creates the exchange's stream context. */
  open(exchange: Exchange): void {
    exchange.id = this.host.initHttp();
    this.exchanges.add(exchange);
  }

  /** Calls into the plugin on the exchange's stream, then sends new callouts and forwards what passed. */
  run(exchange: Exchange, call: (host: MockHost) => void): void {
    if (exchange.done) return;
    this.guard(() => {
      this.host.setCurrentHttpContext(exchange.id);
      call(this.host);
    }, exchange);
    this.settle();
  }

  /** Ends the exchange's stream as Envoy does (on_log, on_done, on_delete). */
  close(exchange: Exchange): void {
    if (!this.exchanges.delete(exchange)) return;
    this.guard(() => {
      this.host.setCurrentHttpContext(exchange.id);
      this.host.completeHttp();
    });
    if (this.retired && this.exchanges.size === 0) this.dispose();
  }

  /** A newer plugin took over: finish the requests in flight, then let go. */
  retire(): void {
    this.retired = true;
    this.stopTicks();
    if (this.exchanges.size === 0) this.dispose();
  }

  /** Stops everything at once (the gateway shuts down). */
  dispose(): void {
    this.retired = true;
    this.stopTicks();
    for (const exchange of [...this.exchanges]) exchange.abort();
    for (const connection of this.redis.values()) connection.close();
    this.redis.clear();
  }

  /**
   * Arms on_tick at the period the plugin set. Called after every call into the plugin, since any
   * callback may set or change the period.
   */
  private scheduleTick(): void {
    if (this.tickTimer !== null || this.retired) return;
    const period = this.host.getTickPeriod();
    if (period <= 0) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = null;
      this.guard(() => this.host.tick());
      this.settle();
    }, period);
  }

  private stopTicks(): void {
    if (this.tickTimer !== null) clearTimeout(this.tickTimer);
    this.tickTimer = null;
  }

  private guard(action: () => void, exchange?: Exchange): void {
    try {
      action();
    } catch (error) {
      // A host refusal means the gateway drove the stream out of order: end the request rather
      // than leave the client waiting.
      this.settings.log("error", "gateway", `stream ${exchange?.id ?? "-"}: ${(error as Error).message}`);
      exchange?.abort();
    }
  }

  private settle(): void {
    if (this.host.vmFailed && !this.reportedTrap) {
      this.reportedTrap = true;
      this.settings.log("error", "gateway", `the plugin trapped; every request now gets 503 until the wasm changes: ${this.host.vmFailure}`);
    }
    this.dispatchCallouts();
    for (const exchange of [...this.exchanges]) exchange.pump();
    this.scheduleTick();
  }

  private dispatchCallouts(): void {
    for (const callout of this.host.getHttpCalloutAttributes(this.httpSent)) {
      this.httpSent++;
      void this.sendHttp(callout);
    }
    for (const callout of this.host.getRedisCalloutAttributes(this.redisSent)) {
      this.redisSent++;
      void this.sendRedis(callout);
    }
    for (const callout of this.host.getGrpcCalloutAttributes(this.grpcSent)) {
      this.grpcSent++;
      // Without a gRPC transport the call fails as an unreachable service does, so a request the
      // plugin holds for it is released rather than left waiting.
      this.settings.log("warn", "gateway", `gRPC ${callout.kind} to "${callout.service}" ${callout.serviceName}/${callout.method}: not supported by serve, closed as UNAVAILABLE`);
      setImmediate(() => this.deliver(() => this.host.callOnGrpcClose(callout.token, GRPC_UNAVAILABLE, "gRPC callouts are not supported by higress-as serve")));
    }
  }

  /** Delivers a callout reply to the plugin's root context, then forwards what it released. */
  private deliver(call: () => void): void {
    if (this.retired && this.exchanges.size === 0) return;
    this.guard(call);
    this.settle();
  }

  private async sendHttp(callout: HttpCallout): Promise<void> {
    const target = this.settings.httpClusters.resolve(callout.upstream);
    const { log } = this.settings;
    if (target === null) log("warn", "gateway", `http_call to cluster "${callout.upstream}": no mapping; add --cluster '${callout.upstream}=http://HOST:PORT'`);
    else log("debug", "gateway", `http_call ${callout.token} to "${callout.upstream}" -> ${target.origin}`);
    const outcome = target === null ? envoyReply(503, "no healthy upstream") : await sendHttpCallout(callout, target);
    this.deliver(() =>
      outcome.kind === "reply"
        ? this.host.callOnHttpCall(outcome.headers, outcome.body, outcome.trailers, callout.token)
        : this.host.failHttpCall(callout.token),
    );
  }

  private async sendRedis(callout: RedisCallout): Promise<void> {
    const connection = this.redisConnection(callout.upstream);
    const outcome = connection === null ? ({ status: 1 } as const) : await connection.send(callout.query);
    this.deliver(() => this.host.callOnRedisCall(outcome.status, outcome.status === 0 ? outcome.reply : "", callout.token));
  }

  /** The connection for a Redis cluster, logged in as the plugin's proxy_redis_init asked; null if unmapped. */
  private redisConnection(upstream: string): RedisConnection | null {
    const cluster = upstream.split("?")[0];
    const existing = this.redis.get(cluster);
    if (existing) return existing;
    const url = this.settings.redisClusters.resolve(cluster);
    if (url === null) {
      this.settings.log("warn", "gateway", `redis call to cluster "${cluster}": no mapping; add --redis '${cluster}=redis://HOST:PORT'`);
      return null;
    }
    const init = this.host.getRedisInits().reverse().find((i) => i.cluster.split("?")[0] === cluster);
    const options = new URLSearchParams(init?.cluster.split("?")[1] ?? "");
    const connection = new RedisConnection(
      url,
      {
        username: init?.username ?? "",
        password: init?.password ?? "",
        db: Number(options.get("db") ?? 0) || 0,
        timeoutMs: init !== undefined && init.timeoutMs > 0 ? init.timeoutMs : DEFAULT_REDIS_TIMEOUT_MS,
      },
      (message) => this.settings.log("warn", "gateway", message),
    );
    this.settings.log("debug", "gateway", `redis cluster "${cluster}" -> ${url.host}`);
    this.redis.set(cluster, connection);
    return connection;
  }
}
