// Errors the host raises. Load refusals carry Envoy's own message so a test failure reads like the
// log line Envoy would print; traps raised by host functions imitate V8's wording.

/** The module would not load in Envoy: the message is the one Envoy logs. */
export class WasmLoadError extends Error {
  /** Extra context the Envoy message lacks (e.g. which host call was restricted); may be empty. */
  readonly detail: string;

  constructor(message: string, detail = "") {
    super(message);
    this.name = "WasmLoadError";
    this.detail = detail;
  }
}

/**
 * A trap a host function raises inside the guest, as V8 does for a host-side wasm::Trap.
 * Envoy reports these as "Uncaught Error: <message>".
 */
export class HostTrap extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Error";
  }
}

/** A guest pointer/length pair outside linear memory; host calls turn it into InvalidMemoryAccess. */
export class MemoryAccessError extends Error {
  constructor(pointer: number, size: number) {
    super(`guest memory access out of bounds: ${pointer}+${size}`);
    this.name = "MemoryAccessError";
  }
}

/** Formats what the guest threw the way Envoy's V8 engine prints an uncaught trap. */
export function describeTrap(error: unknown): string | null {
  if (error instanceof WebAssembly.RuntimeError) return `Uncaught RuntimeError: ${error.message}`;
  if (error instanceof HostTrap) return `Uncaught Error: ${error.message}`;
  // V8 reports guest stack exhaustion as a RangeError.
  if (error instanceof RangeError) return `Uncaught RangeError: ${error.message}`;
  return null;
}
