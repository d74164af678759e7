// The instantiated module and the host's view of each call into it. Every host->VM call pushes a
// frame holding the context it runs for and an effective context that starts at 0 (cpp-host
// SaveRestoreContext), so proxy_set_effective_context lasts only until that call returns. Frames
// also carry the restricted-callback window of start functions and the allocator.

import { describeTrap, HostTrap } from "./errors.js";
import { GuestMemory } from "./memory.js";

interface Frame {
  exportName: string;
  contextId: number;
  effectiveContextId: number;
  /** Host calls allowed in this frame ("module.name"), or null for no restriction. */
  allowed: ReadonlySet<string> | null;
}

/** A host function was called from the module's start section, before any context exists. */
export class StartSectionHostCall extends Error {
  constructor(readonly hostFunction: string) {
    super(`host function ${hostFunction} called from the wasm start section`);
  }
}

/** Outcome of calling an export. */
export type CallOutcome =
  | { trapped: false; value: number | undefined }
  | { trapped: true };

export class Vm {
  private exportsByName: Record<string, unknown> = {};
  private readonly frames: Frame[] = [];
  private attached = false;
  private allocatorName = "";
  private guestMemory: GuestMemory | null = null;
  /** Set once a call trapped; no further calls go into the module. */
  failure: string | null = null;
  /** The host call refused by the last restricted_callback trap. */
  lastRestrictedCall: string | null = null;

  /**
   * @param staleBoundOnAllocatorGrowth imitate WAMR 2.1.1 (Higress): when the module's allocator
   *   grows linear memory during a host call, the calling frame keeps the old memory bound and
   *   traps on its next access past it. Checked strictly: any growth fails the call.
   */
  constructor(
    private readonly onFailure: (message: string) => void,
    private readonly mallocAllowed: ReadonlySet<string>,
    private readonly staleBoundOnAllocatorGrowth = false,
  ) {}

  /** Binds the instance once instantiation finished. */
  attach(instance: WebAssembly.Instance, memory: WebAssembly.Memory, allocatorName: string): void {
    this.exportsByName = instance.exports as Record<string, unknown>;
    this.allocatorName = allocatorName;
    this.guestMemory = new GuestMemory(memory, (size) => this.allocate(size));
    this.attached = true;
  }

  /** The instance's exports, as the module declared them (memory, globals, functions). */
  get exports(): Readonly<Record<string, unknown>> {
    return this.exportsByName;
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  get memory(): GuestMemory {
    if (this.guestMemory === null) throw new Error("the module is not instantiated");
    return this.guestMemory;
  }

  /** True while any call into the module is running. */
  get busy(): boolean {
    return this.frames.length > 0;
  }

  /** Called by every host function before it runs: enforces start-section and restricted windows. */
  guardHostCall(key: string): void {
    if (!this.attached) throw new StartSectionHostCall(key);
    const frame = this.frames[this.frames.length - 1];
    if (frame?.allowed && !frame.allowed.has(key)) {
      this.lastRestrictedCall = key;
      throw new HostTrap("restricted_callback");
    }
  }

  /** The context the innermost call runs for, or its effective context if one was set. */
  contextOrEffectiveId(): number {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) return 0;
    return frame.effectiveContextId !== 0 ? frame.effectiveContextId : frame.contextId;
  }

  setEffectiveContext(id: number): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.effectiveContextId = id;
  }

  /**
   * Calls an export for a context. A missing export yields value undefined; a trap marks the VM
   * failed with Envoy's message and yields trapped. After a failure nothing is called.
   */
  call(exportName: string, contextId: number, args: number[], allowed: ReadonlySet<string> | null = null): CallOutcome {
    if (this.failed) return { trapped: true };
    const fn = this.exportsByName[exportName];
    if (typeof fn !== "function") return { trapped: false, value: undefined };
    this.frames.push({ exportName, contextId, effectiveContextId: 0, allowed });
    try {
      const result: unknown = fn(...args);
      return { trapped: false, value: typeof result === "number" ? result >>> 0 : undefined };
    } catch (error) {
      const trap = describeTrap(error);
      this.fail(`Function: ${exportName} failed: ${trap ?? `host error: ${String(error)}`}`);
      // An error that is not a guest trap is a bug in the host; surface it.
      if (trap === null) throw error;
      return { trapped: true };
    } finally {
      this.frames.pop();
    }
  }

  private fail(message: string): void {
    if (this.failure !== null) return;
    this.failure = message;
    this.onFailure(message);
  }

  /** Runs the module's allocator under the VM context; 0 on failure. */
  private allocate(size: number): number {
    const before = this.guestMemory?.byteLength ?? 0;
    const outcome = this.call(this.allocatorName, 0, [size], this.mallocAllowed);
    if (this.staleBoundOnAllocatorGrowth && this.frames.length > 0 && (this.guestMemory?.byteLength ?? 0) > before) {
      // Thrown through the host function into the plugin's frame, which fails as WAMR's would.
      throw new WebAssembly.RuntimeError(
        `out of bounds memory access (linear memory grew from ${before} bytes inside ${this.allocatorName}, called by the host ` +
          "during a host call; WAMR 2.1.1 keeps the caller's old bound)",
      );
    }
    return outcome.trapped ? 0 : (outcome.value ?? 0);
  }
}
