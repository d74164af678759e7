// Writing JSON text: string escaping for the small documents the wrapper builds itself (leader
// leases, user attributes for access logs), and Go's MarshalStr / UnmarshalStr helpers.

import { parseJson } from "./json_result";

const HEX = "0123456789abcdef";

/** `s` escaped for use inside a JSON string, without the surrounding quotes (Go: MarshalStr). */
export function MarshalStr(s: string): string {
  let out = "";
  let start = 0;
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    let escape: string | null = null;
    if (c == 0x22) escape = '\\"';
    else if (c == 0x5c) escape = "\\\\";
    else if (c == 0x0a) escape = "\\n";
    else if (c == 0x0d) escape = "\\r";
    else if (c == 0x09) escape = "\\t";
    else if (c < 0x20) escape = "\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
    if (escape != null) {
      out += s.substring(start, i) + escape;
      start = i + 1;
    }
  }
  return start == 0 ? s : out + s.substring(start);
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
