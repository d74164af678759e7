// One RESP2 value, what a Redis callback receives (Go: tidwall/resp's `resp.Value`). The accessors
// follow Go's conversion rules, so a Go callback body ports line by line:
//   if response.Error() != nil { ... }  →  if (response.Error() != null) { ... }
//   n := response.Integer()             →  const n = response.Integer()
// Nothing here traps: a conversion that does not apply gives Go's zero value.

import { joinStrings } from "../runtime/string_join";
import { decodeBuffer, encodeUtf8 } from "../abi/utf8";
import { parseGoFloat } from "../json/json_number";

/** The RESP2 type of a value, by its type byte (Go: `resp.Type`). */
export enum RespType {
  /** `+OK` */
  SimpleString = 0x2b,
  /** `-ERR ...` */
  Error = 0x2d,
  /** `:42` */
  Integer = 0x3a,
  /** `$5 hello` (and the null bulk string `$-1`) */
  BulkString = 0x24,
  /** `*2 ...` (and the null array `*-1`) */
  Array = 0x2a,
}

// Lazy: plugins that never read a Redis reply do not allocate it at start.
@lazy const EMPTY = new ArrayBuffer(0);

/** A RESP2 value: a simple string, error, integer, bulk string (maybe null) or array (maybe null). */
export class RedisValue {
  private constructor(
    private type: RespType,
    private bytes: ArrayBuffer,
    private integer: i64,
    private items: RedisValue[],
    private nil: bool,
  ) {}

  /** A simple string (`+`), e.g. Redis's `OK`. */
  static SimpleStringValue(text: string): RedisValue {
    return new RedisValue(RespType.SimpleString, encodeUtf8(text), 0, [], false);
  }

  /** A bulk string (`$`) holding the UTF-8 bytes of `text` (Go: resp.StringValue). */
  static StringValue(text: string): RedisValue {
    return new RedisValue(RespType.BulkString, encodeUtf8(text), 0, [], false);
  }

  /** A bulk string (`$`) holding `bytes` as they are (Go: resp.BytesValue). */
  static BytesValue(bytes: ArrayBuffer): RedisValue {
    return new RedisValue(RespType.BulkString, bytes, 0, [], false);
  }

  /** An integer (`:`). */
  static IntegerValue(value: i64): RedisValue {
    return new RedisValue(RespType.Integer, EMPTY, value, [], false);
  }

  /** An error (`-`) with `message`; the SDK also reports failed calls this way, as Go does. */
  static ErrorValue(message: string): RedisValue {
    return new RedisValue(RespType.Error, encodeUtf8(message), 0, [], false);
  }

  /** An array (`*`) of `items`. */
  static ArrayValue(items: RedisValue[]): RedisValue {
    return new RedisValue(RespType.Array, EMPTY, 0, items, false);
  }

  /** The null bulk string (`$-1`), e.g. GET of a missing key (Go: resp.NullValue). */
  static NullValue(): RedisValue {
    return new RedisValue(RespType.BulkString, EMPTY, 0, [], true);
  }

  /** The null array (`*-1`), e.g. a timed-out blocking pop. */
  static NullArrayValue(): RedisValue {
    return new RedisValue(RespType.Array, EMPTY, 0, [], true);
  }

  /** The RESP type (Go: Type(), the type byte). */
  Type(): RespType {
    return this.type;
  }

  /** Whether this is a null bulk string or a null array. */
  IsNull(): bool {
    return this.nil;
  }

  /** The error for an error reply (message = Redis's text), else null. */
  Error(): Error | null {
    return this.type == RespType.Error ? new Error(this.String()) : null;
  }

  /**
   * The text form: a string's text, an integer's digits, an array's elements (nested ones
   * flattened) joined by spaces, "" for null.
   */
  String(): string {
    if (this.type == RespType.Integer) return this.integer.toString();
    if (this.type == RespType.Array) {
      const leaves = new Array<string>();
      collectLeaves(this.items, leaves);
      return joinStrings(leaves, " ");
    }
    return decodeBuffer(this.bytes);
  }

  /** The integer: an integer reply's value, else String() parsed as base 10 (0 if it is not a number). */
  Integer(): i64 {
    if (this.type == RespType.Integer) return this.integer;
    return parseGoInt(this.String());
  }

  /** The number: an integer reply's value, else String() parsed as a float (0 if it is not a number). */
  Float(): f64 {
    if (this.type == RespType.Integer) return <f64>this.integer;
    return parseGoFloat(this.String());
  }

  /** Integer() != 0 (so `1`, `:1` and `"1"` are true). */
  Bool(): bool {
    return this.Integer() != 0;
  }

  /** The elements of an array; empty for anything else (Go: nil, which ranges the same). */
  Array(): RedisValue[] {
    return this.type == RespType.Array ? this.items : [];
  }

  /** The raw bytes of a string or error (binary-safe); the UTF-8 of String() for the others. */
  Bytes(): ArrayBuffer {
    if (this.type == RespType.Integer || this.type == RespType.Array) return encodeUtf8(this.String());
    return this.bytes.slice(0);
  }
}

// Nested arrays read as one flat list, as Go's String() prints them. Walked with an explicit
// stack: a value built by hand may nest deeper than the call stack allows.
function collectLeaves(items: RedisValue[], leaves: string[]): void {
  const arrays: RedisValue[][] = [items];
  const positions: i32[] = [0];
  while (arrays.length > 0) {
    const top = arrays.length - 1;
    const current = unchecked(arrays[top]);
    const position = unchecked(positions[top]);
    if (position >= current.length) {
      arrays.pop();
      positions.pop();
      continue;
    }
    unchecked(positions[top] = position + 1);
    const item = unchecked(current[position]);
    if (item.Type() == RespType.Array) {
      arrays.push(item.Array());
      positions.push(0);
    } else {
      leaves.push(item.String());
    }
  }
}

// Go's strconv.ParseInt(s, 10, 64) with the error ignored: an optional sign and decimal digits;
// anything else is 0, and a value out of range is clamped to the nearest i64 bound.
function parseGoInt(text: string): i64 {
  const n = text.length;
  if (n == 0) return 0;
  let i = 0;
  let negative = false;
  const sign = text.charCodeAt(0);
  if (sign == 0x2d || sign == 0x2b) { // '-', '+'
    negative = sign == 0x2d;
    i = 1;
    if (n == 1) return 0;
  }
  // Accumulate negatively: i64.MIN has no positive counterpart.
  let value: i64 = 0;
  let overflow = false;
  for (; i < n; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return 0;
    if (overflow) continue;
    if (value < (i64.MIN_VALUE + digit) / 10) overflow = true;
    else value = value * 10 - digit;
  }
  if (overflow) return negative ? i64.MIN_VALUE : i64.MAX_VALUE;
  if (!negative) return value == i64.MIN_VALUE ? i64.MAX_VALUE : -value;
  return value;
}
