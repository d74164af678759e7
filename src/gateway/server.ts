// The local gateway: an HTTP server in front of one upstream, running every request through the
// current plugin. The plugin is reloaded when its wasm or config file changes; a plugin that fails
// to load or start, or a config it rejects, is reported and the last good plugin keeps serving.
// Requests in flight finish on the plugin they started on.

import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { LogLevelName } from "../host/index.js";
import { ClusterMap, ROUTE_CLUSTER, type ClusterMapping } from "./clusters.js";
import { loadConfig } from "./config-file.js";
import type { Logger } from "./log.js";
import { PluginInstance, type PluginSettings } from "./plugin.js";
import { watchFiles } from "./reload.js";

export interface GatewayOptions {
  pluginPath: string;
  /** Plugin configuration file (JSON, YAML, or raw); none means an empty configuration. */
  configPath: string | null;
  upstream: URL;
  host: string;
  /** 0 picks a free port. */
  port: number;
  clusters: ClusterMapping[];
  redis: ClusterMapping[];
  pluginLogLevel: LogLevelName;
  log: Logger;
}

export class Gateway {
  private readonly server: http.Server;
  private stopWatching: () => void = () => {};
  private reloading: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: GatewayOptions,
    private readonly settings: PluginSettings,
    private plugin: PluginInstance,
  ) {
    this.server = http.createServer((request, response) => this.plugin.serve(request, response));
  }

  /** Loads the plugin and starts listening; throws if the plugin cannot start or the port is taken. */
  static async start(options: GatewayOptions): Promise<Gateway> {
    const settings: PluginSettings = {
      upstream: options.upstream,
      // Explicit flags first, so one can still send the route cluster elsewhere.
      httpClusters: new ClusterMap([...options.clusters, { name: ROUTE_CLUSTER, url: options.upstream }], "http:"),
      redisClusters: new ClusterMap(options.redis, "redis:"),
      logLevel: options.pluginLogLevel,
      log: options.log,
    };
    const plugin = await loadPlugin(options, settings);
    const gateway = new Gateway(options, settings, plugin);
    await new Promise<void>((resolve, reject) => {
      gateway.server.once("error", reject);
      gateway.server.listen(options.port, options.host, () => resolve());
    });
    const paths = options.configPath === null ? [options.pluginPath] : [options.pluginPath, options.configPath];
    gateway.stopWatching = watchFiles(paths, () => gateway.reload());
    return gateway;
  }

  /** The address clients reach the gateway at. */
  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  }

  /** Loads the files again and switches to the new plugin if it starts; in order, one at a time. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const { log } = this.options;
      try {
        const next = await loadPlugin(this.options, this.settings);
        this.plugin.retire();
        this.plugin = next;
        log("info", "gateway", `reloaded ${this.options.pluginPath}`);
      } catch (error) {
        log("error", "gateway", `reload failed, still serving the previous plugin: ${(error as Error).message}`);
      }
    });
    return this.reloading;
  }

  /** Stops listening and ends every request in flight. */
  async stop(): Promise<void> {
    this.stopWatching();
    await this.reloading;
    this.plugin.dispose();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function loadPlugin(options: GatewayOptions, settings: PluginSettings): Promise<PluginInstance> {
  const wasm = new Uint8Array(await readFile(options.pluginPath));
  const config = options.configPath === null ? {} : await loadConfig(options.configPath);
  try {
    return await PluginInstance.load(options.pluginPath, wasm, config, settings);
  } catch (error) {
    throw new Error(`${options.pluginPath}: ${(error as Error).message}`);
  }
}
