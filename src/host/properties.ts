// Properties (proxy_get_property): paths are segments joined by \0, values use Envoy's encodings
// (strings raw, integers 8-byte little-endian int64, booleans 1 byte, doubles 8 bytes, maps as
// serialized pairs). Resolution follows Envoy: the Wasm tokens and request/response attributes are
// computed from the stream, then the stream's filter state written by proxy_set_property, then the
// host's static attributes (route and cluster names, ...).

import type { HeaderMap } from "./header-map.js";
import type { Context, HttpStream, RootContext } from "./contexts.js";
import { rootOf } from "./contexts.js";
import { serializePairs } from "./pairs.js";
import type { PropertyValue } from "./types.js";

const encoder = new TextEncoder();

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
  "xds.route_name": "test-route-default",
  cluster_name: "test-cluster-default",
  "xds.cluster_name": "test-cluster-default",
  x_request_id: "test-request-id-default",
  "request.id": "test-request-id-default",
};

/** A map property: header values of one name are comma-joined, as CEL's header map does. */
function headerMapValue(map: HeaderMap): Uint8Array {
  const joined = new Map<string, string[]>();
  for (const [k, v] of map.pairs()) joined.set(k, [...(joined.get(k) ?? []), v]);
  return serializePairs([...joined].map(([k, vs]) => [k, vs.join(",")]));
}

function requestAttribute(stream: HttpStream, segments: string[]): Uint8Array | undefined {
  const headers = stream.request.headers;
  if (!headers) return undefined;
  const str = (v: string | undefined) => (v === undefined ? undefined : encoder.encode(v));
  const path = headers.get(":path");
  switch (segments[0]) {
    case "path":
      return str(path);
    case "url_path":
      return str(path?.split("?")[0]);
    case "query": {
      if (path === undefined) return undefined;
      const mark = path.indexOf("?");
      return str(mark === -1 ? "" : path.slice(mark + 1));
    }
    case "host":
      return str(headers.get(":authority"));
    case "scheme":
      return str(headers.get(":scheme"));
    case "method":
      return str(headers.get(":method"));
    case "referer":
      return str(headers.get("referer"));
    case "useragent":
      return str(headers.get("user-agent"));
    case "id":
      return str(headers.get("x-request-id"));
    case "headers":
      if (segments.length === 1) return headerMapValue(headers);
      return segments.length === 2 && headers.get(segments[1]) !== undefined
        ? str(headers.getAll(segments[1]).join(","))
        : undefined;
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
      if (segments.length === 1) return headerMapValue(headers);
      return segments.length === 2 && headers.get(segments[1]) !== undefined
        ? encoder.encode(headers.getAll(segments[1]).join(","))
        : undefined;
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

  /**
   * Resolves a \0-joined path for a context (undefined for the VM context). Root contexts see only
   * the Wasm tokens and static attributes, as in Envoy.
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
      const attribute =
        segments[0] === "request"
          ? requestAttribute(context, segments.slice(1))
          : segments[0] === "response"
            ? responseAttribute(context, segments.slice(1))
            : undefined;
      if (attribute !== undefined) return attribute;
      const state = context.filterState.get(key);
      if (state !== undefined) return state;
    }
    return this.values.get(key);
  }
}
