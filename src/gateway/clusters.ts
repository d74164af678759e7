// Where a callout's cluster name points on a developer's machine. The SDK names clusters the way
// Higress does (`outbound|<port>|<version>|<host>`, see assembly/http/cluster.ts); Higress resolves
// them through its service registries, which do not exist here. So: an explicit mapping wins (by
// the whole cluster name or by its host part), a registry name (`auth.dns`, `auth.static`,
// `svc.ns.svc.cluster.local`, Nacos, Consul) stands for a service running locally on its port,
// and any other host is a real host name, reached at host:port.

/**
 * The `cluster_name` and route the gateway's requests carry: a `RouteCluster` callout (the current
 * route's cluster) goes to the upstream, as it does in Higress.
 */
export const ROUTE_CLUSTER = "upstream";
export const ROUTE_NAME = "serve";

/** A mapping flag, `NAME=URL`, as given on the command line. */
export interface ClusterMapping {
  name: string;
  url: URL;
}

/** The registry suffixes Higress gives service names; such a host does not resolve outside the mesh. */
const REGISTRY_SUFFIXES = [".dns", ".static", ".svc.cluster.local", ".nacos", ".nacos-ext", ".consul"];

/** Parses `NAME=URL`; throws with a one-line reason. */
export function parseMapping(flag: string, text: string, protocols: string[]): ClusterMapping {
  const at = text.indexOf("=");
  if (at <= 0) throw new Error(`${flag} expects NAME=URL, got "${text}"`);
  const name = text.slice(0, at);
  let url: URL;
  try {
    url = new URL(text.slice(at + 1));
  } catch {
    throw new Error(`${flag} ${name}: "${text.slice(at + 1)}" is not a URL`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${flag} ${name}: the URL must start with ${protocols.map((p) => `${p}//`).join(" or ")}`);
  return { name, url };
}

/** The parts of an `outbound|port|version|host` name, or null for any other name. */
function outboundParts(cluster: string): { port: number; host: string } | null {
  const parts = cluster.split("|");
  if (parts.length !== 4 || parts[0] !== "outbound") return null;
  const port = Number(parts[1]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535 || parts[3] === "") return null;
  return { port, host: parts[3] };
}

/** Cluster names to URLs for one kind of callout (HTTP or Redis). */
export class ClusterMap {
  constructor(
    private readonly mappings: ClusterMapping[],
    /** The scheme of rule-made URLs, "http:" or "redis:". */
    private readonly protocol: string,
  ) {}

  /** The URL for a cluster name (its `?options` ignored), or null when no mapping or rule applies. */
  resolve(cluster: string): URL | null {
    const name = cluster.split("?")[0];
    const outbound = outboundParts(name);
    const explicit = this.mappings.find((m) => m.name === name) ?? this.mappings.find((m) => outbound !== null && m.name === outbound.host);
    if (explicit) return explicit.url;
    if (outbound === null) return null;
    const local = REGISTRY_SUFFIXES.some((suffix) => outbound.host.endsWith(suffix));
    const host = local ? "127.0.0.1" : outbound.host.includes(":") ? `[${outbound.host}]` : outbound.host;
    return new URL(`${this.protocol}//${host}:${outbound.port}`);
  }
}
