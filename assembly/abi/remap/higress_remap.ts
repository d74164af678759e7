// What AssemblyScript's runtime would otherwise import from `env` (abort, trace, seed, Date,
// console, ...), provided through functions Envoy and Higress actually register: proxy_log and
// the WASI subset. The build config puts this folder on asc's `lib` path and points the runtime's
// names here with `use`, so a plugin never imports `env.abort` and friends, which Envoy refuses.
// The file name is unusual on purpose: lib files become `~lib/<name>` and must not shadow the
// standard library.

// Files on the lib path cannot import by relative path (they resolve under `~lib/`), so the one
// host function needed here is declared again, with the signature imports.ts gives it.
@external("env", "proxy_log")
declare function proxy_log(level: i32, messagePtr: usize, messageSize: usize): i32;

export { wasi_seed } from "@assemblyscript/wasi-shim/assembly/wasi_internal";
export { wasi_Date } from "@assemblyscript/wasi-shim/assembly/wasi_date";
export { wasi_console } from "@assemblyscript/wasi-shim/assembly/wasi_console";
export { wasi_performance } from "@assemblyscript/wasi-shim/assembly/wasi_performance";
export { wasi_process } from "@assemblyscript/wasi-shim/assembly/wasi_process";
export { wasi_crypto } from "@assemblyscript/wasi-shim/assembly/wasi_crypto";
// The runtime's allocator, by the names `use` points __alloc, __free and __realloc at.
export { higress_alloc, higress_free, higress_realloc } from "higress-as/assembly/runtime/allocator";

const LOG_CRITICAL: i32 = 5;
const LOG_DEBUG: i32 = 1;

// abort may run because memory is exhausted, so its message is assembled in a static buffer.
const ABORT_BUFFER_SIZE: usize = 1024;
const abortBuffer: usize = memory.data(<i32>ABORT_BUFFER_SIZE);

function appendText(at: usize, text: string | null): usize {
  if (text == null) return at;
  const limit = abortBuffer + ABORT_BUFFER_SIZE - 16;
  for (let i = 0, n = text.length; i < n && at < limit; i++) {
    const c = text.charCodeAt(i);
    store<u8>(at++, c < 0x80 ? <u8>c : 0x3f); // non-ASCII as '?': no allocation, no UTF-8 math
  }
  return at;
}

function appendNumber(at: usize, value: u32): usize {
  let digits: usize = 1;
  for (let v = value; v >= 10; v /= 10) digits++;
  for (let i = digits; i > 0; i--) {
    store<u8>(at + i - 1, <u8>(0x30 + value % 10));
    value /= 10;
  }
  return at + digits;
}

/**
 * Replaces `env.abort`: logs the failure at critical level through proxy_log, then traps. A trap
 * is the only way to stop the VM (WASI proc_exit returns in Envoy), so this is for states the SDK
 * cannot recover from; SDK code returns errors instead of reaching it.
 */
export function higress_abort(message: string | null, fileName: string | null, lineNumber: u32, columnNumber: u32): void {
  let at = appendText(abortBuffer, "abort: ");
  at = appendText(at, message);
  at = appendText(at, " at ");
  at = appendText(at, fileName);
  store<u8>(at++, 0x3a); // ':'
  at = appendNumber(at, lineNumber);
  store<u8>(at++, 0x3a);
  at = appendNumber(at, columnNumber);
  proxy_log(LOG_CRITICAL, abortBuffer, at - abortBuffer);
  unreachable();
}

/** Replaces `env.trace`: a debug log line with the message and its numeric arguments. */
export function higress_trace(message: string, n: i32 = 0, a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0, a4: f64 = 0): void {
  let line = "trace: " + message;
  if (n > 0) line += " " + a0.toString();
  if (n > 1) line += ", " + a1.toString();
  if (n > 2) line += ", " + a2.toString();
  if (n > 3) line += ", " + a3.toString();
  if (n > 4) line += ", " + a4.toString();
  const bytes = String.UTF8.encode(line, false, String.UTF8.ErrorMode.REPLACE);
  proxy_log(LOG_DEBUG, changetype<usize>(bytes), <usize>bytes.byteLength);
}
