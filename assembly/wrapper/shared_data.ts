// Shared state across the VMs (worker threads) that share a vm_id: a key-value store with a
// compare-and-swap update loop, and message queues. Go offers only the raw calls (proxywasm.
// GetSharedData / SetSharedData / ...SharedQueue), so every Go plugin writes its own retry loop;
// here it is written once. Failures that return null leave their reason in proxywasm.LastError().

import { WasmResult } from "../abi/enums";
import { proxywasm } from "./proxywasm";
import { types } from "./types";
import { decodeBuffer, encodeUtf8 } from "../abi/utf8";

/** Computes the next value of a shared key from its current one (an object: there are no closures). */
export abstract class SharedDataUpdater {
  /** The value to store, given the current one (null: the key does not exist); null stores nothing. */
  abstract update(current: ArrayBuffer | null): ArrayBuffer | null;
}

/** How many times SharedKV.Update reads and writes again after losing a race. */
export const DEFAULT_UPDATE_ATTEMPTS: i32 = 8;

/**
 * Shared key-value data under a key prefix, so plugins sharing a vm_id do not collide (Go's leader
 * lease key is one such collision).
 */
export class SharedKV {
  constructor(
    /** Put in front of every key. */
    public readonly prefix: string = "",
  ) {}

  /** The value under `key`, or null when it is absent (or the host failed). */
  Get(key: string): ArrayBuffer | null {
    const entry = proxywasm.GetSharedData(this.prefix + key);
    return entry != null ? entry.value : null;
  }

  /** The value under `key` as UTF-8 text, or null. */
  GetString(key: string): string | null {
    const value = this.Get(key);
    return value != null ? decodeBuffer(value) : null;
  }

  /** Stores `value` under `key` unconditionally (last writer wins; use Update to read-modify-write). */
  Set(key: string, value: ArrayBuffer): Error | null {
    return proxywasm.SetSharedData(this.prefix + key, value, 0);
  }

  /** Stores UTF-8 text under `key` unconditionally. */
  SetString(key: string, value: string): Error | null {
    return this.Set(key, encodeUtf8(value));
  }

  /**
   * Read-modify-write: asks `updater` for the next value and stores it only if nobody wrote in
   * between, reading again and retrying up to `maxAttempts` times; after that the error is
   * types.ErrorStatusCasMismatch. The ABI has no "create if absent": when the key does not exist
   * yet the first write is unconditional, so two VMs creating it at once can both succeed.
   */
  Update(key: string, updater: SharedDataUpdater, maxAttempts: i32 = DEFAULT_UPDATE_ATTEMPTS): Error | null {
    const fullKey = this.prefix + key;
    const attempts = maxAttempts > 0 ? maxAttempts : 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const entry = proxywasm.GetSharedData(fullKey);
      let current: ArrayBuffer | null = null;
      let cas: u32 = 0;
      if (entry != null) {
        current = entry.value;
        cas = entry.cas;
      } else {
        const error = proxywasm.LastError();
        if (error != null && error.status != WasmResult.NotFound) return error;
      }
      const next = updater.update(current);
      if (next == null) return null;
      const error = proxywasm.SetSharedData(fullKey, next, cas);
      if (error != types.ErrorStatusCasMismatch) return error;
    }
    return types.ErrorStatusCasMismatch;
  }
}

/** A shared queue: messages from any VM of the vm_id, delivered to the registering plugin's onQueueReady. */
export class SharedQueue {
  constructor(
    /** The host's id for the queue (what onQueueReady receives). */
    public readonly id: u32,
    /** The queue's name. */
    public readonly name: string,
  ) {}

  /** Creates or reopens queue `name`, delivered to the calling plugin; null on failure. */
  static Register(name: string): SharedQueue | null {
    const id = proxywasm.RegisterSharedQueue(name);
    return id != 0 ? new SharedQueue(id, name) : null;
  }

  /** Finds queue `name` of VM `vmID` ("" for this VM's id) to send to; null when it does not exist. */
  static Resolve(vmID: string, name: string): SharedQueue | null {
    const id = proxywasm.ResolveSharedQueue(vmID, name);
    return id != 0 ? new SharedQueue(id, name) : null;
  }

  /** Appends a message. */
  Enqueue(data: ArrayBuffer): Error | null {
    return proxywasm.EnqueueSharedQueue(this.id, data);
  }

  /** Appends a UTF-8 text message. */
  EnqueueString(data: string): Error | null {
    return this.Enqueue(encodeUtf8(data));
  }

  /** Takes the oldest message, or null (proxywasm.LastError() is ErrorStatusEmpty when there was none). */
  Dequeue(): ArrayBuffer | null {
    return proxywasm.DequeueSharedQueue(this.id);
  }

  /** Takes the oldest message as UTF-8 text, or null. */
  DequeueString(): string | null {
    const data = this.Dequeue();
    return data != null ? decodeBuffer(data) : null;
  }
}
