// An HTTP stream context: one request/response exchange passing through the plugin.

import { FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus } from "../abi/enums";
import { RootContext } from "./root_context";

/** Bits of HttpStreamContext.callbacks: the stream callbacks the dispatcher delivers. */
export enum StreamCallback {
  RequestHeaders = 1 << 0,
  RequestBody = 1 << 1,
  RequestTrailers = 1 << 2,
  ResponseHeaders = 1 << 3,
  ResponseBody = 1 << 4,
  ResponseTrailers = 1 << 5,
  Log = 1 << 6,
  Done = 1 << 7,
  Delete = 1 << 8,
  All = (1 << 9) - 1,
}

/** Base class of a plugin's per-request context; every callback defaults to Continue. */
export class HttpStreamContext {
  /**
   * The callbacks (StreamCallback bits) the dispatcher calls; the others answer Continue without
   * entering this object, which makes a phase the plugin ignores nearly free. All by default.
   */
  callbacks: u32 = StreamCallback.All;

  constructor(
    /** The host's id for this stream. */
    public readonly contextId: u32,
    /** The root context (plugin) the stream belongs to. */
    public readonly root: RootContext,
  ) {}

  /** Request headers arrived; `endOfStream` means there is no body. */
  onRequestHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    return FilterHeadersStatus.Continue;
  }

  /** A request body chunk arrived; `bodySize` is what the host holds now. */
  onRequestBody(bodySize: usize, endOfStream: bool): FilterDataStatus {
    return FilterDataStatus.Continue;
  }

  /** Request trailers arrived. */
  onRequestTrailers(numTrailers: u32): FilterTrailersStatus {
    return FilterTrailersStatus.Continue;
  }

  /** Response headers arrived (also for a local reply sent from the request path). */
  onResponseHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    return FilterHeadersStatus.Continue;
  }

  /** A response body chunk arrived. */
  onResponseBody(bodySize: usize, endOfStream: bool): FilterDataStatus {
    return FilterDataStatus.Continue;
  }

  /** Response trailers arrived. */
  onResponseTrailers(numTrailers: u32): FilterTrailersStatus {
    return FilterTrailersStatus.Continue;
  }

  /** Access-log phase; Envoy calls it before onDone. */
  onLog(): void {}

  /** The stream is finished. */
  onDone(): void {}

  /** Last call for this stream; pending callouts for it are dropped after this. */
  onDelete(): void {}

  /** The SDK is about to read property `x_request_id` for this stream; a wrapper may publish it now. */
  beforeRequestIdRead(): void {}
}
