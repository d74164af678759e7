// The headers Envoy keeps in an inline (O(1)) slot, per header map type. A map holds at most one
// entry per slot: HeaderMapImpl::insertByKey appends a second value to the slot's entry with ","
// (nothing for an empty value) instead of adding an entry. Every addCopy goes through it, so
// duplicates arriving from the codec, proxy_add_header_map_value, proxy_set_header_map_pairs,
// http_call headers and local-reply headers all end up as one comma-joined header; any other name
// (set-cookie, x-custom...) keeps one entry per value.
//
// Sources: envoy/http/header_map.h (INLINE_REQ_*, INLINE_RESP_*, INLINE_REQ_RESP_*,
// INLINE_RESP_HEADERS_TRAILERS), source/common/http/header_map_impl.cc (StaticLookupTable per map
// type; request headers also map the legacy "host" name onto the ":authority" slot; request
// trailers have no default slot), plus the RegisterCustomInlineHeader registrations linked into
// every Envoy that runs Wasm (filters/common/expr/context.cc: referer, read by CEL's
// request.referer) and into Higress's build (filters/http/cors/cors_filter.cc).

/** The four concrete header map types of Envoy. */
export type HeaderMapKind = "request-headers" | "request-trailers" | "response-headers" | "response-trailers";

const REQUEST_AND_RESPONSE = [
  "connection",
  "content-type",
  "x-envoy-decorator-operation",
  "keep-alive",
  "proxy-connection",
  "proxy-status",
  "x-request-id",
  "transfer-encoding",
  "upgrade",
  "via",
  "content-length",
  "x-envoy-attempt-count",
];

const REQUEST_ONLY = [
  "x-client-trace-id",
  "x-envoy-downstream-service-cluster",
  "x-envoy-downstream-service-node",
  "x-envoy-external-address",
  "x-envoy-force-trace",
  "x-envoy-hedge-on-per-try-timeout",
  "x-envoy-internal",
  "x-envoy-ip-tags",
  "x-envoy-retry-on",
  "x-envoy-retry-grpc-on",
  "x-envoy-retriable-status-codes",
  "x-envoy-retriable-header-names",
  "x-envoy-is-timeout-retry",
  "x-envoy-original-path",
  "x-envoy-upstream-alt-stat-name",
  "x-envoy-upstream-rq-timeout-alt-response",
  "expect",
  "x-forwarded-client-cert",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "grpc-timeout",
  ":authority",
  ":method",
  ":path",
  ":protocol",
  ":scheme",
  "te",
  "user-agent",
  "x-envoy-expected-rq-timeout-ms",
  "x-envoy-max-retries",
  "x-envoy-upstream-rq-timeout-ms",
  "x-envoy-upstream-rq-per-try-timeout-ms",
  "x-envoy-upstream-stream-duration-ms",
  "x-forwarded-port",
  // custom registrations
  "referer",
  "origin",
  "access-control-request-method",
  "access-control-request-headers",
];

const RESPONSE_AND_TRAILERS = ["grpc-message", "grpc-status"];

const RESPONSE_ONLY = [
  "date",
  "x-envoy-degraded",
  "x-envoy-immediate-health-check-fail",
  "x-envoy-ratelimited",
  "x-envoy-upstream-canary",
  "x-envoy-upstream-healthchecked-cluster",
  "location",
  "server",
  "x-envoy-upstream-service-time",
  ":status",
  // custom registrations (CORS)
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-max-age",
  "access-control-expose-headers",
];

const INLINE: Record<HeaderMapKind, ReadonlySet<string>> = {
  "request-headers": new Set([...REQUEST_ONLY, ...REQUEST_AND_RESPONSE]),
  "request-trailers": new Set(),
  "response-headers": new Set([...RESPONSE_ONLY, ...REQUEST_AND_RESPONSE, ...RESPONSE_AND_TRAILERS]),
  "response-trailers": new Set(RESPONSE_AND_TRAILERS),
};

/**
 * The key a lowercased header name is stored under in a map of this kind ("host" is the
 * ":authority" slot of request headers), and whether that key is an inline slot.
 */
export function headerSlot(kind: HeaderMapKind, lowerKey: string): { key: string; inline: boolean } {
  const key = kind === "request-headers" && lowerKey === "host" ? ":authority" : lowerKey;
  return { key, inline: INLINE[kind].has(key) };
}
