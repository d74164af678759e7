// The RESP2 wire format. Requests go out the way wasm-go's respString writes them: an array of
// bulk strings, whatever the command. Replies come from the network through the host, so the
// reader trusts nothing: every length is checked against the bytes actually there before anything
// is allocated, nesting is bounded and walked without recursion, and malformed input becomes an
// error value with the reason, never a trap.

import { RedisValue } from "./redis_value";
import { decodeString } from "../abi/utf8";
import { hexDigits } from "../encoding/hex";

/** Deepest array nesting the reader accepts; Redis replies nest a few levels at most. */
export const MAX_RESP_DEPTH: i32 = 256;

/** Text at the start of the error value the reader gives for bytes that are not RESP2 (Go's message). */
@lazy export const MALFORMED_REPLY = "cannot read redis response";

const CR: u8 = 0x0d;
const LF: u8 = 0x0a;

/** Encodes a command as a RESP array of bulk strings: `*N\r\n` then `$len\r\narg\r\n` per argument. */
export function encodeResp(args: string[]): ArrayBuffer {
  const count = args.length;
  const countText = count.toString();
  let total = 1 + countText.length + 2;
  const sizes = new Array<i32>(count);
  for (let i = 0; i < count; i++) {
    const size = String.UTF8.byteLength(unchecked(args[i]));
    unchecked(sizes[i] = size);
    total += 1 + decimalLength(size) + 2 + size + 2;
  }
  const buffer = new ArrayBuffer(total);
  let at = changetype<usize>(buffer);
  at = writeHeader(at, 0x2a, countText); // '*'
  for (let i = 0; i < count; i++) {
    const arg = unchecked(args[i]);
    at = writeHeader(at, 0x24, unchecked(sizes[i]).toString()); // '$'
    at += String.UTF8.encodeUnsafe(changetype<usize>(arg), arg.length, at, false, String.UTF8.ErrorMode.REPLACE);
    store<u8>(at, CR);
    store<u8>(at + 1, LF);
    at += 2;
  }
  return buffer;
}

function decimalLength(value: i32): i32 {
  let length = 1;
  while (value >= 10) {
    value /= 10;
    length++;
  }
  return length;
}

// Writes `<type><digits>\r\n` (digits are ASCII) and returns the position after it.
function writeHeader(at: usize, type: u8, digits: string): usize {
  store<u8>(at++, type);
  for (let i = 0, n = digits.length; i < n; i++) store<u8>(at++, <u8>digits.charCodeAt(i));
  store<u8>(at, CR);
  store<u8>(at + 1, LF);
  return at + 2;
}

// An array being filled while the reader walks its elements.
class OpenArray {
  items: RedisValue[] = [];
  constructor(public expected: i32) {}
}

/** Reads RESP2 values from a reply (Go: resp.NewReader(...).ReadValue()). */
export class RespReader {
  private position: i32 = 0;
  private readonly size: i32;
  // The result of the last parseNumber.
  private number: i64 = 0;
  /** Why the last ReadValue failed, or null when it succeeded. */
  error: string | null = null;

  constructor(private readonly data: ArrayBuffer) {
    this.size = data.byteLength;
  }

  /**
   * The next value. On bytes that are not one complete RESP2 value the result is an error value
   * "cannot read redis response: <why>" and `error` holds the reason.
   */
  ReadValue(): RedisValue {
    this.error = null;
    const open = new Array<OpenArray>();
    while (true) {
      if (this.position >= this.size) return this.fail(this.position == 0 ? "empty reply" : "truncated reply");
      const start = this.position;
      const type = load<u8>(changetype<usize>(this.data) + <usize>start);
      const lineEnd = this.findLineEnd(start + 1);
      if (lineEnd < 0) return this.fail("truncated reply");
      this.position = lineEnd + 2;
      let value: RedisValue;
      if (type == 0x2b) { // '+'
        value = RedisValue.SimpleStringValue(this.text(start + 1, lineEnd));
      } else if (type == 0x2d) { // '-'
        value = RedisValue.ErrorValue(this.text(start + 1, lineEnd));
      } else if (type == 0x3a) { // ':'
        if (!this.parseNumber(start + 1, lineEnd)) return this.fail("invalid integer at byte " + start.toString());
        value = RedisValue.IntegerValue(this.number);
      } else if (type == 0x24) { // '$'
        if (!this.parseNumber(start + 1, lineEnd)) return this.fail("invalid bulk length at byte " + start.toString());
        const length = this.number;
        if (length == -1) {
          value = RedisValue.NullValue();
        } else if (length < 0) {
          return this.fail("invalid bulk length at byte " + start.toString());
        } else {
          // The length must fit in what is left, with its CRLF, before anything is allocated.
          const left = <i64>(this.size - this.position);
          if (length > left - 2) return this.fail("truncated bulk string at byte " + start.toString());
          const from = this.position;
          const to = from + <i32>length;
          if (load<u8>(changetype<usize>(this.data) + <usize>to) != CR || load<u8>(changetype<usize>(this.data) + <usize>to + 1) != LF) {
            return this.fail("bulk string at byte " + start.toString() + " does not end with CRLF");
          }
          value = RedisValue.BytesValue(this.data.slice(from, to));
          this.position = to + 2;
        }
      } else if (type == 0x2a) { // '*'
        if (!this.parseNumber(start + 1, lineEnd)) return this.fail("invalid array length at byte " + start.toString());
        const count = this.number;
        if (count == -1) {
          value = RedisValue.NullArrayValue();
        } else if (count < 0) {
          return this.fail("invalid array length at byte " + start.toString());
        } else if (count == 0) {
          value = RedisValue.ArrayValue([]);
        } else {
          // Every element takes at least 3 bytes ("+\r\n"): a larger count cannot be in the reply.
          if (count > <i64>(this.size - this.position) / 3) return this.fail("truncated array at byte " + start.toString());
          if (open.length >= MAX_RESP_DEPTH) return this.fail("arrays nested deeper than " + MAX_RESP_DEPTH.toString() + " levels");
          open.push(new OpenArray(<i32>count));
          continue;
        }
      } else {
        return this.fail("unknown type byte 0x" + hexDigits(type, type < 0x10 ? 1 : 2) + " at byte " + start.toString());
      }
      // Hand the value to the arrays it completes, innermost first.
      while (true) {
        if (open.length == 0) return value;
        const top = unchecked(open[open.length - 1]);
        top.items.push(value);
        if (top.items.length < top.expected) break;
        open.pop();
        value = RedisValue.ArrayValue(top.items);
      }
    }
  }

  // The index of the CR of the first CRLF at or after `from`, or -1 when there is none.
  private findLineEnd(from: i32): i32 {
    const base = changetype<usize>(this.data);
    for (let i = from; i + 1 < this.size; i++) {
      if (load<u8>(base + <usize>i) == CR && load<u8>(base + <usize>i + 1) == LF) return i;
    }
    return -1;
  }

  private text(from: i32, to: i32): string {
    return decodeString(changetype<usize>(this.data) + <usize>from, <usize>(to - from));
  }

  // Parses an optional '-' and decimal digits into `number` (any i64, the range of Redis
  // integers); false for anything else, an empty line or a value out of range included.
  private parseNumber(from: i32, to: i32): bool {
    const base = changetype<usize>(this.data);
    let i = from;
    const negative = i < to && load<u8>(base + <usize>i) == 0x2d;
    if (negative) i++;
    if (i == to) return false;
    // Accumulate negatively: i64.MIN has no positive counterpart.
    let value: i64 = 0;
    for (; i < to; i++) {
      const digit = <i32>load<u8>(base + <usize>i) - 0x30;
      if (digit < 0 || digit > 9) return false;
      if (value < (i64.MIN_VALUE + digit) / 10) return false;
      value = value * 10 - digit;
    }
    if (!negative && value == i64.MIN_VALUE) return false;
    this.number = negative ? value : -value;
    return true;
  }

  private fail(reason: string): RedisValue {
    this.error = reason;
    return RedisValue.ErrorValue(MALFORMED_REPLY + ": " + reason);
  }
}
