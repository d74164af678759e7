// Shared key-value data and shared queues of one VM id (cpp-host shared_data.cc / shared_queue.cc).

import { WasmResult } from "./enums.js";

export class SharedData {
  private readonly entries = new Map<string, { value: Uint8Array; cas: number }>();
  private nextCas = 1;

  get(key: string): { value: Uint8Array; cas: number } | undefined {
    return this.entries.get(key);
  }

  /** cas 0 writes unconditionally; otherwise it must match the stored cas of an existing key. */
  set(key: string, value: Uint8Array, cas: number): WasmResult {
    const existing = this.entries.get(key);
    if (existing && cas !== 0 && cas !== existing.cas) return WasmResult.CasMismatch;
    this.entries.set(key, { value: value.slice(), cas: this.takeCas() });
    return WasmResult.Ok;
  }

  private takeCas(): number {
    const cas = this.nextCas;
    // 0 means "no cas" on the wire, so the counter skips it when it wraps.
    this.nextCas = (this.nextCas + 1) >>> 0 || 1;
    return cas;
  }
}

interface Queue {
  name: string;
  token: number;
  rootContextId: number;
  items: Uint8Array[];
}

export class SharedQueues {
  private readonly byName = new Map<string, Queue>();
  private readonly byToken = new Map<number, Queue>();
  private nextToken = 1;

  /** Creates or reopens a queue; delivery moves to the caller's root context. */
  register(name: string, rootContextId: number): number {
    let queue = this.byName.get(name);
    if (!queue) {
      queue = { name, token: this.nextToken++, rootContextId, items: [] };
      this.byName.set(name, queue);
      this.byToken.set(queue.token, queue);
    }
    queue.rootContextId = rootContextId;
    return queue.token;
  }

  /** Token of an existing queue, or undefined. */
  resolve(name: string): number | undefined {
    return this.byName.get(name)?.token;
  }

  /** Appends; returns the root context to notify, or undefined for an unknown token. */
  enqueue(token: number, data: Uint8Array): number | undefined {
    const queue = this.byToken.get(token);
    if (!queue) return undefined;
    queue.items.push(data.slice());
    return queue.rootContextId;
  }

  dequeue(token: number): { result: WasmResult; data?: Uint8Array } {
    const queue = this.byToken.get(token);
    if (!queue) return { result: WasmResult.NotFound };
    const data = queue.items.shift();
    return data ? { result: WasmResult.Ok, data } : { result: WasmResult.Empty };
  }

  /** Number of items waiting in the named queue (undefined if no such queue). */
  size(name: string): number | undefined {
    return this.byName.get(name)?.items.length;
  }
}
