// A gjson-style view of a parsed JSON document, so a Go plugin's
// `parseConfig(json gjson.Result, config *PC) error` ports line by line: the same method names
// (PascalCase, as in Go), the same path syntax for the common cases and the same conversion rules.
//
// Parsing never traps. The text is first checked by our own strict validator (json_validate.ts)
// and only valid UTF-8 bytes reach assemblyscript-json's streaming decoder, which asserts on
// malformed input. The decoder drives a handler that builds the tree; the handler keeps each
// value's byte span in the source so Raw() is the document's own text and numbers keep their
// exact digits (integers beyond 2^53 or i64 included). Two gaps of the decoder are closed here:
// it has no "\f" escape (it asserts), and it would keep lone surrogates from "\uD800" escapes;
// every string holding a backslash is therefore unescaped by this file instead.

import { JSONDecoder, JSONHandler } from "assemblyscript-json/assembly";
import { JsonSyntaxError, skipSpace, validateJson } from "./json_validate";

/** Kind of a value, with gjson's numbering (gjson.Type). */
export enum JsonType {
  Null = 0,
  False = 1,
  Number = 2,
  String = 3,
  True = 4,
  JSON = 5,
}

/**
 * One value of a parsed document, or a missing one (Exists() is false). Like gjson.Result it is
 * never null, so lookups chain: `config.Get("redis.service_port").Int()`.
 * The fields are internal to this file; read a value through its methods.
 */
export class JsonResult {
  _type: JsonType = JsonType.Null;
  _exists: bool = false;
  _object: bool = false; // for JSON: an object (true) or an array (false)
  _src: Uint8Array | null = null; // document bytes; null for missing or computed results
  _start: i32 = 0; // byte span of the value in _src
  _end: i32 = 0;
  _raw: string | null = null; // Raw() once computed, or the text of a computed result
  _str: string = ""; // unescaped text of a String
  _num: f64 = 0; // value of a Number
  _items: JsonResult[] | null = null; // array elements
  _keys: string[] | null = null; // object keys, document order, each once
  _fields: Map<string, JsonResult> | null = null; // object members, the first duplicate wins

  /** The value's kind; Null for a missing value too, as in gjson. */
  get Type(): JsonType {
    return this._type;
  }

  /** Whether the value is in the document (a JSON null exists; a missing path does not). */
  Exists(): bool {
    return this._exists;
  }

  /** Whether the value is a JSON object. */
  IsObject(): bool {
    return this._type == JsonType.JSON && this._object;
  }

  /** Whether the value is a JSON array. */
  IsArray(): bool {
    return this._type == JsonType.JSON && !this._object;
  }

  /** Whether the value is true or false. */
  IsBool(): bool {
    return this._type == JsonType.True || this._type == JsonType.False;
  }

  /**
   * The value's JSON text exactly as in the document ("" when missing, and for the count that
   * "#" computes, as in gjson).
   */
  Raw(): string {
    const cached = this._raw;
    if (cached !== null) return cached;
    const src = this._src;
    if (src === null) return "";
    const raw = String.UTF8.decodeUnsafe(src.dataStart + <usize>this._start, <usize>(this._end - this._start));
    this._raw = raw;
    return raw;
  }

  /**
   * gjson's String(): "" for null or missing, "false"/"true", the unescaped text of a string, the
   * raw JSON of an object or array, and for a number its own text when that is a plain integer,
   * otherwise the value printed without exponent (1.50 -> "1.5", 1e3 -> "1000").
   */
  String(): string {
    switch (this._type) {
      case JsonType.False: return "false";
      case JsonType.True: return "true";
      case JsonType.String: return this._str;
      case JsonType.JSON: return this.Raw();
      case JsonType.Number: {
        const raw = this.Raw();
        return raw.length > 0 && isIntegerText(raw, true) ? raw : formatFloatPlain(this._num);
      }
    }
    return "";
  }

  /**
   * gjson's Int(): true -> 1; a number truncated toward zero, exact for long integer literals;
   * a string only when it is an optional '-' and digits (so "1.5" and " 1" give 0); else 0.
   */
  Int(): i64 {
    switch (this._type) {
      case JsonType.True: return 1;
      case JsonType.String: return isIntegerText(this._str, true) ? integerTextValue(this._str) : 0;
      case JsonType.Number: {
        const n = this._num;
        if (n >= -MAX_SAFE_INTEGER && n <= MAX_SAFE_INTEGER) return <i64>n;
        const raw = this.Raw();
        if (isIntegerText(raw, true)) return integerTextValue(raw);
        return saturateI64(n);
      }
    }
    return 0;
  }

  /** gjson's Uint(): as Int(), but a string or literal with a '-' gives 0 and negative numbers give 0. */
  Uint(): u64 {
    switch (this._type) {
      case JsonType.True: return 1;
      case JsonType.String: return isIntegerText(this._str, false) ? <u64>integerTextValue(this._str) : 0;
      case JsonType.Number: {
        const n = this._num;
        if (n >= 0 && n <= MAX_SAFE_INTEGER) return <u64>n;
        const raw = this.Raw();
        if (isIntegerText(raw, false)) return <u64>integerTextValue(raw);
        return saturateU64(n);
      }
    }
    return 0;
  }

  /** gjson's Float(): true -> 1; a number's value; a string parsed like Go's strconv.ParseFloat (0 if invalid). */
  Float(): f64 {
    switch (this._type) {
      case JsonType.True: return 1;
      case JsonType.Number: return this._num;
      case JsonType.String: return parseGoFloat(this._str);
    }
    return 0;
  }

  /**
   * gjson's Bool(): true; a non-zero number; a string that Go's strconv.ParseBool reads as true
   * after lower-casing ("1", "t", "true", "TRUE", ...). Everything else is false.
   */
  Bool(): bool {
    switch (this._type) {
      case JsonType.True: return true;
      case JsonType.Number: return this._num != 0;
      case JsonType.String: {
        const s = this._str.toLowerCase();
        return s == "1" || s == "t" || s == "true";
      }
    }
    return false;
  }

  /**
   * gjson's Array(): an array's elements; [] for null, missing or an object; any other value
   * as a one-element list holding itself. The list is a copy.
   */
  Array(): JsonResult[] {
    if (this._type == JsonType.Null) return new Array<JsonResult>();
    if (this._type != JsonType.JSON) return [this];
    const items = this._items;
    return items !== null ? items.slice(0) : new Array<JsonResult>();
  }

  /** gjson's Map(): an object's members (a copy); empty for anything else. */
  Map(): Map<string, JsonResult> {
    const out = new Map<string, JsonResult>();
    const keys = this._keys;
    const fields = this._fields;
    if (keys === null || fields === null) return out;
    for (let i = 0, n = keys.length; i < n; i++) {
      const key = unchecked(keys[i]);
      if (fields.has(key)) out.set(key, fields.get(key));
    }
    return out;
  }

  /** An object's keys in document order, a duplicated key listed once; [] for anything else. */
  Keys(): string[] {
    const keys = this._keys;
    return keys !== null ? keys.slice(0) : new Array<string>();
  }

  /**
   * Looks up a gjson path below this value: keys separated by '.', "\." (or "\" before any
   * character) for a literal character, a decimal index into an array, "#" for an array's
   * length (a Number), and "#.rest" for an array of `rest` looked up in every element (those
   * that have it). Wildcards, queries, modifiers and pipes are not supported: '*', '?', '@',
   * '|' and '#(' match literally. Anything not found gives a missing result.
   */
  Get(path: string): JsonResult {
    let current: JsonResult = this;
    let pos = 0;
    const len = path.length;
    while (true) {
      if (!current._exists) return current;
      // Next component: up to the first '.' that is not escaped.
      let end = pos;
      let escaped = false;
      while (end < len) {
        const c = path.charCodeAt(end);
        if (c == 0x5c) { // '\\'
          escaped = true;
          end += 2;
          continue;
        }
        if (c == 0x2e) break; // '.'
        end++;
      }
      if (end > len) end = len; // a trailing '\' escapes nothing
      const more = end < len;
      const next = end + 1;

      let child: JsonResult;
      if (current.IsObject()) {
        const key = escaped ? unescapePathComponent(path, pos, end) : path.substring(pos, end);
        const fields = current._fields;
        if (fields === null || !fields.has(key)) return missing();
        child = fields.get(key);
      } else if (current.IsArray()) {
        const items = current._items;
        const count = items !== null ? items.length : 0;
        if (!escaped && end - pos == 1 && path.charCodeAt(pos) == 0x23) { // '#'
          if (!more) return countResult(count);
          return collect(items, path.substring(next));
        }
        const index = arrayIndex(path, pos, end);
        if (items === null || index < 0 || index >= count) return missing();
        child = unchecked(items[index]);
      } else {
        return missing();
      }
      if (!more) return child;
      current = child;
      pos = next;
    }
    return missing(); // unreachable: the loop only exits by returning
  }
}

/** Outcome of parseJson: `value` when `ok`, otherwise `error`, a one-line message with the byte offset. */
export class JsonParsed {
  constructor(public ok: bool, public value: JsonResult, public error: string) {}
}

/**
 * Parses a JSON document (RFC 8259, nesting up to 512 levels) without ever trapping; errors read
 * "invalid JSON at offset N: reason", N counting UTF-8 bytes.
 */
export function parseJson(text: string): JsonParsed {
  // Lone surrogates in the text become U+FFFD here, so the bytes are always valid UTF-8.
  const bytes = Uint8Array.wrap(String.UTF8.encode(text, false, String.UTF8.ErrorMode.REPLACE));
  const invalid = validateJson(bytes);
  if (invalid !== null) return failed(invalid);

  const builder = new TreeBuilder(bytes);
  const decoder = new JSONDecoder<TreeBuilder>(builder);
  builder.decoder = decoder;
  decoder.deserialize(withoutFormFeedEscapes(bytes));
  const root = builder.root;
  if (root === null || builder.open.length != 0) {
    return failed(new JsonSyntaxError(0, "the decoder produced no value")); // defensive: not expected
  }
  return new JsonParsed(true, root, "");
}

function failed(error: JsonSyntaxError): JsonParsed {
  return new JsonParsed(false, missing(), "invalid JSON at offset " + error.offset.toString() + ": " + error.reason);
}

// Receives the decoder's events in document order and builds JsonResults. The decoder reports a
// scalar after reading it and a container when it reaches the bracket, so the handler finds each
// value's start (and its key, inside an object) by scanning forward from where the previous
// event left off; the bytes are validated, so that scan needs no error handling.
class TreeBuilder extends JSONHandler {
  decoder: JSONDecoder<TreeBuilder> | null = null;
  root: JsonResult | null = null;
  open: JsonResult[] = new Array<JsonResult>(); // containers being filled, innermost last
  cursor: i32 = 0; // where the previous event ended
  keyStart: i32 = 0; // span of the key found by the last beginValue(), quotes included
  keyEnd: i32 = 0;
  keyEscaped: bool = false;

  constructor(public src: Uint8Array) {
    super();
  }

  setString(name: string, value: string): void {
    const node = this.scalar(JsonType.String);
    // The decoder's text is right unless the literal holds an escape: it has no "\f" and keeps
    // lone surrogates. Those strings are unescaped from the original bytes.
    node._str = hasBackslash(this.src, node._start + 1, node._end - 1)
      ? unescapeJsonString(this.src, node._start + 1, node._end - 1)
      : value;
    this.attach(name, node);
  }

  setBoolean(name: string, value: bool): void {
    this.attach(name, this.scalar(value ? JsonType.True : JsonType.False));
  }

  setNull(name: string): void {
    this.attach(name, this.scalar(JsonType.Null));
  }

  setInteger(name: string, value: i64): void {
    const node = this.scalar(JsonType.Number);
    // The decoder accumulates digits in an f64, exact up to 2^53 but drifting beyond; longer
    // literals are re-read from their text, as the decoder itself does for fractions.
    node._num = value >= -MAX_SAFE_INTEGER_I64 && value <= MAX_SAFE_INTEGER_I64 ? <f64>value : parseFloat(node.Raw());
    this.attach(name, node);
  }

  setFloat(name: string, value: f64): void {
    const node = this.scalar(JsonType.Number);
    node._num = value; // parseFloat of the literal's own text
    this.attach(name, node);
  }

  pushArray(name: string): bool {
    this.pushContainer(name, false);
    return true;
  }

  popArray(): void {
    this.popContainer();
  }

  pushObject(name: string): bool {
    this.pushContainer(name, true);
    return true;
  }

  popObject(): void {
    this.popContainer();
  }

  private pushContainer(name: string, isObject: bool): void {
    const node = new JsonResult();
    node._type = JsonType.JSON;
    node._exists = true;
    node._object = isObject;
    node._src = this.src;
    node._start = this.beginValue();
    if (isObject) {
      node._keys = new Array<string>();
      node._fields = new Map<string, JsonResult>();
    } else {
      node._items = new Array<JsonResult>();
    }
    this.attach(name, node);
    this.open.push(node);
    this.cursor = node._start + 1;
  }

  private popContainer(): void {
    const end = this.readIndex();
    if (this.open.length > 0) this.open.pop()._end = end;
    this.cursor = end;
  }

  private scalar(type: JsonType): JsonResult {
    const node = new JsonResult();
    node._type = type;
    node._exists = true;
    node._src = this.src;
    node._start = this.beginValue();
    node._end = this.readIndex();
    this.cursor = node._end;
    return node;
  }

  // Adds a value to the innermost open container, or makes it the root. In an object a repeated
  // key keeps its first position and takes the last value.
  private attach(name: string, node: JsonResult): void {
    const open = this.open;
    if (open.length == 0) {
      if (this.root === null) this.root = node;
      return;
    }
    const parent = unchecked(open[open.length - 1]);
    if (!parent._object) {
      const items = parent._items;
      if (items !== null) items.push(node);
      return;
    }
    const keys = parent._keys;
    const fields = parent._fields;
    if (keys === null || fields === null) return;
    const key = this.keyEscaped ? unescapeJsonString(this.src, this.keyStart + 1, this.keyEnd - 1) : name;
    // gjson's Get finds the first of duplicate keys; a port must read the same value.
    if (fields.has(key)) return;
    keys.push(key);
    fields.set(key, node);
  }

  // Start of the next value after `cursor`, skipping separators and, inside an object, the key.
  private beginValue(): i32 {
    const base = this.src.dataStart;
    const len = this.src.length;
    let i = this.cursor;
    while (i < len) {
      const c = load<u8>(base + i);
      if (c != 0x2c && c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      i++;
    }
    const open = this.open;
    if (open.length > 0 && unchecked(open[open.length - 1])._object) {
      this.keyStart = i;
      this.keyEscaped = false;
      i++; // opening quote
      while (i < len) {
        const c = load<u8>(base + i);
        if (c == 0x5c) {
          this.keyEscaped = true;
          i += 2;
          continue;
        }
        i++;
        if (c == 0x22) break;
      }
      this.keyEnd = i;
      i = skipSpace(base, len, i) + 1; // ':'
      i = skipSpace(base, len, i);
    }
    return i < len ? i : len;
  }

  private readIndex(): i32 {
    const decoder = this.decoder;
    if (decoder === null) return this.cursor;
    const state = decoder._state;
    if (state === null) return this.cursor;
    const index = state.readIndex;
    return index <= this.src.length ? index : this.src.length;
  }
}

// The decoder asserts on the (valid) "\f" escape. It reads a copy in which every "\f" is "\b";
// such strings hold a backslash, so their text comes from unescapeJsonString, never the decoder.
// On validated bytes every backslash starts a two-byte escape, so a left-to-right walk pairs
// them correctly ("\\f" is an escaped backslash followed by 'f').
function withoutFormFeedEscapes(bytes: Uint8Array): Uint8Array {
  const base = bytes.dataStart;
  const len = bytes.length;
  let copy: Uint8Array | null = null;
  for (let i = 0; i + 1 < len; i++) {
    if (load<u8>(base + i) != 0x5c) continue;
    if (load<u8>(base + i + 1) == 0x66) {
      if (copy === null) copy = bytes.slice(0);
      store<u8>(copy.dataStart + i + 1, 0x62);
    }
    i++;
  }
  return copy !== null ? copy : bytes;
}

function missing(): JsonResult {
  return new JsonResult();
}

// What "#" gives on an array: its length as a computed Number (no Raw, as in gjson).
function countResult(count: i32): JsonResult {
  const node = new JsonResult();
  node._type = JsonType.Number;
  node._exists = true;
  node._num = <f64>count;
  return node;
}

// What "#.rest" gives: a JSON array of `rest` looked up in each element that has it.
function collect(items: JsonResult[] | null, rest: string): JsonResult {
  const node = new JsonResult();
  node._type = JsonType.JSON;
  node._exists = true;
  const found = new Array<JsonResult>();
  const raws = new Array<string>();
  if (items !== null) {
    for (let i = 0, n = items.length; i < n; i++) {
      const value = unchecked(items[i]).Get(rest);
      if (!value.Exists()) continue;
      found.push(value);
      const raw = value.Raw();
      raws.push(raw.length > 0 ? raw : value.String());
    }
  }
  node._items = found;
  node._raw = "[" + raws.join(",") + "]";
  return node;
}

// A path component as an array index: decimal digits only, else -1 (also when absurdly long).
function arrayIndex(path: string, start: i32, end: i32): i32 {
  if (end <= start || end - start > 9) return -1;
  let index = 0;
  for (let i = start; i < end; i++) {
    const d = path.charCodeAt(i) - 0x30;
    if (<u32>d > 9) return -1;
    index = index * 10 + d;
  }
  return index;
}

// Drops each '\' of a path component and keeps the character after it.
function unescapePathComponent(path: string, start: i32, end: i32): string {
  let out = "";
  let runStart = start;
  let i = start;
  while (i < end) {
    if (path.charCodeAt(i) == 0x5c) {
      out += path.substring(runStart, i);
      if (i + 1 < end) out += path.charAt(i + 1);
      i += 2;
      runStart = i;
    } else {
      i++;
    }
  }
  if (runStart < end) out += path.substring(runStart, end);
  return out;
}

function hasBackslash(src: Uint8Array, start: i32, end: i32): bool {
  const base = src.dataStart;
  for (let i = start; i < end; i++) {
    if (load<u8>(base + i) == 0x5c) return true;
  }
  return false;
}

// The text of a validated string literal's content src[start, end): UTF-8 decoded and escapes
// resolved, with unpaired surrogates from \u escapes replaced by U+FFFD. Each UTF-16 unit
// written consumes at least one byte, so end - start units always suffice.
function unescapeJsonString(src: Uint8Array, start: i32, end: i32): string {
  const base = src.dataStart;
  const capacity = end > start ? end - start : 0;
  const out = new ArrayBuffer(capacity << 1);
  const outBase = changetype<usize>(out);
  let n = 0;
  let i = start;
  while (i < end && n < capacity) {
    const c = <u32>load<u8>(base + i);
    if (c != 0x5c) {
      // Plain UTF-8 (well-formed, produced by String.UTF8.encode); anything truncated becomes U+FFFD.
      let cp: u32 = 0xfffd;
      let size = 1;
      if (c < 0x80) {
        cp = c;
      } else if (c >= 0xc0 && c < 0xe0 && i + 1 < end) {
        cp = (c & 0x1f) << 6 | (<u32>load<u8>(base + i + 1) & 0x3f);
        size = 2;
      } else if (c >= 0xe0 && c < 0xf0 && i + 2 < end) {
        cp = (c & 0x0f) << 12 | (<u32>load<u8>(base + i + 1) & 0x3f) << 6 | (<u32>load<u8>(base + i + 2) & 0x3f);
        size = 3;
      } else if (c >= 0xf0 && i + 3 < end) {
        cp = (c & 0x07) << 18 | (<u32>load<u8>(base + i + 1) & 0x3f) << 12
          | (<u32>load<u8>(base + i + 2) & 0x3f) << 6 | (<u32>load<u8>(base + i + 3) & 0x3f);
        size = 4;
      }
      i += size;
      if (cp >= 0x10000 && cp <= 0x10ffff && n + 1 < capacity) {
        cp -= 0x10000;
        store<u16>(outBase + (<usize>n << 1), <u16>(0xd800 | (cp >> 10)));
        store<u16>(outBase + (<usize>n << 1), <u16>(0xdc00 | (cp & 0x3ff)), 2);
        n += 2;
      } else {
        store<u16>(outBase + (<usize>n << 1), <u16>(cp >= 0x10000 ? 0xfffd : cp));
        n++;
      }
      continue;
    }
    const e = i + 1 < end ? <u32>load<u8>(base + i + 1) : 0;
    let unit: u32 = 0xfffd;
    let size = 2;
    switch (e) {
      case 0x22: unit = 0x22; break; // \"
      case 0x5c: unit = 0x5c; break; // \\
      case 0x2f: unit = 0x2f; break; // \/
      case 0x62: unit = 0x08; break; // \b
      case 0x66: unit = 0x0c; break; // \f
      case 0x6e: unit = 0x0a; break; // \n
      case 0x72: unit = 0x0d; break; // \r
      case 0x74: unit = 0x09; break; // \t
      case 0x75: { // \uXXXX
        size = 6;
        const u = hex4(base, i + 2, end);
        if (u < 0xd800 || u > 0xdfff) {
          unit = u;
        } else if (u <= 0xdbff && n + 1 < capacity) {
          const low = i + 11 < end && load<u8>(base + i + 6) == 0x5c && load<u8>(base + i + 7) == 0x75
            ? hex4(base, i + 8, end) : 0;
          if (low >= 0xdc00 && low <= 0xdfff) {
            store<u16>(outBase + (<usize>n << 1), <u16>u);
            n++;
            unit = low;
            size = 12;
          }
        }
        break;
      }
    }
    store<u16>(outBase + (<usize>n << 1), <u16>unit);
    n++;
    i += size;
  }
  return String.UTF16.decodeUnsafe(outBase, <usize>n << 1);
}

// Four hex digits at src[at, at + 4) (within `end`), or 0xfffd when they are not there.
function hex4(base: usize, at: i32, end: i32): u32 {
  if (at + 4 > end) return 0xfffd;
  let v: u32 = 0;
  for (let k = 0; k < 4; k++) {
    const c = <u32>load<u8>(base + at + k);
    let d: u32;
    if (c - 0x30 < 10) d = c - 0x30;
    else if ((c | 0x20) - 0x61 < 6) d = (c | 0x20) - 0x61 + 10;
    else return 0xfffd;
    v = v << 4 | d;
  }
  return v;
}

// @ts-ignore: decorator
@inline const MAX_SAFE_INTEGER: f64 = 9007199254740991;
// @ts-ignore: decorator
@inline const MAX_SAFE_INTEGER_I64: i64 = 9007199254740991;

// gjson's integer text: an optional '-' (when allowed), then one or more ASCII digits, nothing else.
function isIntegerText(s: string, allowMinus: bool): bool {
  const n = s.length;
  let i = 0;
  if (allowMinus && n > 0 && s.charCodeAt(0) == 0x2d) i = 1;
  if (i == n) return false;
  for (; i < n; i++) {
    if (<u32>(s.charCodeAt(i) - 0x30) > 9) return false;
  }
  return true;
}

// Value of integer text (see isIntegerText); like gjson it wraps around past 64 bits.
function integerTextValue(s: string): i64 {
  const n = s.length;
  const negative = n > 0 && s.charCodeAt(0) == 0x2d;
  let v: i64 = 0;
  for (let i = negative ? 1 : 0; i < n; i++) v = v * 10 + <i64>(s.charCodeAt(i) - 0x30);
  return negative ? -v : v;
}

// f64 -> i64 without relying on nontrapping-f2i: NaN gives 0, out-of-range values saturate.
function saturateI64(f: f64): i64 {
  if (isNaN(f)) return 0;
  if (f >= 9223372036854775807.0) return i64.MAX_VALUE;
  if (f <= -9223372036854775808.0) return i64.MIN_VALUE;
  return <i64>f;
}

// f64 -> u64 likewise; negative values give 0.
function saturateU64(f: f64): u64 {
  if (isNaN(f) || f <= 0) return 0;
  if (f >= 18446744073709551615.0) return u64.MAX_VALUE;
  return <u64>f;
}

// Go's strconv.ParseFloat for base 10, errors read as 0 as gjson does: [+-]digits[.digits][e[+-]digits]
// (digits on at least one side of the point), or inf/infinity with an optional sign, or nan, any
// case. Out-of-range values give ±Inf, as Go returns them. Hex floats and '_' are not accepted.
function parseGoFloat(s: string): f64 {
  const n = s.length;
  if (n == 0) return 0;
  let i = 0;
  let sign: f64 = 1;
  const first = s.charCodeAt(0);
  if (first == 0x2b || first == 0x2d) {
    if (first == 0x2d) sign = -1;
    i = 1;
  }
  const word = s.substring(i).toLowerCase();
  if (word == "inf" || word == "infinity") return sign * Infinity;
  if (i == 0 && word == "nan") return NaN;
  let digits = 0;
  while (i < n && <u32>(s.charCodeAt(i) - 0x30) <= 9) { i++; digits++; }
  if (i < n && s.charCodeAt(i) == 0x2e) {
    i++;
    while (i < n && <u32>(s.charCodeAt(i) - 0x30) <= 9) { i++; digits++; }
  }
  if (digits == 0) return 0;
  if (i < n && (s.charCodeAt(i) | 0x20) == 0x65) {
    i++;
    if (i < n && (s.charCodeAt(i) == 0x2b || s.charCodeAt(i) == 0x2d)) i++;
    let expDigits = 0;
    while (i < n && <u32>(s.charCodeAt(i) - 0x30) <= 9) { i++; expDigits++; }
    if (expDigits == 0) return 0;
  }
  if (i != n) return 0;
  return parseFloat(s);
}

// Go's strconv.FormatFloat(f, 'f', -1, 64): the shortest digits that read back as `f` (as
// AssemblyScript prints them), laid out without an exponent; "NaN", "+Inf", "-Inf" as in Go.
function formatFloatPlain(f: f64): string {
  if (isNaN(f)) return "NaN";
  if (!isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f == 0) return (1 / f) < 0 ? "-0" : "0";
  let s = f.toString(); // "1.5", "100.0", "1e+21", "1.5e-7", "-0.001"
  let negative = false;
  if (s.charCodeAt(0) == 0x2d) {
    negative = true;
    s = s.substring(1);
  }
  let exponent = 0;
  const e = s.indexOf("e");
  if (e >= 0) {
    exponent = <i32>parseInt(s.substring(e + 1));
    s = s.substring(0, e);
  }
  const dot = s.indexOf(".");
  const intPart = dot < 0 ? s : s.substring(0, dot);
  let digits = dot < 0 ? s : intPart + s.substring(dot + 1);
  let point = intPart.length + exponent; // digits before the decimal point
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) == 0x30) {
    lead++;
    point--;
  }
  let tail = digits.length;
  while (tail > lead + 1 && digits.charCodeAt(tail - 1) == 0x30) tail--;
  digits = digits.substring(lead, tail);
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = digits.substring(0, point) + "." + digits.substring(point);
  return negative ? "-" + out : out;
}
