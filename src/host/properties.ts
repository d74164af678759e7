// Properties (proxy_get_property): paths are segments joined by \0, values use Envoy's encodings
// (strings raw, integers 8-byte little-endian int64, booleans 1 byte, doubles 8 bytes, maps as
// serialized pairs). Resolution follows Envoy's Context::getProperty: the first segment is a token
// (Wasm tokens, request/response attributes computed from the stream) or else the name of a
// proxy_set_property value in the stream's filter state; the host's static attributes (route and
// cluster names, ...) stand in for what Envoy reads from its stream info and config.

import { commaJoined, type HeaderMap } from "./header-map.js";
import type { Context, HttpStream, RootContext } from "./contexts.js";
import { rootOf } from "./contexts.js";
import { serializePairs } from "./pairs.js";
import type { HeaderBytePairs, PropertyValue } from "./types.js";

const encoder = new TextEncoder();
const QUESTION_MARK = 0x3f;
const HASH = 0x23;

/** The \0-joined key of a path given as "a.b.c" or as segments. */
export function propertyKey(path: string | string[]): string {
  return (typeof path === "string" ? path.split(".") : path).join("\0");
}

/** Encodes a value the way Envoy serializes the matching CEL type. */
export function encodePropertyValue(value: PropertyValue): Uint8Array {
  if (value instanceof Uint8Array) return value.slice();
  if (typeof value === "string") return encoder.encode(value);
  if (typeof value === "boolean") return Uint8Array.of(value ? 1 : 0);
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  if (typeof value === "bigint") view.setBigUint64(0, BigInt.asUintN(64, value), true);
  else if (Number.isInteger(value)) view.setBigInt64(0, BigInt(value), true);
  else view.setFloat64(0, value, true);
  return out;
}

/** Default static attributes, as wasm-go's test host sets them. */
export const DEFAULT_PROPERTIES: Record<string, PropertyValue> = {
  route_name: "test-route-default",
  cluster_name: "test-cluster-default",
  x_request_id: "test-request-id-default",
};

/**
 * Names that are one value in Envoy (the legacy token and its xds.* twin read the same route or
 * cluster), plus wasm-go's x_request_id beside the id Envoy's connection manager gives a request
 * (request.id). Setting one name of a group sets them all, so a test's value is never shadowed
 * by a default under the other name.
 */
const ALIASES: string[][] = [
  ["route_name", "xds.route_name"],
  ["cluster_name", "xds.cluster_name"],
  ["x_request_id", "request.id"],
];

/** The names a property path sets: itself and its aliases. */
export function aliasesOf(path: string): string[] {
  return ALIASES.find((group) => group.includes(path)) ?? [path];
}

/** request.* attributes Envoy computes from the request header map (RequestWrapper). */
const HEADER_ATTRIBUTES = new Set(["path", "url_path", "query", "host", "scheme", "method", "referer", "useragent", "id", "headers"]);

/**
 * A map property: header values of one name are comma-joined, as CEL's header map does. Envoy
 * writes the pair count even for an empty map.
 */
function headerMapValue(pairs: HeaderBytePairs): Uint8Array {
  const joined = new Map<string, Uint8Array[]>();
  for (const [k, v] of pairs) joined.set(k, [...(joined.get(k) ?? []), v]);
  return joined.size === 0 ? new Uint8Array(4) : serializePairs([...joined].map(([k, vs]) => [k, commaJoined(vs)]));
}

/**
 * The request header map as Envoy's Wasm context holds it: from on_request_headers until the
 * request goes on (the callback returned Continue, or proxy_continue_stream), and the access-log
 * copy in on_log; null in body callbacks after that and in the response phase.
 */
function reachableRequestHeaders(stream: HttpStream): HeaderMap | null {
  return stream.request.headersWritable || stream.accessLogPhase ? stream.request.headers : null;
}

/** The bytes before the first `mark` (all of them if there is none) and the bytes after it (or null). */
function splitAt(bytes: Uint8Array, mark: number): [Uint8Array, Uint8Array | null] {
  const at = bytes.indexOf(mark);
  return at === -1 ? [bytes, null] : [bytes.subarray(0, at), bytes.subarray(at + 1)];
}

/** A request.* attribute computed from the request headers (undefined: NotFound); header bytes as they are. */
function requestHeaderAttribute(headers: HeaderMap, segments: string[]): Uint8Array | undefined {
  const path = headers.getBytes(":path") ?? new Uint8Array(0);
  switch (segments[0]) {
    case "path":
      return headers.getBytes(":path");
    case "url_path":
      return splitAt(path, QUESTION_MARK)[0];
    case "query":
      return splitAt(splitAt(path, QUESTION_MARK)[1] ?? new Uint8Array(0), HASH)[0];
    case "host":
      return headers.getBytes(":authority");
    case "scheme":
      return headers.getBytes(":scheme");
    case "method":
      return headers.getBytes(":method");
    case "referer":
      return headers.getBytes("referer");
    case "useragent":
      return headers.getBytes("user-agent");
    case "id":
      return headers.getBytes("x-request-id");
    default:
      return undefined;
  }
}

function responseAttribute(stream: HttpStream, segments: string[]): Uint8Array | undefined {
  const headers = stream.response.headers;
  switch (segments[0]) {
    case "code": {
      const status = headers?.get(":status");
      return status === undefined ? undefined : encodePropertyValue(Number(status));
    }
    case "code_details":
      return stream.localResponse ? encoder.encode(stream.localResponse.statusCodeDetails) : undefined;
    case "headers":
      if (!headers) return undefined;
      if (segments.length === 1) return headerMapValue(headers.bytePairs());
      return segments.length === 2 && headers.get(segments[1]) !== undefined ? commaJoined(headers.getAllBytes(segments[1])) : undefined;
    default:
      return undefined;
  }
}

/** Host-level static attributes, shared by every context of the VM. */
export class PropertyStore {
  private readonly values = new Map<string, Uint8Array>();

  constructor(private readonly vmId: string) {}

  set(path: string | string[], value: PropertyValue): void {
    this.values.set(propertyKey(path), encodePropertyValue(value));
  }

  /** Sets dotted paths, each with those of its aliases that `properties` does not name itself; null sets nothing. */
  assign(properties: Record<string, PropertyValue | null>): void {
    for (const [path, value] of Object.entries(properties)) {
      if (value === null) continue;
      for (const name of aliasesOf(path)) if (name === path || !(name in properties)) this.set(name, value);
    }
  }

  /**
   * A request.* attribute. The header-derived ones exist only while Envoy holds the request
   * headers (RequestWrapper over a null map answers NotFound, and an empty map for
   * request.headers); request.id falls back to the static id that stands in for the x-request-id
   * Envoy's connection manager adds. Other attributes (time, protocol, sizes) come from stream
   * info, which the static values stand in for.
   */
  private request(stream: HttpStream, key: string, segments: string[]): Uint8Array | undefined {
    if (!HEADER_ATTRIBUTES.has(segments[0])) return this.values.get(key);
    const headers = reachableRequestHeaders(stream);
    if (segments[0] === "headers") {
      if (segments.length === 1) return headerMapValue(headers?.bytePairs() ?? []);
      const values = segments.length === 2 ? (headers?.getAllBytes(segments[1]) ?? []) : [];
      return values.length > 0 ? commaJoined(values) : undefined;
    }
    if (headers === null || segments.length > 1) return undefined;
    return requestHeaderAttribute(headers, segments) ?? (segments[0] === "id" ? this.values.get(key) : undefined);
  }

  /**
   * Resolves a \0-joined path for a context (undefined for the VM context). Root contexts see only
   * the Wasm tokens and static attributes, as in Envoy; request.* needs a stream.
   */
  resolve(key: string, context: Context | undefined): Uint8Array | undefined {
    const segments = key.split("\0");
    const root: RootContext | undefined = context && rootOf(context);
    if (segments.length === 1 && root) {
      if (key === "plugin_name") return encoder.encode(root.pluginName);
      if (key === "plugin_root_id") return encoder.encode(root.handle.rootId);
    }
    if (key === "plugin_vm_id") return encoder.encode(this.vmId);
    if (context?.kind === "http") {
      if (segments[0] === "request") return this.request(context, key, segments.slice(1));
      const attribute = segments[0] === "response" ? responseAttribute(context, segments.slice(1)) : undefined;
      if (attribute !== undefined) return attribute;
      // Envoy looks up the first segment only (filter state "wasm.<name>"): a value stored by
      // proxy_set_property under a multi-segment path is never found, and bytes have no fields.
      const state = segments.length === 1 ? context.filterState.get(key) : undefined;
      if (state !== undefined) return state;
    } else if (segments[0] === "request") {
      return undefined;
    }
    return this.values.get(key);
  }
}
