// Writing JSON text: string escaping for the small documents the wrapper builds itself (leader
// leases, user attributes for access logs), and Go's MarshalStr / UnmarshalStr helpers.

import { hexUnit } from "../encoding/hex";
import { parseJson } from "./json_parse";

// How many UTF-16 units MarshalStr writes for unit `c`; a call, not inlined, as both of
// MarshalStr's passes use it.
function escapedLength(c: u32): usize {
  if (c == 0x22 || c == 0x5c || c == 0x0a || c == 0x0d || c == 0x09) return 2;
  return c < 0x20 ? 6 : 1;
}

/** `s` escaped for use inside a JSON string, without the surrounding quotes (Go: MarshalStr). */
export function MarshalStr(s: string): string {
  const n = s.length;
  // Measured first and written into one allocation, so a long text with many escapes stays linear.
  let size: usize = 0;
  for (let i = 0; i < n; i++) size += escapedLength(s.charCodeAt(i));
  if (size == <usize>n) return s;
  const out = __new(size << 1, idof<string>());
  let at = out;
  for (let i = 0; i < n; i++) {
    const c = <u32>s.charCodeAt(i);
    const length = escapedLength(c);
    if (length == 1) {
      store<u16>(at, <u16>c);
    } else if (length == 2) {
      store<u16>(at, 0x5c);
      store<u16>(at, <u16>(c == 0x0a ? 0x6e : c == 0x0d ? 0x72 : c == 0x09 ? 0x74 : c), 2);
    } else { // \u00XX
      store<u64>(at, 0x0030_0030_0075_005c); // "\u00", little-endian units
      store<u16>(at, hexUnit(c >> 4), 8);
      store<u16>(at, hexUnit(c & 15), 10);
    }
    at += length << 1;
  }
  return changetype<string>(out);
}

/** `s` as a JSON string literal, quotes included. */
export function quoteJson(s: string): string {
  return '"' + MarshalStr(s) + '"';
}

/** The text a JSON-escaped string stands for (Go: UnmarshalStr); "" when it is not valid. */
export function UnmarshalStr(escaped: string): string {
  const parsed = parseJson('"' + escaped + '"');
  return parsed.ok ? parsed.value.String() : "";
}
