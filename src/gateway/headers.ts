// Headers between Node's HTTP messages and proxy-wasm header maps. Envoy's HTTP/1 codec keeps
// connection-level headers to itself, so the plugin never sees them and the gateway sets its own
// on each hop; pseudo-headers exist only inside the proxy.

import type { OutgoingHttpHeaders } from "node:http";
import type { HeaderPairs } from "../host/index.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

/** Node's raw [name, value, name, value, ...] list as lowercased pairs, without hop-by-hop headers. */
export function pairsFromRaw(raw: string[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!HOP_BY_HOP.has(name)) pairs.push([name, raw[i + 1]]);
  }
  return pairs;
}

/** The value of the first header of that name, or undefined. */
export function headerValue(pairs: HeaderPairs, name: string): string | undefined {
  return pairs.find(([key]) => key === name)?.[1];
}

/** Pairs as Node's outgoing headers, pseudo-headers and `skip` left out, repeated names kept. */
export function outgoingHeaders(pairs: HeaderPairs, skip: string[] = []): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    if (name.startsWith(":") || HOP_BY_HOP.has(name) || skip.includes(name)) continue;
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else out[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
