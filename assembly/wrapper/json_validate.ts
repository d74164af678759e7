// Strict RFC 8259 syntax check over UTF-8 bytes. assemblyscript-json asserts (traps, killing the
// VM) on malformed input, so every document goes through here first and only validated bytes
// reach the decoder. The check is iterative (a deep document cannot exhaust the wasm stack here)
// and allocates nothing unless it has to describe an error.

/**
 * Deepest nesting of arrays and objects accepted. The decoder that runs after this check is
 * recursive, so the limit keeps it well inside the wasm stack.
 */
export const MAX_JSON_DEPTH: i32 = 512;

/** Where a document stops being JSON (byte offset into its UTF-8 text) and why. */
export class JsonSyntaxError {
  constructor(public offset: i32, public reason: string) {}
}

// One bit per open container, set for an object and clear for an array: enough to know, after a
// value, whether ',' leads to a key and which closing bracket is expected. Shared by every call
// (validation never re-enters), so the success path allocates nothing.
// @ts-ignore: decorator
@lazy const containerBits = new StaticArray<u32>((MAX_JSON_DEPTH + 31) >> 5);

// Filled by the scanners below when they fail, so they can return a plain position on success.
let failOffset: i32 = 0;
let failReason: string = "";

/** Checks that `bytes` hold exactly one JSON value (surrounding whitespace allowed); null when it is valid. */
export function validateJson(bytes: Uint8Array): JsonSyntaxError | null {
  const base = bytes.dataStart;
  const len = bytes.length;
  const bits = containerBits;
  let depth = 0;
  let wantKey = false;
  let pos = skipSpace(base, len, 0);

  while (true) {
    if (wantKey) {
      pos = scanKey(base, len, pos);
      if (pos < 0) return failure();
      wantKey = false;
    }

    // A value starts at `pos`.
    if (pos >= len) return new JsonSyntaxError(pos, "unexpected end of input, expected a value");
    const c = <i32>load<u8>(base + pos);
    if (c == 0x7b || c == 0x5b) { // '{' '['
      if (depth >= MAX_JSON_DEPTH) {
        return new JsonSyntaxError(pos, "nesting deeper than " + MAX_JSON_DEPTH.toString() + " levels");
      }
      const isObject = c == 0x7b;
      const word = depth >>> 5;
      const mask = <u32>1 << <u32>(depth & 31);
      unchecked(bits[word] = isObject ? (unchecked(bits[word]) | mask) : (unchecked(bits[word]) & ~mask));
      depth++;
      pos = skipSpace(base, len, pos + 1);
      if (pos < len && <i32>load<u8>(base + pos) == c + 2) { // '}' is '{' + 2, ']' is '[' + 2
        depth--;
        pos++;
      } else {
        wantKey = isObject;
        continue;
      }
    } else if (c == 0x22) { // '"'
      pos = scanString(base, len, pos);
    } else if (c == 0x2d || isDigit(c)) { // '-'
      pos = scanNumber(base, len, pos);
    } else if (c == 0x74) { // 't'
      pos = scanLiteral(base, len, pos, "true");
    } else if (c == 0x66) { // 'f'
      pos = scanLiteral(base, len, pos, "false");
    } else if (c == 0x6e) { // 'n'
      pos = scanLiteral(base, len, pos, "null");
    } else {
      return new JsonSyntaxError(pos, describe(c) + ", expected a value");
    }
    if (pos < 0) return failure();

    // A value ended at `pos`: close containers until one continues with ',' or the document ends.
    while (true) {
      pos = skipSpace(base, len, pos);
      if (depth == 0) {
        if (pos < len) return new JsonSyntaxError(pos, "unexpected data after the JSON value");
        return null;
      }
      const level = depth - 1;
      const inObject = (unchecked(bits[level >>> 5]) & (<u32>1 << <u32>(level & 31))) != 0;
      if (pos >= len) {
        return new JsonSyntaxError(pos, inObject
          ? "unexpected end of input, expected ',' or '}'"
          : "unexpected end of input, expected ',' or ']'");
      }
      const d = <i32>load<u8>(base + pos);
      if (d == 0x2c) { // ','
        pos = skipSpace(base, len, pos + 1);
        wantKey = inObject;
        break;
      }
      if (d == (inObject ? 0x7d : 0x5d)) {
        depth--;
        pos++;
        continue;
      }
      return new JsonSyntaxError(pos, describe(d) + (inObject ? ", expected ',' or '}'" : ", expected ',' or ']'"));
    }
  }
  return null; // unreachable: the loop only exits by returning
}

function failure(): JsonSyntaxError {
  return new JsonSyntaxError(failOffset, failReason);
}

function fail(offset: i32, reason: string): i32 {
  failOffset = offset;
  failReason = reason;
  return -1;
}

// @ts-ignore: decorator
@inline function isDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10;
}

// @ts-ignore: decorator
@inline function isHexDigit(c: i32): bool {
  return <u32>(c - 0x30) < 10 || <u32>((c | 0x20) - 0x61) < 6;
}

/** Position of the first byte at or after `pos` that is not JSON whitespace (space, tab, LF, CR). */
export function skipSpace(base: usize, len: i32, pos: i32): i32 {
  while (pos < len) {
    const c = load<u8>(base + pos);
    if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
    pos++;
  }
  return pos;
}

// An object member's key and its ':' (the value is checked by the caller); position after ':'.
function scanKey(base: usize, len: i32, pos: i32): i32 {
  if (pos >= len) return fail(pos, "unexpected end of input, expected a string key");
  const c = <i32>load<u8>(base + pos);
  if (c != 0x22) return fail(pos, describe(c) + ", expected a string key");
  pos = scanString(base, len, pos);
  if (pos < 0) return pos;
  pos = skipSpace(base, len, pos);
  if (pos >= len) return fail(pos, "unexpected end of input, expected ':'");
  const d = <i32>load<u8>(base + pos);
  if (d != 0x3a) return fail(pos, describe(d) + ", expected ':'");
  return skipSpace(base, len, pos + 1);
}

// A string starting at its opening quote; position after the closing quote. Bytes >= 0x80 are
// taken as they come: the text was produced by String.UTF8.encode, so it is well-formed UTF-8.
function scanString(base: usize, len: i32, pos: i32): i32 {
  let i = pos + 1;
  while (i < len) {
    const c = <i32>load<u8>(base + i);
    if (c == 0x22) return i + 1;
    if (c == 0x5c) { // '\\'
      if (i + 1 >= len) break;
      const e = <i32>load<u8>(base + i + 1);
      if (e == 0x75) { // 'u'
        if (i + 5 >= len
          || !isHexDigit(<i32>load<u8>(base + i + 2)) || !isHexDigit(<i32>load<u8>(base + i + 3))
          || !isHexDigit(<i32>load<u8>(base + i + 4)) || !isHexDigit(<i32>load<u8>(base + i + 5))) {
          return fail(i, "invalid \\u escape, expected 4 hex digits");
        }
        // Lone surrogates (\uD800 without its pair) are grammatical JSON; the reader turns them
        // into U+FFFD as Go's encoding/json does.
        i += 6;
        continue;
      }
      if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) {
        i += 2;
        continue;
      }
      return fail(i, "invalid escape " + (e >= 0x21 && e <= 0x7e ? "'\\" + String.fromCharCode(e) + "'" : "sequence"));
    }
    if (c < 0x20) return fail(i, "control character in string (it must be escaped)");
    i++;
  }
  return fail(pos, "unterminated string");
}

// A number with exactly RFC 8259's grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
function scanNumber(base: usize, len: i32, pos: i32): i32 {
  let i = pos;
  if (load<u8>(base + i) == 0x2d) i++;
  if (i >= len || !isDigit(<i32>load<u8>(base + i))) return fail(i, "expected a digit");
  const intStart = i;
  if (load<u8>(base + i) == 0x30) {
    i++;
    if (i < len && isDigit(<i32>load<u8>(base + i))) return fail(i, "leading zero in number");
  } else {
    while (i < len && isDigit(<i32>load<u8>(base + i))) i++;
  }
  let integral = true;
  if (i < len && load<u8>(base + i) == 0x2e) { // '.'
    i++;
    if (i >= len || !isDigit(<i32>load<u8>(base + i))) return fail(i, "expected a digit after '.'");
    while (i < len && isDigit(<i32>load<u8>(base + i))) i++;
    integral = false;
  }
  if (i < len && (load<u8>(base + i) | 0x20) == 0x65) { // 'e' 'E'
    i++;
    if (i < len && (load<u8>(base + i) == 0x2b || load<u8>(base + i) == 0x2d)) i++;
    if (i >= len || !isDigit(<i32>load<u8>(base + i))) return fail(i, "expected a digit in the exponent");
    while (i < len && isDigit(<i32>load<u8>(base + i))) i++;
    integral = false;
  }
  // The decoder converts integer literals with a plain f64 -> i64 cast, which traps on overflow
  // unless the nontrapping-f2i feature is on (AssemblyScript's default). Builds that turn it off
  // get a clean error for integers of 19 digits or more instead of a trap.
  if (!ASC_FEATURE_NONTRAPPING_F2I && integral && i - intStart >= 19) {
    return fail(pos, "integer too large for a build without nontrapping-f2i");
  }
  return i;
}

function scanLiteral(base: usize, len: i32, pos: i32, word: string): i32 {
  const n = word.length;
  for (let k = 0; k < n; k++) {
    if (pos + k >= len || <i32>load<u8>(base + pos + k) != word.charCodeAt(k)) {
      return fail(pos, "invalid literal, expected '" + word + "'");
    }
  }
  return pos + n;
}

function describe(c: i32): string {
  if (c >= 0x21 && c <= 0x7e) return "unexpected '" + String.fromCharCode(c) + "'";
  return "unexpected byte 0x" + (c < 0x10 ? "0" : "") + c.toString(16);
}
