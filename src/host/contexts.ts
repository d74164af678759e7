// Contexts of one VM. Ids are allocated per VM starting at 1 and shared by root and stream contexts
// (0 is the VM context used for start functions and the allocator); they are never reused.

import { HeaderMap } from "./header-map.js";
import type { HeaderBytePairs, HeaderPairs, HttpStreamAction, InjectedData, LocalResponse, PluginHandle } from "./types.js";

const EMPTY = new Uint8Array(0);

/** A plugin's root context. */
export class RootContext {
  readonly kind = "root";
  tickPeriodMs = 0;
  /** proxy_get_status: (11, "reset") inside a failed call's callback; the code stays stale after. */
  status = { code: 0, message: "" };
  /** Set only while on_configure runs: buffer 7 is readable then. */
  configuring = false;
  /** Set while proxy_on_http_call_response runs: maps 6/7 and buffer 4. */
  httpCallResponse: { headers: HeaderMap; body: Uint8Array; trailers: HeaderMap } | null = null;
  /** Set while a gRPC receive callback runs: maps 4/5 and buffer 5. */
  grpcReceive: { initialMetadata?: HeaderMap; trailingMetadata?: HeaderMap; message?: Uint8Array } | null = null;
  /** Set while proxy_on_redis_call_response runs: buffer 9. */
  redisResponse: Uint8Array | null = null;
  /** on_done returned false; the plugin must call proxy_done. */
  pendingDone = false;
  deleted = false;

  constructor(
    readonly id: number,
    readonly handle: PluginHandle,
    public pluginName: string,
    public config: Uint8Array,
  ) {}
}

/** Where the plugin holds a direction of a stream. */
export type StopPoint =
  | "headers-all" // headers returned StopAll*: no body/trailer callbacks until continued
  | "headers" // real StopIteration (Higress 0.2.100): body callbacks still arrive
  | "data"
  | "trailers";

/** One direction (request or response) of an HTTP stream as this filter sees it. */
export class DirectionState {
  headers: HeaderMap | null = null;
  /** Envoy's request_headers_/response_headers_ pointer is set: the map can be read and written. */
  headersWritable = false;
  /** The headers went on to the next filter (downstream, for responses). */
  headersForwarded = false;
  trailers: HeaderMap | null = null;
  trailersWritable = false;
  /** Trailers arrived while headers were held with StopAll; delivered on resume. */
  trailersPending = false;
  /** Body bytes already passed on. */
  readonly sent: Uint8Array[] = [];
  /** Body bytes the filter manager holds at this filter. */
  held: Uint8Array = EMPTY;
  /** Data of the body callback in progress not (yet) part of `held`. */
  chunk: Uint8Array | null = null;
  /** Which bytes buffer 0/1 shows inside a body callback of this direction; null outside. */
  visible: "held" | "chunk" | null = null;
  /** The last body callback returned StopIterationAndBuffer: the buffer stays readable later. */
  buffering = false;
  /** A body callback of this direction is running with end_of_stream set. */
  bodyCallbackEos = false;
  bodySeen = false;
  endOfStream = false;
  stop: StopPoint | null = null;
  /** The StopAll* status that caused stop "headers-all"; Buffer means 413/500 on overflow. */
  stopAllAction: HttpStreamAction | null = null;
  /** The plugin resumed this direction with proxy_continue_stream. */
  resumed = false;
  /** No more filter callbacks for this direction (local reply, reset). */
  closed = false;

  constructor(public bufferLimit: number) {}

  /** The whole body as it stands: passed on, held, and any chunk in flight. */
  body(): Uint8Array {
    return concat([...this.sent, this.held, this.chunk ?? EMPTY]);
  }
}

/** An HTTP stream context. */
export class HttpStream {
  readonly kind = "http";
  readonly request: DirectionState;
  readonly response: DirectionState;
  lastAction: HttpStreamAction = "Continue";
  localResponse: LocalResponse | null = null;
  /** Higress's local_reply_hold_: a local reply was requested on this stream. */
  localReplyRequested = false;
  /** Filter callbacks that deliver a local reply do not count as the stream's action. */
  deliveringLocalReply = false;
  failureReplySent = false;
  /** Response code details of a reset, or null. */
  resetDetails: string | null = null;
  /** on_context_create ran for this stream. */
  created = false;
  /** Inside on_log: maps are the read-only access-log copies. */
  accessLogPhase = false;
  completed = false;
  /** proxy_set_property values (Envoy filter state "wasm.<path>"), keyed by \0-joined path. */
  readonly filterState = new Map<string, Uint8Array>();
  readonly injected: InjectedData[] = [];
  upstreamOverrideHost: string | null = null;

  constructor(
    readonly id: number,
    readonly root: RootContext,
    bufferLimit: number,
  ) {
    this.request = new DirectionState(bufferLimit);
    this.response = new DirectionState(bufferLimit);
  }
}

export type Context = RootContext | HttpStream;

export class ContextRegistry {
  private readonly contexts = new Map<number, Context>();
  private nextId = 1;

  allocateId(): number {
    return this.nextId++;
  }

  add(context: Context): void {
    this.contexts.set(context.id, context);
  }

  remove(id: number): void {
    this.contexts.delete(id);
  }

  /** A live context, or undefined (unknown, deleted, or the VM context 0). */
  get(id: number): Context | undefined {
    return this.contexts.get(id);
  }

  roots(): RootContext[] {
    return [...this.contexts.values()].filter((c): c is RootContext => c.kind === "root");
  }
}

/** The root context of a context (itself for a root). */
export function rootOf(context: Context): RootContext {
  return context.kind === "root" ? context : context.root;
}

/** Concatenates byte arrays. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0].slice();
  const out = new Uint8Array(nonEmpty.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of nonEmpty) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Header pairs from a map that may be missing. */
export function pairsOf(map: HeaderMap | null): HeaderPairs {
  return map ? map.pairs() : [];
}

/** Header pairs with their exact value bytes from a map that may be missing. */
export function bytePairsOf(map: HeaderMap | null): HeaderBytePairs {
  return map ? map.bytePairs() : [];
}
