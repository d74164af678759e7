// Drives HTTP stream callbacks the way Envoy's filter manager and Wasm filter do: converting return
// codes, holding and replaying body data while the plugin pauses, running deferred actions
// (continue, close, local reply) only after the callback that requested them returned, routing
// local replies back through the plugin's response callbacks, and substituting the failure policy
// once the VM trapped.

import { GRPC_UNAVAILABLE } from "./enums.js";
import { concat, type DirectionState, type HttpStream, type RootContext } from "./contexts.js";
import {
  convertDataStatus,
  convertHeadersStatus,
  convertTrailersStatus,
  failedVmAction,
  type CallbackPhase,
} from "./filter-status.js";
import { HeaderMap } from "./header-map.js";
import { buildLocalReply, type LocalReplyRequest } from "./local-reply.js";
import type { AbiVersionName, HeaderPairsInput, HttpStreamAction } from "./types.js";
import type { Vm } from "./vm.js";

export type Direction = "request" | "response";

/** Work Envoy defers until the current VM callback returned (addAfterVmCallAction). */
export type AfterCallAction =
  | { kind: "continue"; stream: HttpStream; direction: Direction }
  | { kind: "close"; stream: HttpStream }
  | { kind: "local-reply"; stream: HttpStream; reply: LocalReplyRequest }
  /** Host-side follow-ups such as on_queue_ready or a root's on_delete after proxy_done. */
  | { kind: "host"; run: () => void };

/** Settings of the flow that come from the host options and the module's ABI version. */
export interface FlowSettings {
  abi: AbiVersionName;
  /** Headers StopIteration is passed through (Higress 0.2.100 / allow_on_headers_stop_iteration). */
  passStopIteration: boolean;
  /** body_size lags one chunk and the chunk in flight is invisible (Envoy < 1.32, Higress 1.27). */
  legacyBodySize: boolean;
  failOpen: boolean;
}

/** The callback that is running, to recognise a continue issued from the stream's own callback. */
interface CallSite {
  exportName: string;
  stream: HttpStream | null;
  direction: Direction | null;
}

interface Invocation {
  trapped: boolean;
  value: number | undefined;
  stopForced: boolean;
  actions: AfterCallAction[];
}

const EMPTY = new Uint8Array(0);

const CALLBACKS = {
  request: { headers: "proxy_on_request_headers", body: "proxy_on_request_body", trailers: "proxy_on_request_trailers" },
  response: { headers: "proxy_on_response_headers", body: "proxy_on_response_body", trailers: "proxy_on_response_trailers" },
} as const;

export class HttpFlow {
  private actions: AfterCallAction[] | null = null;
  private stopForced = false;

  constructor(
    private readonly vm: Vm,
    private readonly settings: FlowSettings,
    private readonly reportError: (message: string) => void,
  ) {}

  /** Queues an action for when the current VM callback returns. */
  defer(action: AfterCallAction): void {
    if (this.actions === null) throw new Error("deferred action outside a VM callback");
    this.actions.push(action);
  }

  /** send_local_response forces the current callback's result to a Stop status. */
  forceStop(): void {
    this.stopForced = true;
  }

  /** Calls an export as a top-level host->VM call, collecting what it deferred. */
  private invoke(exportName: string, contextId: number, args: number[]): Invocation {
    const savedActions = this.actions;
    const savedStop = this.stopForced;
    this.actions = [];
    this.stopForced = false;
    try {
      const outcome = this.vm.call(exportName, contextId, args);
      // The VM can also fail inside the call without trapping it (a trap in the allocator the host
      // ran); Envoy checks the VM after every call, so both count as a failed callback.
      const failed = outcome.trapped || this.vm.failed;
      return {
        trapped: failed,
        value: outcome.trapped ? undefined : outcome.value,
        stopForced: this.stopForced,
        // Envoy would still run them, but they would call into a VM that is now failed.
        actions: failed ? [] : this.actions,
      };
    } finally {
      this.actions = savedActions;
      this.stopForced = savedStop;
    }
  }

  /** Calls a root-context callback (lifecycle, timers, callout replies) and runs its deferred actions. */
  callRoot(root: RootContext, exportName: string, args: number[], before?: () => void, after?: () => void): number | undefined | null {
    before?.();
    const call = this.invoke(exportName, root.id, args);
    after?.();
    this.runActions(call.actions, { exportName, stream: null, direction: null });
    return call.trapped ? null : call.value;
  }

  /** Calls a stream callback that has no filter status (context create, log, done, delete). */
  callStream(stream: HttpStream, exportName: string, args: number[]): boolean {
    const call = this.invoke(exportName, stream.id, args);
    this.runActions(call.actions, { exportName, stream, direction: null });
    return !call.trapped;
  }

  private setAction(stream: HttpStream, action: HttpStreamAction): void {
    if (!stream.deliveringLocalReply) stream.lastAction = action;
  }

  /** Envoy's answer once the VM failed: the policy action, plus a 503 once when failing closed. */
  private failedVm(stream: HttpStream, direction: Direction, phase: CallbackPhase): HttpStreamAction {
    if (stream.failureReplySent) return "Continue";
    const action = failedVmAction(phase, this.settings.failOpen);
    const dir = stream[direction];
    if (action === "Continue") {
      this.passOn(dir);
    } else if (phase === "data") {
      dir.chunk = null; // StopIterationNoBuffer: the chunk is dropped
    } else if (phase === "headers") {
      dir.stop = "headers-all";
      dir.stopAllAction = action;
    }
    this.setAction(stream, action);
    if (!this.settings.failOpen) {
      stream.failureReplySent = true;
      this.localReply(
        stream,
        { statusCode: 503, details: "wasm_fail_stream", body: EMPTY, headers: [], grpcStatus: GRPC_UNAVAILABLE },
        false,
      );
    }
    return action;
  }

  /** Everything this filter holds goes on to the next one. */
  private passOn(dir: DirectionState): void {
    dir.sent.push(dir.held, dir.chunk ?? EMPTY);
    dir.held = EMPTY;
    dir.chunk = null;
    dir.buffering = false;
    dir.stop = null;
    dir.headersWritable = false;
    dir.headersForwarded = true;
  }

  /** decodeHeaders / encodeHeaders. */
  headers(stream: HttpStream, direction: Direction, pairs: HeaderPairsInput, endOfStream: boolean): HttpStreamAction {
    const dir = stream[direction];
    if (dir.closed) return stream.lastAction;
    dir.headers = new HeaderMap(`${direction}-headers`, pairs);
    dir.endOfStream = endOfStream;
    if (this.vm.failed) return this.failedVm(stream, direction, "headers");
    dir.headersWritable = true;
    const name = CALLBACKS[direction].headers;
    const args = this.settings.abi === "0.1.0" ? [stream.id, dir.headers.count] : [stream.id, dir.headers.count, endOfStream ? 1 : 0];
    const call = this.invoke(name, stream.id, args);
    if (call.trapped) return this.failedVm(stream, direction, "headers");
    const action = convertHeadersStatus(call.value ?? 0, {
      stopForced: call.stopForced,
      passStopIteration: this.settings.passStopIteration,
    });
    if (action === "Continue") {
      dir.headersWritable = false;
      dir.headersForwarded = true;
    } else if (action === "StopIteration") {
      dir.stop = "headers";
    } else {
      dir.stop = "headers-all";
      dir.stopAllAction = action;
    }
    this.setAction(stream, action);
    this.runActions(call.actions, { exportName: name, stream, direction });
    return action;
  }

  /** decodeData / encodeData. */
  body(stream: HttpStream, direction: Direction, chunk: Uint8Array, endOfStream: boolean): HttpStreamAction {
    const dir = stream[direction];
    if (dir.closed) return stream.lastAction;
    dir.bodySeen = true;
    dir.endOfStream = endOfStream;
    if (dir.stop === "headers-all") {
      // The filter manager holds the data; this filter sees it only when resumed.
      dir.held = concat([dir.held, chunk]);
      if (dir.stopAllAction === "StopAllIterationAndBuffer") this.checkOverflow(stream, direction);
      return stream.lastAction;
    }
    if (this.vm.failed) {
      dir.chunk = chunk;
      return this.failedVm(stream, direction, "data");
    }
    return this.deliverBody(stream, direction, chunk, endOfStream);
  }

  /**
   * Calls the body callback. `chunk` null replays what the filter manager held while the headers
   * were stopped (one callback with the total).
   */
  private deliverBody(stream: HttpStream, direction: Direction, chunk: Uint8Array | null, endOfStream: boolean): HttpStreamAction {
    const dir = stream[direction];
    if (chunk === null) {
      dir.visible = "held";
    } else if (dir.buffering && !this.settings.legacyBodySize) {
      // Envoy >= 1.32 adds the chunk to the buffer before the call (and may reply 413 right there).
      dir.held = concat([dir.held, chunk]);
      if (this.checkOverflow(stream, direction)) return stream.lastAction;
      dir.visible = "held";
    } else {
      dir.chunk = chunk;
      dir.visible = dir.buffering ? "held" : "chunk";
    }
    const size = dir.visible === "held" ? dir.held.length : (dir.chunk?.length ?? 0);
    const name = CALLBACKS[direction].body;
    dir.bodyCallbackEos = endOfStream;
    const call = this.invoke(name, stream.id, [stream.id, size, endOfStream ? 1 : 0]);
    dir.visible = null;
    dir.bodyCallbackEos = false;
    if (call.trapped) return this.failedVm(stream, direction, "data");
    const action = convertDataStatus(call.value ?? 0, call.stopForced);
    const current = dir.chunk ?? EMPTY;
    dir.chunk = null;
    dir.buffering = false;
    switch (action) {
      case "Continue":
        dir.chunk = current;
        this.passOn(dir);
        break;
      case "StopIterationAndBuffer":
        dir.held = concat([dir.held, current]);
        dir.buffering = true;
        dir.stop ??= "data";
        this.checkOverflow(stream, direction);
        break;
      case "StopIterationAndWatermark":
        dir.held = concat([dir.held, current]);
        dir.stop ??= "data";
        break;
      default:
        // StopIterationNoBuffer: the filter manager drops the chunk.
        dir.stop ??= "data";
    }
    this.setAction(stream, action);
    this.runActions(call.actions, { exportName: name, stream, direction });
    return action;
  }

  /** decodeTrailers / encodeTrailers. */
  trailers(stream: HttpStream, direction: Direction, pairs: HeaderPairsInput): HttpStreamAction {
    const dir = stream[direction];
    if (dir.closed) return stream.lastAction;
    dir.trailers = new HeaderMap(`${direction}-trailers`, pairs);
    dir.endOfStream = true;
    if (dir.stop === "headers-all") {
      dir.trailersPending = true;
      return stream.lastAction;
    }
    if (this.vm.failed) return this.failedVm(stream, direction, "trailers");
    return this.deliverTrailers(stream, direction);
  }

  private deliverTrailers(stream: HttpStream, direction: Direction): HttpStreamAction {
    const dir = stream[direction];
    dir.trailersWritable = true;
    const name = CALLBACKS[direction].trailers;
    const call = this.invoke(name, stream.id, [stream.id, dir.trailers?.count ?? 0]);
    if (call.trapped) return this.failedVm(stream, direction, "trailers");
    const action = convertTrailersStatus(call.value ?? 0, call.stopForced);
    if (action === "Continue") {
      dir.trailersWritable = false;
      this.passOn(dir);
    } else {
      dir.stop ??= "trailers";
    }
    this.setAction(stream, action);
    this.runActions(call.actions, { exportName: name, stream, direction });
    return action;
  }

  /** The request exceeded the buffer limit: 413; a response gets 500, or a reset once headers left. */
  private checkOverflow(stream: HttpStream, direction: Direction): boolean {
    const dir = stream[direction];
    if (dir.held.length <= dir.bufferLimit) return false;
    if (direction === "request") {
      this.hostReply(stream, 413, "Payload Too Large", "request_payload_too_large");
    } else if (!stream.response.headersForwarded) {
      this.hostReply(stream, 500, "Internal Server Error", "response_payload_too_large");
    } else {
      this.reset(stream, "response_payload_too_large");
    }
    return true;
  }

  private hostReply(stream: HttpStream, statusCode: number, body: string, details: string): void {
    this.localReply(
      stream,
      { statusCode, details, body: new TextEncoder().encode(body), headers: [], grpcStatus: null },
      false,
    );
  }

  private reset(stream: HttpStream, details: string): void {
    stream.resetDetails = details;
    stream.request.closed = true;
    stream.response.closed = true;
  }

  /**
   * Sends a local reply. Before the response started it runs through the encoder chain, this
   * plugin's response callbacks included; once the plugin holds response headers it replaces them
   * and bypasses the filters; once headers went downstream Envoy can only reset the stream.
   */
  localReply(stream: HttpStream, request: LocalReplyRequest, fromPlugin: boolean): void {
    const response = stream.response;
    if (response.closed) {
      if (fromPlugin) this.reportError(`local reply on stream ${stream.id} after its response completed was ignored`);
      return;
    }
    const built = buildLocalReply(request, stream.request.headers);
    stream.localResponse = built.response;
    stream.request.closed = true;
    if (response.headers === null) {
      stream.deliveringLocalReply = true;
      try {
        this.headers(stream, "response", built.headers, built.body.length === 0);
        if (built.body.length > 0) this.body(stream, "response", built.body, true);
      } finally {
        stream.deliveringLocalReply = false;
      }
      response.closed = true;
    } else if (!response.headersForwarded) {
      response.headers = new HeaderMap("response-headers", built.headers);
      response.sent.length = 0;
      response.sent.push(built.body);
      response.held = EMPTY;
      response.trailers = null;
      response.stop = null;
      response.closed = true;
    } else {
      this.reportError(`local reply on stream ${stream.id} after response headers were sent: Envoy resets the stream`);
      this.reset(stream, built.response.statusCodeDetails);
    }
  }

  /** proxy_continue_stream took effect: resume a paused direction. */
  private resume(stream: HttpStream, direction: Direction): void {
    const dir = stream[direction];
    if (dir.closed) return;
    if (dir.stop === null) {
      this.reportError(`proxy_continue_stream(${direction}) on stream ${stream.id}, which was not paused`);
      return;
    }
    const stop = dir.stop;
    dir.stop = null;
    dir.resumed = true;
    dir.headersForwarded = true;
    this.setAction(stream, "Continue");
    if (stop !== "headers-all") {
      this.passOn(dir);
      return;
    }
    // Envoy resumes from this filter: it gets one body callback with everything held, then trailers.
    const trailersPending = dir.trailersPending;
    dir.trailersPending = false;
    if (dir.bodySeen) this.deliverBody(stream, direction, null, dir.endOfStream && !trailersPending);
    if (trailersPending && !dir.closed) this.deliverTrailers(stream, direction);
  }

  private runActions(actions: AfterCallAction[], caller: CallSite): void {
    for (const action of actions) {
      switch (action.kind) {
        case "continue":
          if (caller.stream === action.stream && caller.direction === action.direction) {
            this.reportError(
              `proxy_continue_stream(${action.direction}) called from ${caller.exportName} of stream ${action.stream.id}: ` +
                "Envoy runs it before it sees the callback's return status; return Continue instead",
            );
          } else {
            this.resume(action.stream, action.direction);
          }
          break;
        case "close":
          this.reset(action.stream, "wasm_close_stream");
          break;
        case "local-reply":
          this.localReply(action.stream, action.reply, true);
          break;
        case "host":
          action.run();
          break;
      }
    }
  }
}
