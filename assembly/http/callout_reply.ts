// What an HTTP call's callback receives, read from the host while the reply is being delivered:
// a status code that is always usable, the headers as the host gives them, and the body.
//
// Status codes follow wasm-go, with one choice of our own for a failed call:
// - a reply without `:status` is 502 (Bad Gateway), as in Go;
// - a `:status` that is not a number is 500, as in Go;
// - a failed call (the host reports no headers at all: reset, or a reply over the buffer limit)
//   is 503, the code Envoy gives its own "upstream connect error or disconnect/reset" replies
//   (Go reports 502 for this too). Timeouts and "no healthy upstream" are not failures: Envoy
//   answers them itself, 504 and 503, with headers.
// Header keys stay as the host gives them (lower case from Envoy); Go canonicalises them through
// http.Header (`Content-Type`), so look values up with GetHeaderValue, which ignores case.

import { BufferType, MapType } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { HeaderPair } from "../abi/pairs";

/** The status reported for a reply that has no `:status` header (Go's value). */
export const STATUS_NO_STATUS: i32 = 502;
/** The status reported for a reply whose `:status` is not a number (Go's value). */
export const STATUS_BAD_STATUS: i32 = 500;
/** The status reported for a call that failed without any reply (reset, overflow). */
export const STATUS_CALL_FAILED: i32 = 503;

/** A delivered HTTP call reply. */
export class CalloutReply {
  constructor(
    /** The upstream's status, or one of the STATUS_* codes above. */
    public readonly statusCode: i32,
    /** Every header, `:status` included, in the host's order and spelling. */
    public readonly headers: HeaderPair[],
    /** The body (empty when there is none). */
    public readonly body: ArrayBuffer,
    /** Whether the call failed without a reply (statusCode is then STATUS_CALL_FAILED). */
    public readonly failed: bool,
  ) {}
}

// `:status` as a number: decimal digits only (at most 9, so it fits), else -1.
function parseStatus(value: string): i32 {
  const n = value.length;
  if (n == 0 || n > 9) return -1;
  let code: i32 = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    code = code * 10 + (c - 0x30);
  }
  return code;
}

/** Reads the reply being delivered; call it from the callout's response callback only. */
export function readCalloutReply(numHeaders: u32, bodySize: usize): CalloutReply {
  if (numHeaders == 0) return new CalloutReply(STATUS_CALL_FAILED, new Array<HeaderPair>(), new ArrayBuffer(0), true);
  const headers = hostcalls.getHeaderMapPairs(MapType.HttpCallResponseHeaders);
  let statusCode = STATUS_NO_STATUS;
  for (let i = 0, n = headers.length; i < n; i++) {
    const pair = unchecked(headers[i]);
    if (pair.key != ":status") continue;
    const code = parseStatus(pair.value);
    statusCode = code >= 0 ? code : STATUS_BAD_STATUS;
    break;
  }
  let body: ArrayBuffer | null = null;
  if (bodySize > 0) body = hostcalls.getBufferBytes(BufferType.HttpCallResponseBody, 0, <u32>bodySize);
  return new CalloutReply(statusCode, headers, body != null ? body : new ArrayBuffer(0), false);
}

@inline function lowerAscii(c: i32): i32 {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

function equalsIgnoringCase(a: string, b: string): bool {
  const n = a.length;
  if (n != b.length) return false;
  for (let i = 0; i < n; i++) {
    if (lowerAscii(a.charCodeAt(i)) != lowerAscii(b.charCodeAt(i))) return false;
  }
  return true;
}

/** The first value of header `key` (any case, as Go's http.Header.Get), or null when absent. */
export function GetHeaderValue(headers: HeaderPair[], key: string): string | null {
  for (let i = 0, n = headers.length; i < n; i++) {
    const pair = unchecked(headers[i]);
    if (equalsIgnoringCase(pair.key, key)) return pair.value;
  }
  return null;
}
