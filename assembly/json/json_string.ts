// The text of JSON string literals, read straight from the document's UTF-8 bytes: which byte
// sequences are UTF-8 (the parser rejects the rest, so nothing is silently replaced), and a
// literal's content as an AssemblyScript string: the SDK's UTF-8 decoder, then escapes resolved.

import { decodeString } from "../abi/utf8";

/**
 * Length of the UTF-8 sequence that starts at `base + at` with lead byte `lead` (>= 0x80) and must
 * end by `base + end`, or 0 when it is not well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence).
 */
export function utf8SequenceLength(base: usize, at: i32, end: i32, lead: u32): i32 {
  if (lead - 0xc2 > 0xf4 - 0xc2) return 0; // 0x80..0xc1 are continuations or overlong leads
  const size = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  // The allowed range of the second byte, narrower after four lead bytes: E0 (overlong below
  // U+0800), ED (U+D800..U+DFFF are surrogates), F0 (overlong below U+10000), F4 (above U+10FFFF).
  const min: u32 = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
  const max: u32 = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
  if (at + size > end) return 0;
  const second = <u32>load<u8>(base + at + 1);
  if (second < min || second > max) return 0;
  for (let k = 2; k < size; k++) {
    if ((<u32>load<u8>(base + at + k) & 0xc0) != 0x80) return 0;
  }
  return size;
}

/**
 * The text of a string literal's content at [start, end) of a document the parser has checked
 * (valid UTF-8, valid escapes), with `escaped` telling whether it holds a backslash. Unpaired
 * surrogates from \u escapes become U+FFFD, as in Go's encoding/json.
 */
export function decodeJsonString(base: usize, start: i32, end: i32, escaped: bool): string {
  const text = decodeString(base + <usize>start, <usize>(end - start));
  if (!escaped) return text;
  // The escapes are ASCII, so they come through the UTF-8 decoder unit for unit, and each stands
  // for no more units than it spells: they are resolved in place, writing behind the reading.
  const units = changetype<usize>(text);
  const length = text.length;
  let n = 0;
  let i = 0;
  while (i < length) {
    const at = units + (<usize>i << 1);
    let unit = <u32>load<u16>(at);
    let size = 1;
    if (unit == 0x5c) {
      const e = <u32>load<u16>(at, 2);
      unit = e; // \" \\ \/ stand for themselves
      size = 2;
      if (e == 0x62) unit = 0x08;
      else if (e == 0x66) unit = 0x0c;
      else if (e == 0x6e) unit = 0x0a;
      else if (e == 0x72) unit = 0x0d;
      else if (e == 0x74) unit = 0x09;
      else if (e == 0x75) {
        size = 6;
        unit = hex4(at + 4);
        if (unit >= 0xd800 && unit <= 0xdfff) {
          const low = unit <= 0xdbff && i + 12 <= length && load<u16>(at, 12) == 0x5c && load<u16>(at, 14) == 0x75
            ? hex4(at + 16) : 0;
          if (low >= 0xdc00 && low <= 0xdfff) {
            store<u16>(units + (<usize>n << 1), <u16>unit);
            n++;
            unit = low;
            size = 12;
          } else {
            unit = 0xfffd;
          }
        }
      }
    }
    store<u16>(units + (<usize>n << 1), <u16>unit);
    n++;
    i += size;
  }
  return changetype<string>(__renew(units, <usize>n << 1));
}

/** Value of one hex digit, or -1. */
export function hexDigit(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const lower = c | 0x20;
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

// Four hex digits (UTF-16 units) the parser has checked.
function hex4(at: usize): u32 {
  let v: u32 = 0;
  for (let k: usize = 0; k < 8; k += 2) v = v << 4 | <u32>hexDigit(<u32>load<u16>(at + k));
  return v;
}
