// The JSON parser: one pass over the document's UTF-8 bytes that checks RFC 8259 strictly and
// builds the JsonResult tree as it goes. It never traps and never recurses: open arrays and
// objects live on an explicit stack, so a hostile depth costs heap, not wasm stack, and is cut at
// MAX_JSON_DEPTH with an error. Every step is linear in the input: string contents are decoded
// once, numbers are only delimited here (json_number.ts reads them on demand), and bytes that are
// not UTF-8 are an error naming their offset rather than being replaced.

import { JsonResult, JsonType, missing } from "./json_result";
import { hexDigits } from "../encoding/hex";
import { decodeJsonString, hexDigit, utf8SequenceLength } from "./json_string";

/** Deepest nesting of arrays and objects accepted; deeper documents are an error, never a trap. */
export const MAX_JSON_DEPTH: i32 = 512;

/** Outcome of parseJson: `value` when `ok`, otherwise `error`, a one-line message with the byte offset. */
export class JsonParsed {
  constructor(public ok: bool, public value: JsonResult, public error: string) {}
}

/**
 * Parses a JSON document (RFC 8259, nesting up to 512 levels) without ever trapping; errors read
 * "invalid JSON at offset N: reason", N counting UTF-8 bytes. Lone surrogates in `text` read as
 * U+FFFD.
 */
export function parseJson(text: string): JsonParsed {
  return parseJsonBytes(String.UTF8.encode(text, false, String.UTF8.ErrorMode.REPLACE));
}

/**
 * Parses a JSON document given as UTF-8 bytes (Go: gjson.ParseBytes), as parseJson does; bytes
 * that are not UTF-8 are an error. The results read from `bytes`, which must not change after.
 */
export function parseJsonBytes(bytes: ArrayBuffer): JsonParsed {
  const parser = new Parser(bytes);
  const root = parser.document();
  if (root === null) {
    return new JsonParsed(false, missing(), "invalid JSON at offset " + parser.failOffset.toString() + ": " + parser.failReason);
  }
  return new JsonParsed(true, root, "");
}

class Parser {
  base: usize;
  len: i32;
  failOffset: i32 = 0;
  failReason: string = "";
  // Set by readString: the decoded text of the literal just read.
  text: string = "";

  constructor(public src: ArrayBuffer) {
    this.base = changetype<usize>(src);
    this.len = src.byteLength;
  }

  /** The document's root, or null with failOffset and failReason set. */
  document(): JsonResult | null {
    const open = new Array<JsonResult>(); // arrays and objects being filled, innermost last
    let root: JsonResult | null = null;
    let pos = this.skipSpace(0);

    while (true) {
      // A value starts at `pos`, preceded by its key when the innermost container is an object.
      const parent = open.length > 0 ? unchecked(open[open.length - 1]) : null;
      let key = "";
      const keyStart = pos;
      if (parent !== null && parent._object) {
        pos = this.readKey(pos);
        if (pos < 0) return null;
        key = this.text;
      }
      const c = this.at(pos); // -1 at the end, where the last branch below reports it
      const node = new JsonResult();
      node._exists = true;
      node._src = this.src;
      node._start = pos;
      node._keyStart = keyStart;
      // Attached before it is read: when reading fails, the whole tree is dropped anyway.
      if (parent === null) root = node;
      else attach(parent, key, node);
      if (c == 0x7b || c == 0x5b) { // '{' '['
        if (open.length >= MAX_JSON_DEPTH) {
          return this.fail(pos, "nesting deeper than " + MAX_JSON_DEPTH.toString() + " levels");
        }
        node._type = JsonType.JSON;
        node._object = c == 0x7b;
        node._items = new Array<JsonResult>();
        pos = this.skipSpace(pos + 1);
        if (this.at(pos) != c + 2) { // '}' is '{' + 2, ']' is '[' + 2
          open.push(node);
          continue;
        }
        pos++;
      } else {
        if (c == 0x22) { // '"'
          pos = this.readString(pos);
          node._type = JsonType.String;
          node._str = this.text;
        } else if (c == 0x2d || <u32>(c - 0x30) < 10) { // '-' or a digit
          pos = this.scanNumber(pos);
          node._type = JsonType.Number;
        } else if (c == 0x74) { // 't'
          pos = this.scanLiteral(pos, "true");
          node._type = JsonType.True;
        } else if (c == 0x66) { // 'f'
          pos = this.scanLiteral(pos, "false");
          node._type = JsonType.False;
        } else if (c == 0x6e) { // 'n'
          pos = this.scanLiteral(pos, "null");
          node._type = JsonType.Null;
        } else {
          return this.fail(pos, this.unexpected(pos) + ", expected a value");
        }
        if (pos < 0) return null;
      }
      node._end = pos;

      // A value ended at `pos`: close containers until one continues with ',' or the document ends.
      while (true) {
        pos = this.skipSpace(pos);
        if (open.length == 0) {
          if (pos < this.len) return this.fail(pos, "unexpected data after the JSON value");
          return root;
        }
        const top = unchecked(open[open.length - 1]);
        const closing = top._object ? "'}'" : "']'";
        const d = this.at(pos);
        if (d == 0x2c) { // ','
          pos = this.skipSpace(pos + 1);
          break;
        }
        if (d != (top._object ? 0x7d : 0x5d)) return this.fail(pos, this.unexpected(pos) + ", expected ',' or " + closing);
        pos++;
        top._end = pos;
        if (top._object) dropDuplicates(top._items);
        open.length = open.length - 1; // not pop(): it is never empty here, and pop() checks
      }
    }
    return root; // unreachable: the loop only exits by returning
  }

  // What is at `pos` when something else was expected there; the end of input shares the
  // messages' ", expected ..." part with the bytes, so each text is in the module once.
  unexpected(pos: i32): string {
    const c = this.at(pos);
    return c < 0 ? "unexpected end of input" : describe(c);
  }

  fail(offset: i32, reason: string): JsonResult | null {
    this.failOffset = offset;
    this.failReason = reason;
    return null;
  }

  // The scanners below return the position after what they read, or -1 once fail() has been called.
  failAt(offset: i32, reason: string): i32 {
    this.fail(offset, reason);
    return -1;
  }

  skipSpace(pos: i32): i32 {
    while (true) {
      const c = this.at(pos);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) return pos;
      pos++;
    }
    return pos; // unreachable: the loop only exits by returning
  }

  // An object member's key and its ':', leaving the key in `text`; the position of the value.
  readKey(pos: i32): i32 {
    if (this.at(pos) != 0x22) return this.failAt(pos, this.unexpected(pos) + ", expected a string key");
    pos = this.readString(pos);
    if (pos < 0) return pos;
    pos = this.skipSpace(pos);
    if (this.at(pos) != 0x3a) return this.failAt(pos, this.unexpected(pos) + ", expected ':'");
    return this.skipSpace(pos + 1);
  }

  // A string literal from its opening quote, checked and then decoded into `text`.
  readString(pos: i32): i32 {
    const base = this.base;
    const len = this.len;
    let escaped = false;
    let i = pos + 1;
    while (i < len) {
      const c = <u32>load<u8>(base + i);
      if (c == 0x22) {
        this.text = decodeJsonString(base, pos + 1, i, escaped);
        return i + 1;
      }
      if (c == 0x5c) { // '\'
        escaped = true;
        const e = this.at(i + 1);
        if (e < 0) break;
        if (e == 0x75) { // 'u'
          // Lone surrogates (\uD800 without its pair) are grammatical JSON; they read as U+FFFD.
          for (let k = 2; k < 6; k++) {
            if (hexDigit(this.at(i + k)) < 0) return this.failAt(i, "invalid \\u escape, expected 4 hex digits");
          }
          i += 6;
          continue;
        }
        // '"' '/' or, counted from '\\', one of \\ b f n r t
        if (e == 0x22 || e == 0x2f || (<u32>(e - 0x5c) < 25 && (SIMPLE_ESCAPES >> (e - 0x5c) & 1) != 0)) {
          i += 2;
          continue;
        }
        return this.failAt(i, "invalid escape " + (e >= 0x21 && e <= 0x7e ? "'\\" + String.fromCharCode(e) + "'" : "sequence"));
      }
      if (c < 0x20) return this.failAt(i, "control character in string (it must be escaped)");
      if (c < 0x80) {
        i++;
        continue;
      }
      const size = utf8SequenceLength(base, i, len, c);
      if (size == 0) return this.failAt(i, "invalid UTF-8 sequence starting with byte 0x" + hexDigits(c, 2));
      i += size;
    }
    return this.failAt(pos, "unterminated string");
  }

  // A number with exactly RFC 8259's grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  scanNumber(pos: i32): i32 {
    let i = pos;
    if (this.at(i) == 0x2d) i++; // '-'
    const first = i;
    i = this.skipDigits(i);
    if (i == first) return this.failAt(i, "expected a digit");
    if (this.at(first) == 0x30 && i > first + 1) return this.failAt(first + 1, "leading zero in number");
    if (this.at(i) == 0x2e) { // '.'
      const start = ++i;
      i = this.skipDigits(i);
      if (i == start) return this.failAt(i, "expected a digit after '.'");
    }
    if ((this.at(i) | 0x20) == 0x65) { // 'e' 'E'
      i++;
      if (this.at(i) == 0x2b || this.at(i) == 0x2d) i++; // '+' '-'
      const start = i;
      i = this.skipDigits(i);
      if (i == start) return this.failAt(i, "expected a digit in the exponent");
    }
    return i;
  }

  skipDigits(i: i32): i32 {
    while (<u32>(this.at(i) - 0x30) < 10) i++;
    return i;
  }

  // The byte at `pos`, or -1 past the end.
  at(pos: i32): i32 {
    return pos < this.len ? <i32>load<u8>(this.base + pos) : -1;
  }

  scanLiteral(pos: i32, word: string): i32 {
    const n = word.length;
    for (let k = 0; k < n; k++) {
      if (this.at(pos + k) != word.charCodeAt(k)) {
        return this.failAt(pos, "invalid literal, expected '" + word + "'");
      }
    }
    return pos + n;
  }
}

// Adds an element to an array or a member, with its key, to an object (duplicates are dropped
// when the object closes).
function attach(parent: JsonResult, key: string, node: JsonResult): void {
  node._key = key;
  const items = parent._items;
  if (items !== null) items.push(node);
}

// Of duplicate keys the first wins and is listed once, because gjson's Get finds the first and a
// port must read the same value. Done once per object as it closes, through a table of the kept
// members' keys (open addressing, at most half full), so a huge object stays linear.
function dropDuplicates(members: JsonResult[] | null): void {
  if (members === null) return;
  const n = members.length;
  const mask = (1 << (33 - clz(n))) - 1;
  // 1 + index of a kept member per slot, 0 for a free one; raw memory, freed below (a StaticArray
  // would add a length check and leave the GC a block to find).
  const bytes = <usize>(mask + 1) << 2;
  const table = heap.alloc(bytes);
  memory.fill(table, 0, bytes);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const member = unchecked(members[i]);
    const key = member._key;
    let slot: u32 = 0x811c9dc5; // FNV-1a of the key's UTF-16 units
    for (let k = 0, length = key.length; k < length; k++) slot = (slot ^ <u32>key.charCodeAt(k)) * 0x01000193;
    while (true) {
      slot &= mask;
      const cell = table + (<usize>slot << 2);
      const at = load<i32>(cell);
      if (at == 0) {
        unchecked(members[kept] = member);
        store<i32>(cell, ++kept);
        break;
      }
      if (unchecked(members[at - 1])._key == key) break;
      slot++;
    }
  }
  heap.free(table);
  members.length = kept;
}

// The escapes that stand for one character, as bits counted from '\\' (0x5c): \\ b f n r t.
// @ts-ignore: decorator
@inline const SIMPLE_ESCAPES: u32 = 1 | 1 << (0x62 - 0x5c) | 1 << (0x66 - 0x5c) | 1 << (0x6e - 0x5c) | 1 << (0x72 - 0x5c) | 1 << (0x74 - 0x5c);

function describe(c: i32): string {
  if (c >= 0x21 && c <= 0x7e) return "unexpected '" + String.fromCharCode(c) + "'";
  return "unexpected byte 0x" + hexDigits(<u32>c, 2);
}
