// Which header values can reach a plugin from the wire. Envoy's codecs pass every byte of a value
// through except NUL, CR and LF: HTTP/1 (http_parser since CVE-2019-9900, balsa) ends the line at
// CR/LF and rejects NUL, HTTP/2 (nghttp2's VALID_HD_VALUE_CHARS, oghttp2) rejects the three and
// accepts obs-text 0x80-0xFF. A request holding them is answered by the codec (400 or a stream
// reset) before any filter runs, so a test that hands one to MockHost describes a request no plugin
// ever sees; MockHost refuses it instead of letting the test pass on input Envoy cannot produce.
// Plugin-written values are not checked: Envoy stores them as given (see hostcalls/header-maps.ts).

import type { HeaderPairsInput } from "./types.js";

const encoder = new TextEncoder();

/** Throws when a value holds a byte the codecs reject, naming the header and the byte offset. */
export function assertCodecValues(what: string, pairs: HeaderPairsInput): void {
  for (const [key, value] of pairs) {
    const bytes = typeof value === "string" ? encoder.encode(value) : value;
    const offset = bytes.findIndex((b) => b === 0x00 || b === 0x0d || b === 0x0a);
    if (offset !== -1) {
      const byte = `0x${bytes[offset].toString(16).padStart(2, "0")}`;
      throw new Error(`${what}: the value of "${key}" holds ${byte} at byte ${offset}; Envoy's codecs reject NUL, CR and LF in a header value, so no plugin would see it`);
    }
  }
}
