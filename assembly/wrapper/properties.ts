// Typed readers for the host properties plugins use most, and decoders for the host's value
// encodings (integers as 8 bytes little-endian, booleans as 1 byte). Newer Envoy serves only the
// `xds.*` names and Higress 1.27 serves both, so a reader tries `xds.*` first and falls back to
// the legacy name.

import * as hostcalls from "../abi/hostcalls";
import { beforeRequestIdRead } from "../runtime/contexts";

@lazy const XDS_ROUTE_NAME: string[] = ["xds", "route_name"];
@lazy const ROUTE_NAME: string[] = ["route_name"];
@lazy const XDS_CLUSTER_NAME: string[] = ["xds", "cluster_name"];
@lazy const CLUSTER_NAME: string[] = ["cluster_name"];
@lazy const PLUGIN_NAME: string[] = ["plugin_name"];
@lazy const X_REQUEST_ID: string[] = ["x_request_id"];
@lazy const REQUEST_ID: string[] = ["request", "id"];
@lazy const RESPONSE_CODE_DETAILS: string[] = ["response", "code_details"];

function stringProperty(primary: string[], fallback: string[]): string | null {
  const value = hostcalls.getPropertyString(primary);
  return changetype<usize>(value) != 0 ? value : hostcalls.getPropertyString(fallback);
}

/** The matched route's name (`xds.route_name`, else `route_name`), or null. */
export function GetRouteName(): string | null {
  return stringProperty(XDS_ROUTE_NAME, ROUTE_NAME);
}

/** The upstream cluster's name (`xds.cluster_name`, else `cluster_name`), or null. */
export function GetClusterName(): string | null {
  return stringProperty(XDS_CLUSTER_NAME, CLUSTER_NAME);
}

/** The plugin's name as the host knows it (`plugin_name`), or null. */
export function GetPluginName(): string | null {
  return hostcalls.getPropertyString(PLUGIN_NAME);
}

/** The request id: `x_request_id` (the wrapper copies the header there), else `request.id`, or null. */
export function GetRequestId(): string | null {
  beforeRequestIdRead();
  return stringProperty(X_REQUEST_ID, REQUEST_ID);
}

/** Whether the response came from the upstream (`response.code_details` is "via_upstream"). */
export function IsResponseFromUpstream(): bool {
  return hostcalls.getPropertyString(RESPONSE_CODE_DETAILS) == "via_upstream";
}

/**
 * An int or uint property value (8 bytes little-endian) as i64 (a uint past i64 reads back with
 * `<u64>`), or `fallback` for any other size. Values carry no type: any 8 bytes decode.
 */
export function DecodeInt64(value: ArrayBuffer | null, fallback: i64): i64 {
  if (value == null || value.byteLength != 8) return fallback;
  return load<i64>(changetype<usize>(value));
}

/** A bool property value (1 byte), or `fallback` for any other size. */
export function DecodeBool(value: ArrayBuffer | null, fallback: bool): bool {
  if (value == null || value.byteLength != 1) return fallback;
  return load<u8>(changetype<usize>(value)) != 0;
}

/** An integer property (`response.code`, `request.size`, ...), or `fallback` when missing or not an integer. */
export function GetPropertyInt(path: string[], fallback: i64): i64 {
  return DecodeInt64(hostcalls.getProperty(path), fallback);
}

/** A boolean property (`connection.mtls`, ...), or `fallback` when missing or not a boolean. */
export function GetPropertyBool(path: string[], fallback: bool): bool {
  return DecodeBool(hostcalls.getProperty(path), fallback);
}
