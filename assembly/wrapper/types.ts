// What proxy-wasm-go-sdk's `types` package gives an HTTP plugin: the actions a handler returns,
// with the host's values, and the errors a host call reports. Go compares errors by identity
// (`err == types.ErrorStatusNotFound`), so each host status has exactly one error object here
// too, and the same comparison ports unchanged.

import { WasmResult } from "../abi/enums";

/** An error carrying the host status it came from (Go: the `types.ErrorStatus*` values). */
export class WasmError extends Error {
  constructor(
    /** The host's status code for the failed call. */
    public readonly status: WasmResult,
    message: string,
  ) {
    super(message);
    this.name = "WasmError";
  }
}

// What each status up to Unimplemented means, by its number. Go's sentinels only cover the
// statuses Go names; the others get the same message shape so a log line reads the same whatever
// the status.
@lazy const STATUS_TEXT: StaticArray<string> = [
  "", "not found", "bad argument", "serialization failure", "parse failure", "bad expression",
  "invalid memory access", "empty", "cas mismatch", "result mismatch", "internal failure",
  "broken connection", "unimplemented",
];

// The one error object of each known status, made on first use: a plugin whose host calls all
// succeed builds none of them. The table itself is made on first use too, so it exists whatever
// order start initializes the named errors below in.
let hostErrors: StaticArray<WasmError | null> | null = null;

// The error of a known status other than Ok.
function hostError(status: WasmResult): WasmError {
  let errors = hostErrors;
  if (errors == null) {
    errors = new StaticArray<WasmError | null>(WasmResult.Unimplemented + 1);
    hostErrors = errors;
  }
  let error = unchecked(errors[status]);
  if (error == null) {
    error = new WasmError(status, "error status returned by host: " + unchecked(STATUS_TEXT[status]));
    unchecked(errors[status] = error);
  }
  return error;
}

export namespace types {
  /** What a handler returns: a header, data or trailers status, by its number. */
  export type Action = u32;

  /** Go: the host continues processing. */
  export const ActionContinue: Action = 0;
  /** Go: the host pauses processing until the plugin resumes it. */
  export const ActionPause: Action = 1;

  /** FilterHeadersStatus::Continue. */
  export const HeaderContinue: Action = 0;
  /** FilterHeadersStatus::StopIteration (Envoy turns it into StopAllIterationAndWatermark under ABI 0.2.1). */
  export const HeaderStopIteration: Action = 1;
  /** FilterHeadersStatus::ContinueAndEndStream. */
  export const HeaderContinueAndEndStream: Action = 2;
  /** FilterHeadersStatus::StopAllIterationAndBuffer. */
  export const HeaderStopAllIterationAndBuffer: Action = 3;
  /** FilterHeadersStatus::StopAllIterationAndWatermark. */
  export const HeaderStopAllIterationAndWatermark: Action = 4;

  /** FilterDataStatus::Continue. */
  export const DataContinue: Action = 0;
  /** FilterDataStatus::StopIterationAndBuffer. */
  export const DataStopIterationAndBuffer: Action = 1;
  /** FilterDataStatus::StopIterationAndWatermark. */
  export const DataStopIterationAndWatermark: Action = 2;
  /** FilterDataStatus::StopIterationNoBuffer. */
  export const DataStopIterationNoBuffer: Action = 3;

  /** The host has no such value (header, property, queue, shared key, ...). */
  @lazy export const ErrorStatusNotFound: WasmError = hostError(WasmResult.NotFound);
  /** The host refused the arguments (or the SDK did, before sending ones the host would mangle). */
  @lazy export const ErrorStatusBadArgument: WasmError = hostError(WasmResult.BadArgument);
  /** The shared queue is empty. */
  @lazy export const ErrorStatusEmpty: WasmError = hostError(WasmResult.Empty);
  /** Someone else wrote the shared value since it was read; read it again and retry. */
  @lazy export const ErrorStatusCasMismatch: WasmError = hostError(WasmResult.CasMismatch);
  /** The host failed internally. */
  @lazy export const ErrorInternalFailure: WasmError = hostError(WasmResult.InternalFailure);
  /** The host does not implement the call. */
  @lazy export const ErrorUnimplemented: WasmError = hostError(WasmResult.Unimplemented);
  /** The host could not (de)serialize a value. */
  @lazy export const ErrorStatusSerializationFailure: WasmError = hostError(WasmResult.SerializationFailure);
  /** The host could not parse an argument. */
  @lazy export const ErrorStatusParseFailure: WasmError = hostError(WasmResult.ParseFailure);
  /** The host could not evaluate an expression. */
  @lazy export const ErrorStatusBadExpression: WasmError = hostError(WasmResult.BadExpression);
  /** A pointer or size handed to the host was outside the module's memory. */
  @lazy export const ErrorStatusInvalidMemoryAccess: WasmError = hostError(WasmResult.InvalidMemoryAccess);
  /** The host's result did not match what was expected. */
  @lazy export const ErrorStatusResultMismatch: WasmError = hostError(WasmResult.ResultMismatch);
  /** The connection the call needed is gone. */
  @lazy export const ErrorStatusBrokenConnection: WasmError = hostError(WasmResult.BrokenConnection);
  /** The error for a host status: null for Ok, else the one error object of that status. */
  export function StatusToError(status: WasmResult): WasmError | null {
    if (status == WasmResult.Ok) return null;
    // A status from a newer host: still an error, with its real code.
    if (<u32>status > <u32>WasmResult.Unimplemented) return new WasmError(status, "unknown status code: " + (<i32>status).toString());
    return hostError(status);
  }
}
