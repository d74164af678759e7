// `higress-as serve`: runs a plugin in a local gateway (src/gateway) in front of an upstream, until
// interrupted. This file only turns arguments into gateway options.

import { CliError, type Command } from "./command.js";
import { parseMapping, type ClusterMapping } from "../gateway/clusters.js";
import { isLogLevel, levelLogger } from "../gateway/log.js";
import { Gateway, type GatewayOptions } from "../gateway/server.js";
import type { LogLevelName } from "../host/index.js";

const HELP = [
  "Runs the plugin in a local gateway: every request goes through the plugin's request phases,",
  "then to the upstream (or back as the plugin's local reply), and the response back through its",
  "response phases. HTTP and Redis callouts go for real to the services their clusters map to.",
  "The plugin reloads when the wasm or config file changes; if the new one fails, the last good",
  "plugin keeps serving.",
  "",
  "Options:",
  "  --plugin FILE         the compiled plugin (.wasm)",
  "  --upstream URL        where requests go, e.g. http://127.0.0.1:8080",
  "  --config FILE         plugin configuration: .json, .yaml, or any other file passed verbatim",
  "                        (default: {})",
  "  --port N              port to listen on (default 10000; 0 picks a free one)",
  "  --host ADDRESS        address to listen on (default 127.0.0.1)",
  "  --cluster NAME=URL    send http_calls for cluster NAME to URL; NAME is the whole cluster name",
  "                        (outbound|8080||auth.dns) or its host part (auth.dns). Repeatable.",
  "  --redis NAME=URL      send Redis calls for cluster NAME to URL (redis://HOST:PORT[/DB]). Repeatable.",
  "  --log-level LEVEL     trace, debug, info, warn, error or critical (default info)",
  "",
  "Unmapped outbound|PORT|VERSION|HOST clusters: a Higress registry name (.dns, .static,",
  ".svc.cluster.local, .nacos, .consul) goes to 127.0.0.1:PORT, any other HOST to HOST:PORT.",
];

const VALUE_OPTIONS = ["--plugin", "--upstream", "--config", "--port", "--host", "--cluster", "--redis", "--log-level"];

/** Parses the arguments; throws with a one-line reason. */
export function parseServeArgs(args: string[]): Omit<GatewayOptions, "log"> {
  const values = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.includes(name)) throw new Error(`Unknown option: ${arg}`);
    const value = name !== arg ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const single = (name: string): string | undefined => {
    const given = values.get(name);
    if (given !== undefined && given.length > 1) throw new Error(`${name} given more than once`);
    return given?.[0];
  };
  const plugin = single("--plugin");
  const upstream = single("--upstream");
  if (plugin === undefined) throw new Error("--plugin is required");
  if (upstream === undefined) throw new Error("--upstream is required");
  let upstreamUrl: URL;
  try {
    upstreamUrl = new URL(upstream);
  } catch {
    throw new Error(`--upstream: "${upstream}" is not a URL`);
  }
  if (upstreamUrl.protocol !== "http:" && upstreamUrl.protocol !== "https:") throw new Error("--upstream must be an http:// or https:// URL");
  const port = Number(single("--port") ?? 10000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be 0-65535");
  const level = single("--log-level") ?? "info";
  if (!isLogLevel(level)) throw new Error(`--log-level: unknown level "${level}"`);
  const mappings = (flag: string, protocols: string[]): ClusterMapping[] =>
    (values.get(flag) ?? []).map((text) => parseMapping(flag, text, protocols));
  return {
    pluginPath: plugin,
    configPath: single("--config") ?? null,
    upstream: upstreamUrl,
    host: single("--host") ?? "127.0.0.1",
    port,
    clusters: mappings("--cluster", ["http:", "https:"]),
    redis: mappings("--redis", ["redis:"]),
    pluginLogLevel: level as LogLevelName,
  };
}

/** `higress-as serve`: runs until SIGINT or SIGTERM. */
export const serveCommand: Command = {
  name: "serve",
  usage: "higress-as serve --plugin FILE.wasm --upstream URL [--config FILE] [--port N] [options]",
  summary: "run a plugin in a local gateway in front of an upstream",
  help: HELP,
  async run(args, io) {
    let options: Omit<GatewayOptions, "log">;
    try {
      options = parseServeArgs(args);
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    const log = levelLogger(options.pluginLogLevel, (line) => io.out(line));
    let gateway: Gateway;
    try {
      gateway = await Gateway.start({ ...options, log });
    } catch (error) {
      throw new CliError((error as Error).message, 1);
    }
    log("info", "gateway", `listening on ${gateway.url}, upstream ${options.upstream.origin}`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await gateway.stop();
    return 0;
  },
};
