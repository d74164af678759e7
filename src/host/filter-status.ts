// How Envoy turns a callback's raw return value into what its filter manager does
// (cpp-host convertVmCallResultTo*, Envoy convertFilter*Status), and what it substitutes once the
// VM has failed.

import type { HttpStreamAction } from "./types.js";

/** Inputs to the headers conversion besides the raw value. */
export interface HeadersConversion {
  /** send_local_response was called during this callback (wasm->stopNextIteration). */
  stopForced: boolean;
  /** Higress with ABI 0.2.100, or upstream's allow_on_headers_stop_iteration. */
  passStopIteration: boolean;
}

/** proxy_on_request_headers / proxy_on_response_headers. */
export function convertHeadersStatus(raw: number, { stopForced, passStopIteration }: HeadersConversion): HttpStreamAction {
  if (stopForced || raw > 4) return "StopAllIterationAndWatermark";
  switch (raw) {
    case 0:
      return "Continue";
    case 1:
      // SDKs mean "pause", which plain StopIteration would not do for the body.
      return passStopIteration ? "StopIteration" : "StopAllIterationAndWatermark";
    case 3:
      return "StopAllIterationAndBuffer";
    case 4:
      return "StopAllIterationAndWatermark";
    default:
      // 2 (ContinueAndEndStream) has no case in Envoy's switch and falls to Continue.
      return "Continue";
  }
}

/** proxy_on_request_body / proxy_on_response_body. */
export function convertDataStatus(raw: number, stopForced: boolean): HttpStreamAction {
  if (stopForced || raw > 3) return "StopIterationNoBuffer";
  return (["Continue", "StopIterationAndBuffer", "StopIterationAndWatermark", "StopIterationNoBuffer"] as const)[raw];
}

/** proxy_on_request_trailers / proxy_on_response_trailers. */
export function convertTrailersStatus(raw: number, stopForced: boolean): HttpStreamAction {
  return stopForced || raw !== 0 ? "StopIteration" : "Continue";
}

/** Which kind of callback a conversion is for. */
export type CallbackPhase = "headers" | "data" | "trailers";

/** What Envoy returns for a callback once the VM failed (policy table of abi.md §4). */
export function failedVmAction(phase: CallbackPhase, failOpen: boolean): HttpStreamAction {
  if (failOpen) return "Continue";
  return phase === "headers" ? "StopAllIterationAndWatermark" : phase === "data" ? "StopIterationNoBuffer" : "StopIteration";
}
