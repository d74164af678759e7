// Go's encoding/base64 for plugin code: the four standard encodings, EncodeToString and a
// DecodeString exactly as strict as Go's (the same padding rules, the same ignored CR/LF, the same
// "illegal base64 data at input byte N" offsets), so a port rejects exactly what the Go plugin
// rejects. Offsets count UTF-8 bytes of the input, as Go's byte strings do.

import { decodeBuffer, encodeUtf8 } from "../abi/utf8";
import { Result } from "../errors/result";

/** The padding character of the padded encodings. */
export const StdPadding: i32 = 0x3d; // '='
/** Passed as a padding character: no padding. */
export const NoPadding: i32 = -1;

// Lazy, so that only plugins using an encoding carry its alphabet.
@lazy const STD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
@lazy const URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const INVALID: u8 = 0xff;

/** Go's CorruptInputError: the byte offset of the first bad input byte. */
export class CorruptInputError extends Error {
  constructor(public readonly offset: i64) {
    super("illegal base64 data at input byte " + offset.toString());
    this.name = "CorruptInputError";
  }
}

/** One base64 alphabet with its padding rule (Go: *base64.Encoding). */
export class Encoding {
  private encodeMap: Uint8Array = new Uint8Array(64);
  private decodeMap: Uint8Array = new Uint8Array(256);
  // Where the last quantum ended and how many bytes it wrote: fields rather than a returned
  // object, so decoding allocates only its result (plugins run one callback at a time).
  private next: i32 = 0;
  private written: i32 = 0;

  /**
   * An encoding over `alphabet`, 64 distinct ASCII characters (Go: NewEncoding); padChar is a
   * character or NoPadding. Other alphabets give wrong results, never a trap.
   */
  constructor(alphabet: string, private padChar: i32 = StdPadding, private strict: bool = false) {
    this.decodeMap.fill(INVALID);
    for (let i = 0; i < 64; i++) {
      const c = <u8>alphabet.charCodeAt(i);
      this.encodeMap[i] = c;
      this.decodeMap[c] = <u8>i;
    }
  }

  /** The same encoding with another padding character, or NoPadding. */
  WithPadding(padding: i32): Encoding {
    return new Encoding(this.alphabet(), padding, this.strict);
  }

  /** The same encoding, but decoding refuses non-zero trailing bits (Go: Strict). */
  Strict(): Encoding {
    return new Encoding(this.alphabet(), this.padChar, true);
  }

  /** Length of the encoding of n bytes. */
  EncodedLen(n: i32): i32 {
    if (this.padChar == NoPadding) return n / 3 * 4 + (n % 3 * 8 + 5) / 6;
    return (n + 2) / 3 * 4;
  }

  /** The most bytes n input characters can decode to. */
  DecodedLen(n: i32): i32 {
    if (this.padChar == NoPadding) return n / 4 * 3 + n % 4 * 6 / 8;
    return n / 4 * 3;
  }

  /** The base64 text of src. */
  EncodeToString(src: ArrayBuffer): string {
    const input = Uint8Array.wrap(src);
    const n = input.length;
    const out = new Uint8Array(this.EncodedLen(n));
    const map = this.encodeMap;
    let si = 0;
    let di = 0;
    for (; si + 3 <= n; si += 3) {
      const v = (<u32>input[si] << 16) | (<u32>input[si + 1] << 8) | <u32>input[si + 2];
      out[di++] = map[(v >> 18) & 0x3f];
      out[di++] = map[(v >> 12) & 0x3f];
      out[di++] = map[(v >> 6) & 0x3f];
      out[di++] = map[v & 0x3f];
    }
    const rest = n - si;
    if (rest > 0) {
      let v = <u32>input[si] << 16;
      if (rest == 2) v |= <u32>input[si + 1] << 8;
      out[di++] = map[(v >> 18) & 0x3f];
      out[di++] = map[(v >> 12) & 0x3f];
      if (rest == 2) out[di++] = map[(v >> 6) & 0x3f];
      else if (this.padChar != NoPadding) out[di++] = <u8>this.padChar;
      if (this.padChar != NoPadding) out[di++] = <u8>this.padChar;
    }
    return decodeBuffer(out.buffer); // ASCII
  }

  /**
   * The bytes s encodes. On bad input `err` is a CorruptInputError and `value` holds the bytes
   * decoded before the bad quantum, as Go's DecodeString returns them.
   */
  DecodeString(s: string): Result<ArrayBuffer> {
    const src = Uint8Array.wrap(encodeUtf8(s));
    const dst = new Uint8Array((src.length + 3) / 4 * 3);
    this.next = 0;
    let n = 0;
    let err: CorruptInputError | null = null;
    while (this.next < src.length) {
      err = this.decodeQuantum(dst, n, src, this.next);
      n += this.written;
      if (err != null) break;
    }
    return new Result<ArrayBuffer>(dst.slice(0, n).buffer, err);
  }

  // One group of up to four characters (CR and LF skipped), following Go's decodeQuantum case by
  // case: where padding may stand, what may follow it, and which offset each error names.
  private decodeQuantum(dst: Uint8Array, at: i32, src: Uint8Array, start: i32): CorruptInputError | null {
    let si = start;
    let dlen = 4;
    let val: u32 = 0;
    let err: CorruptInputError | null = null;
    const len = src.length;
    this.written = 0;
    for (let j = 0; j < 4; j++) {
      if (si == len) {
        this.next = si;
        if (j == 0) return null;
        if (j == 1 || this.padChar != NoPadding) return new CorruptInputError(si - j);
        dlen = j;
        break;
      }
      const c = src[si];
      si++;
      this.next = si;
      const v = this.decodeMap[c];
      if (v != INVALID) {
        val |= <u32>v << (18 - 6 * j);
        continue;
      }
      if (c == 0x0a || c == 0x0d) {
        j--;
        continue;
      }
      if (<i32>c != this.padChar) return new CorruptInputError(si - 1);
      // Padding: legal only as the third or fourth character of a quantum.
      if (j < 2) return new CorruptInputError(si - 1);
      if (j == 2) {
        si = skipNewlines(src, si);
        this.next = si;
        if (si == len) return new CorruptInputError(len);
        if (<i32>src[si] != this.padChar) return new CorruptInputError(si - 1);
        si++;
      }
      si = skipNewlines(src, si);
      this.next = si;
      if (si < len) err = new CorruptInputError(si); // data after the padding
      dlen = j;
      break;
    }
    const b0 = <u8>(val >> 16);
    const b1 = <u8>(val >> 8);
    const b2 = <u8>val;
    if (dlen == 3 && this.strict && b2 != 0) return new CorruptInputError(si - 1);
    if (dlen == 2 && this.strict && (b1 != 0 || b2 != 0)) return new CorruptInputError(si - 2);
    dst[at] = b0;
    if (dlen >= 3) dst[at + 1] = b1;
    if (dlen == 4) dst[at + 2] = b2;
    this.written = dlen - 1;
    return err;
  }

  private alphabet(): string {
    return decodeBuffer(this.encodeMap.slice(0).buffer); // ASCII
  }
}

function skipNewlines(src: Uint8Array, from: i32): i32 {
  let i = from;
  while (i < src.length && (src[i] == 0x0a || src[i] == 0x0d)) i++;
  return i;
}

// The encodings are lazy: a plugin that uses none of them does not build their lookup tables at
// start, nor carry the code that does.

/** RFC 4648 standard base64, padded (Go: base64.StdEncoding). */
@lazy export const StdEncoding = new Encoding(STD_ALPHABET);
/** The URL- and filename-safe alphabet, padded (Go: base64.URLEncoding). */
@lazy export const URLEncoding = new Encoding(URL_ALPHABET);
/** StdEncoding without padding (Go: base64.RawStdEncoding). */
@lazy export const RawStdEncoding = new Encoding(STD_ALPHABET, NoPadding);
/** URLEncoding without padding (Go: base64.RawURLEncoding). */
@lazy export const RawURLEncoding = new Encoding(URL_ALPHABET, NoPadding);
