// The live contexts of this VM and which one the current callback acts for. Streams sit in an
// open-addressing table keyed by context id, roots in a short list (a VM has one or a few): both
// purpose-built, since std Map costs a kilobyte of code per instantiation and a hash, a bucket
// walk and an entry allocation on every stream's add and remove.

import { WasmResult } from "../abi/enums";
import { setEffectiveContext } from "../abi/hostcalls";
import { HttpStreamContext } from "./http_stream_context";
import { RootContext } from "./root_context";

const roots = new Array<RootContext>();
// Slots of the stream table: null is empty. Linear probing from the id's hash; the table doubles
// when half full, so a probe ends soon; removal shifts the run back, so no tombstones accumulate.
let streamSlots = new StaticArray<HttpStreamContext | null>(16);
let streamSlotBits: u32 = 4;
let streams: i32 = 0;
let current: u32 = 0;
// The stream last looked up: a request's callbacks come one after another for the same stream,
// so most lookups are one comparison.
let lastStreamId: u32 = 0;
let lastStream: HttpStreamContext | null = null;
// Likewise the root last looked up: a VM nearly always has one, which every new stream asks for.
let lastRootId: u32 = 0;
let lastRoot: RootContext | null = null;

/** The context the running callback acts for (0 while the VM starts). */
export function currentContextId(): u32 {
  return current;
}

/** Called by the dispatcher when the host enters the VM for `contextId`. */
// @ts-ignore: decorator
@inline export function enterContext(contextId: u32): void {
  current = contextId;
}

/**
 * Makes later host calls of this callback act on `contextId` (a stream whose callout answered,
 * say). Fails with BadArgument, changing nothing, when that context no longer exists.
 */
export function switchContext(contextId: u32): WasmResult {
  if (!isLive(contextId)) return WasmResult.BadArgument;
  const result = contextId == current ? WasmResult.Ok : setEffectiveContext(contextId);
  if (result == WasmResult.Ok) current = contextId;
  return result;
}

/** The root context with this id, or null. */
export function findRoot(contextId: u32): RootContext | null {
  if (contextId == lastRootId && lastRoot != null) return lastRoot;
  for (let i = 0, n = roots.length; i < n; i++) {
    const root = unchecked(roots[i]);
    if (root.contextId == contextId) {
      lastRootId = contextId;
      lastRoot = root;
      return root;
    }
  }
  return null;
}

// Where `contextId` starts probing: Fibonacci hashing spreads any id pattern over the table.
// @ts-ignore: decorator
@inline function homeSlot(contextId: u32): i32 {
  return <i32>((contextId * 0x9e3779b1) >>> (32 - streamSlotBits));
}

// The slot holding stream `contextId`, or -1.
function streamSlot(contextId: u32): i32 {
  const slots = streamSlots;
  const mask = slots.length - 1;
  let i = homeSlot(contextId);
  let stream = unchecked(slots[i]);
  while (stream != null) {
    if (stream.contextId == contextId) return i;
    i = (i + 1) & mask;
    stream = unchecked(slots[i]);
  }
  return -1;
}

/** The HTTP stream with this id, or null. */
export function findStream(contextId: u32): HttpStreamContext | null {
  if (contextId == lastStreamId && lastStream != null) return lastStream;
  const i = streamSlot(contextId);
  if (i < 0) return null;
  const stream = unchecked(streamSlots[i]);
  lastStreamId = contextId;
  lastStream = stream;
  return stream;
}

/** Lets the current stream publish property `x_request_id` before the SDK reads it. */
export function beforeRequestIdRead(): void {
  const stream = findStream(current);
  if (stream != null) stream.beforeRequestIdRead();
}

/** Whether a context with this id exists (it has not been deleted). */
export function isLive(contextId: u32): bool {
  return findStream(contextId) != null || findRoot(contextId) != null;
}

/** The root context id that owns `contextId` (itself for a root), 0 when unknown. */
export function owningRootId(contextId: u32): u32 {
  if (findRoot(contextId) != null) return contextId;
  const stream = findStream(contextId);
  return stream != null ? stream.root.contextId : 0;
}

/** Registers a new root context (a root with the same id replaces the old one). */
export function addRoot(root: RootContext): void {
  removeRoot(root.contextId);
  roots.push(root);
}

/** Registers a new HTTP stream (a stream with the same id replaces the old one). */
export function addStream(stream: HttpStreamContext): void {
  const id = stream.contextId;
  if ((streams + 1) << 1 > streamSlots.length) growStreamTable();
  // One probe finds the stream this id had (the host reused a live id: replace it) or a free slot.
  const slots = streamSlots;
  const mask = slots.length - 1;
  let i = homeSlot(id);
  let old = unchecked(slots[i]);
  while (old != null && old.contextId != id) {
    i = (i + 1) & mask;
    old = unchecked(slots[i]);
  }
  if (old == null) streams++;
  unchecked(slots[i] = stream);
  // The new stream's own callbacks come next: they find it without a lookup.
  lastStreamId = id;
  lastStream = stream;
}

function insertStream(slots: StaticArray<HttpStreamContext | null>, stream: HttpStreamContext): void {
  const mask = slots.length - 1;
  let i = homeSlot(stream.contextId);
  while (unchecked(slots[i]) != null) i = (i + 1) & mask;
  unchecked(slots[i] = stream);
}

function growStreamTable(): void {
  const old = streamSlots;
  streamSlotBits++;
  const slots = new StaticArray<HttpStreamContext | null>(1 << streamSlotBits);
  for (let i = 0, n = old.length; i < n; i++) {
    const stream = unchecked(old[i]);
    if (stream != null) insertStream(slots, stream);
  }
  streamSlots = slots;
}

/** Forgets a root context. */
export function removeRoot(contextId: u32): void {
  for (let i = 0, n = roots.length; i < n; i++) {
    if (unchecked(roots[i]).contextId == contextId) {
      // Shifted down in place: splice would also build an array of the removed root.
      for (let j = i + 1; j < n; j++) unchecked(roots[j - 1] = unchecked(roots[j]));
      roots.length = n - 1;
      break;
    }
  }
  if (contextId == lastRootId) lastRoot = null;
}

/** Forgets an HTTP stream. */
export function removeStream(contextId: u32): void {
  if (contextId == lastStreamId) lastStream = null;
  let hole = streamSlot(contextId);
  if (hole < 0) return;
  const slots = streamSlots;
  const mask = slots.length - 1;
  unchecked(slots[hole] = null);
  streams--;
  // Pull back each later stream of the run whose home slot is not between the hole and it, so
  // every stream stays reachable from its home slot without passing an empty slot.
  let i = (hole + 1) & mask;
  let stream = unchecked(slots[i]);
  while (stream != null) {
    const home = homeSlot(stream.contextId);
    if (((i - home) & mask) >= ((i - hole) & mask)) {
      unchecked(slots[hole] = stream);
      unchecked(slots[i] = null);
      hole = i;
    }
    i = (i + 1) & mask;
    stream = unchecked(slots[i]);
  }
}

/** Number of live HTTP streams (all roots). */
export function streamCount(): i32 {
  return streams;
}
