// Several periodic tasks on the single timer the host gives each root context. The host timer
// runs at the greatest common divisor of the registered periods and each task fires every
// (its period / that divisor) host ticks, so timing stays exact and testable without a clock.

import { WasmResult } from "../abi/enums";
import { setTickPeriodMilliseconds } from "../abi/hostcalls";

/** A periodic task; AssemblyScript has no closures, so state lives on the handler object. */
export abstract class TickHandler {
  /** Runs once per period. */
  abstract onTick(): void;
}

class TickEntry {
  remaining: u32 = 0;
  constructor(public periodMs: u32, public handler: TickHandler) {}
}

// How many schedulers need their host timer changed: after each callback applyTickPeriod looks at
// one number instead of at the scheduler of the callback's root.
let periodsToApply: i32 = 0;

/**
 * Points the host timer at the period `ticks` needs, after a callback that may have changed it;
 * one global test while no scheduler has a change waiting.
 */
export function applyTickPeriod(ticks: TickScheduler): void {
  if (periodsToApply == 0 || !ticks.periodChanged) return;
  if (setTickPeriodMilliseconds(ticks.periodMs) == WasmResult.Ok) ticks.markPeriodApplied();
}

function gcd(a: u32, b: u32): u32 {
  while (b != 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** The periodic tasks of one root context and the host timer period they need. */
export class TickScheduler {
  private entries: TickEntry[] = [];
  private hostPeriod: u32 = 0;
  private appliedPeriod: u32 = 0;

  /** Registers `handler` to run every `periodMs`; false (and nothing registered) for a 0 period. */
  add(periodMs: u32, handler: TickHandler): bool {
    if (periodMs == 0) return false;
    this.entries.push(new TickEntry(periodMs, handler));
    this.recompute();
    return true;
  }

  /** Forgets every task (a reconfigure rebuilds them); the host timer is then stopped. */
  clear(): void {
    // Not through recompute(): every configure clears, and a plugin that registers no task should
    // not carry the period arithmetic only add() needs.
    if (this.entries.length == 0) return;
    this.entries = [];
    this.setHostPeriod(0);
  }

  /** How many tasks are registered. */
  get size(): i32 {
    return this.entries.length;
  }

  /** The host timer period these tasks need, 0 for none. */
  get periodMs(): u32 {
    return this.hostPeriod;
  }

  /** Whether the host timer must be set to periodMs; the dispatcher applies it after a callback. */
  get periodChanged(): bool {
    return this.hostPeriod != this.appliedPeriod;
  }

  /** Records that the host timer now runs at periodMs. */
  markPeriodApplied(): void {
    if (this.periodChanged) periodsToApply--;
    this.appliedPeriod = this.hostPeriod;
  }

  /** Advances one host tick and runs the tasks that are due. */
  onHostTick(): void {
    // A task may register or clear tasks while running: walk the list as it was.
    const entries = this.entries;
    const host = this.hostPeriod;
    if (host == 0) return;
    for (let i = 0, n = entries.length; i < n; i++) {
      const entry = unchecked(entries[i]);
      if (entry.remaining > 1) {
        entry.remaining--;
        continue;
      }
      entry.remaining = entry.periodMs / host;
      entry.handler.onTick();
    }
  }

  // The host timer period the tasks now need; counts a scheduler whose timer must change.
  private setHostPeriod(period: u32): void {
    const wasChanged = this.periodChanged;
    this.hostPeriod = period;
    if (this.periodChanged != wasChanged) periodsToApply += wasChanged ? -1 : 1;
  }

  private recompute(): void {
    let period: u32 = 0;
    const entries = this.entries;
    for (let i = 0, n = entries.length; i < n; i++) period = gcd(period, unchecked(entries[i]).periodMs);
    this.setHostPeriod(period);
    // Phases restart whenever the set changes: each task next fires one full period from now.
    for (let i = 0, n = entries.length; i < n; i++) {
      const entry = unchecked(entries[i]);
      entry.remaining = entry.periodMs / period;
    }
  }
}
