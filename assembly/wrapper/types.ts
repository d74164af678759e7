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

// Go's sentinels only cover the statuses Go names; the others get the same message shape so a
// log line reads the same whatever the status.
function hostError(status: WasmResult, what: string): WasmError {
  return new WasmError(status, "error status returned by host: " + what);
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
  export const ErrorStatusNotFound: WasmError = hostError(WasmResult.NotFound, "not found");
  /** The host refused the arguments (or the SDK did, before sending ones the host would mangle). */
  export const ErrorStatusBadArgument: WasmError = hostError(WasmResult.BadArgument, "bad argument");
  /** The shared queue is empty. */
  export const ErrorStatusEmpty: WasmError = hostError(WasmResult.Empty, "empty");
  /** Someone else wrote the shared value since it was read; read it again and retry. */
  export const ErrorStatusCasMismatch: WasmError = hostError(WasmResult.CasMismatch, "cas mismatch");
  /** The host failed internally. */
  export const ErrorInternalFailure: WasmError = hostError(WasmResult.InternalFailure, "internal failure");
  /** The host does not implement the call. */
  export const ErrorUnimplemented: WasmError = hostError(WasmResult.Unimplemented, "unimplemented");
  /** The host could not (de)serialize a value. */
  export const ErrorStatusSerializationFailure: WasmError = hostError(WasmResult.SerializationFailure, "serialization failure");
  /** The host could not parse an argument. */
  export const ErrorStatusParseFailure: WasmError = hostError(WasmResult.ParseFailure, "parse failure");
  /** The host could not evaluate an expression. */
  export const ErrorStatusBadExpression: WasmError = hostError(WasmResult.BadExpression, "bad expression");
  /** A pointer or size handed to the host was outside the module's memory. */
  export const ErrorStatusInvalidMemoryAccess: WasmError = hostError(WasmResult.InvalidMemoryAccess, "invalid memory access");
  /** The host's result did not match what was expected. */
  export const ErrorStatusResultMismatch: WasmError = hostError(WasmResult.ResultMismatch, "result mismatch");
  /** The connection the call needed is gone. */
  export const ErrorStatusBrokenConnection: WasmError = hostError(WasmResult.BrokenConnection, "broken connection");
  /** The error for a host status: null for Ok, else the one error object of that status. */
  export function StatusToError(status: WasmResult): WasmError | null {
    switch (status) {
      case WasmResult.Ok: return null;
      case WasmResult.NotFound: return ErrorStatusNotFound;
      case WasmResult.BadArgument: return ErrorStatusBadArgument;
      case WasmResult.SerializationFailure: return ErrorStatusSerializationFailure;
      case WasmResult.ParseFailure: return ErrorStatusParseFailure;
      case WasmResult.BadExpression: return ErrorStatusBadExpression;
      case WasmResult.InvalidMemoryAccess: return ErrorStatusInvalidMemoryAccess;
      case WasmResult.Empty: return ErrorStatusEmpty;
      case WasmResult.CasMismatch: return ErrorStatusCasMismatch;
      case WasmResult.ResultMismatch: return ErrorStatusResultMismatch;
      case WasmResult.InternalFailure: return ErrorInternalFailure;
      case WasmResult.BrokenConnection: return ErrorStatusBrokenConnection;
      case WasmResult.Unimplemented: return ErrorUnimplemented;
      // A status from a newer host: still an error, with its real code.
      default: return new WasmError(status, "unknown status code: " + (<i32>status).toString());
    }
  }
}
