// The text of JSON string literals, read straight from the document's UTF-8 bytes: which byte
// sequences are UTF-8 (the parser rejects the rest, so nothing is silently replaced), and the
// decoding of a literal's content, escapes resolved, into an AssemblyScript string in one pass.

import { decodeString } from "../abi/utf8";

/**
 * Length of the UTF-8 sequence that starts at `base + at` with lead byte `lead` (>= 0x80) and must
 * end by `base + end`, or 0 when it is not well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence).
 */
export function utf8SequenceLength(base: usize, at: i32, end: i32, lead: u32): i32 {
  let size = 0;
  let min: u32 = 0x80; // allowed range of the second byte, narrower after some lead bytes
  let max: u32 = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    size = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    size = 3;
    if (lead == 0xe0) min = 0xa0; // overlong below U+0800
    else if (lead == 0xed) max = 0x9f; // U+D800..U+DFFF are surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    size = 4;
    if (lead == 0xf0) min = 0x90; // overlong below U+10000
    else if (lead == 0xf4) max = 0x8f; // above U+10FFFF
  } else {
    return 0;
  }
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
  if (end <= start) return "";
  if (!escaped) return decodeString(base + <usize>start, <usize>(end - start));
  // Every UTF-16 unit written consumes at least one byte, so end - start units always suffice;
  // the string is then shrunk to what was written.
  const out = __new(<usize>(end - start) << 1, idof<string>());
  let n: usize = 0;
  let i = start;
  while (i < end) {
    const c = <u32>load<u8>(base + i);
    if (c == 0x5c) {
      const e = <u32>load<u8>(base + i + 1);
      let unit: u32 = e; // \" \\ \/ stand for themselves
      let size = 2;
      if (e == 0x62) unit = 0x08;
      else if (e == 0x66) unit = 0x0c;
      else if (e == 0x6e) unit = 0x0a;
      else if (e == 0x72) unit = 0x0d;
      else if (e == 0x74) unit = 0x09;
      else if (e == 0x75) {
        size = 6;
        unit = hex4(base + i + 2);
        if (unit >= 0xd800 && unit <= 0xdfff) {
          const low = unit <= 0xdbff && i + 12 <= end && load<u8>(base + i + 6) == 0x5c && load<u8>(base + i + 7) == 0x75
            ? hex4(base + i + 8) : 0;
          if (low >= 0xdc00 && low <= 0xdfff) {
            store<u16>(out + (n << 1), <u16>unit);
            n++;
            unit = low;
            size = 12;
          } else {
            unit = 0xfffd;
          }
        }
      }
      store<u16>(out + (n << 1), <u16>unit);
      n++;
      i += size;
      continue;
    }
    let cp = c;
    let size = 1;
    if (c >= 0xf0) {
      cp = (c & 0x07) << 18 | (<u32>load<u8>(base + i + 1) & 0x3f) << 12
        | (<u32>load<u8>(base + i + 2) & 0x3f) << 6 | (<u32>load<u8>(base + i + 3) & 0x3f);
      size = 4;
    } else if (c >= 0xe0) {
      cp = (c & 0x0f) << 12 | (<u32>load<u8>(base + i + 1) & 0x3f) << 6 | (<u32>load<u8>(base + i + 2) & 0x3f);
      size = 3;
    } else if (c >= 0xc0) {
      cp = (c & 0x1f) << 6 | (<u32>load<u8>(base + i + 1) & 0x3f);
      size = 2;
    }
    i += size;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      store<u16>(out + (n << 1), <u16>(0xd800 | (cp >> 10)));
      store<u16>(out + (n << 1), <u16>(0xdc00 | (cp & 0x3ff)), 2);
      n += 2;
    } else {
      store<u16>(out + (n << 1), <u16>cp);
      n++;
    }
  }
  return changetype<string>(__renew(out, n << 1));
}

/** Value of one hex digit, or -1. */
export function hexDigit(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const lower = c | 0x20;
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

// Four hex digits the parser has checked.
function hex4(at: usize): u32 {
  let v: u32 = 0;
  for (let k: usize = 0; k < 4; k++) v = v << 4 | <u32>hexDigit(<u32>load<u8>(at + k));
  return v;
}
