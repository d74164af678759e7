// A gjson-style view of a parsed JSON document, so a Go plugin's
// `parseConfig(json gjson.Result, config *PC) error` ports line by line: the same method names
// (PascalCase, as in Go), the same path syntax for the common cases and the same conversion rules.
// The tree is built by json_parse.ts; each value keeps its byte span in the document, so Raw() is
// the document's own text and numbers keep their exact digits.

import { decodeString } from "../abi/utf8";
import { parseDecimal } from "../strconv/atof";
import { joinStrings } from "../runtime/string_join";
import {
  MAX_SAFE_INTEGER,
  equalsIgnoringAsciiCase,
  formatNumberLiteral,
  integerTextValue,
  isIntegerText,
  parseGoFloat,
  saturateI64,
  saturateU64,
} from "./json_number";

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
 * The fields are internal to assembly/json (the parser fills them); read a value through its methods.
 */
export class JsonResult {
  _type: JsonType = JsonType.Null;
  _exists: bool = false;
  _object: bool = false; // for JSON: an object (true) or an array (false)
  _src: ArrayBuffer | null = null; // document bytes; null for missing or computed results
  _start: i32 = 0; // byte span of the value in _src
  _end: i32 = 0;
  _raw: string | null = null; // Raw() once computed, or the text of a computed result
  _str: string = ""; // unescaped text of a String
  _count: i32 = 0; // the value of the Number that "#" computes (it has no text)
  _items: JsonResult[] | null = null; // array elements, or object members in document order, each key once
  _key: string = ""; // the key of an object member
  _keyStart: i32 = 0; // byte offset of an object member's key (its opening quote) in _src

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
    const raw = this._text(this._start);
    this._raw = raw;
    return raw;
  }

  /** An object member's text as in the document, from its key to the end of its value. */
  _memberText(): string {
    return this._text(this._keyStart);
  }

  // The document's text from byte `start` to the end of this value ("" for a computed result).
  private _text(start: i32): string {
    const src = this._src;
    if (src === null) return "";
    return decodeString(changetype<usize>(src) + <usize>start, <usize>(this._end - start));
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
        if (this._src === null) return this._count.toString();
        const raw = this.Raw();
        return isIntegerText(raw, true) ? raw : formatNumberLiteral(raw);
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
        if (this._src === null) return this._count;
        // Integer text is read exactly, wrapping past 64 bits like gjson's parseInt; anything else
        // goes through its float value.
        const raw = this.Raw();
        if (isIntegerText(raw, true)) return integerTextValue(raw);
        const n = parseDecimal(raw);
        return n >= -MAX_SAFE_INTEGER && n <= MAX_SAFE_INTEGER ? <i64>n : saturateI64(n);
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
        if (this._src === null) return <u64>this._count;
        const raw = this.Raw();
        if (isIntegerText(raw, false)) return <u64>integerTextValue(raw);
        const n = parseDecimal(raw);
        return n >= 0 && n <= MAX_SAFE_INTEGER ? <u64>n : saturateU64(n);
      }
    }
    return 0;
  }

  /** gjson's Float(): true -> 1; a number's value; a string parsed like Go's strconv.ParseFloat (0 if invalid). */
  Float(): f64 {
    switch (this._type) {
      case JsonType.True: return 1;
      case JsonType.Number: return this.numberValue();
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
      case JsonType.Number: return this.numberValue() != 0;
      case JsonType.String: {
        const s = this._str;
        return s == "1" || equalsIgnoringAsciiCase(s, 0, "t") || equalsIgnoringAsciiCase(s, 0, "true");
      }
    }
    return false;
  }

  /**
   * gjson's Array(): an array's elements; [] for null, missing or an object; any other value
   * as a one-element list holding itself. The list is a copy.
   */
  Array(): JsonResult[] {
    if (this._type == JsonType.JSON) {
      const items = this._items;
      if (items !== null && !this._object) return items.slice(0);
    } else if (this._type != JsonType.Null) {
      return [this];
    }
    return new Array<JsonResult>();
  }

  /** gjson's Map(): an object's members (a copy); empty for anything else. */
  Map(): Map<string, JsonResult> {
    const out = new Map<string, JsonResult>();
    const members = this._members();
    for (let i = 0, n = members.length; i < n; i++) {
      const member = unchecked(members[i]);
      out.set(member._key, member);
    }
    return out;
  }

  /** An object's keys in document order, a duplicated key listed once; [] for anything else. */
  Keys(): string[] {
    const members = this._members();
    const n = members.length;
    const keys = new Array<string>(n);
    for (let i = 0; i < n; i++) unchecked(keys[i] = unchecked(members[i])._key);
    return keys;
  }

  // An object's members; [] for anything else.
  _members(): JsonResult[] {
    const items = this._items;
    return items !== null && this._object ? items : NO_MEMBERS;
  }

  // A Number's value: its literal read as an f64, or the count "#" computed.
  private numberValue(): f64 {
    return this._src === null ? <f64>this._count : parseDecimal(this.Raw());
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
        const c = load<u16>(changetype<usize>(path) + (<usize>end << 1)); // end < len
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

      if (current._type != JsonType.JSON) return missing();
      const items = current._items;
      if (items === null) return missing(); // never for an object or array
      let child: JsonResult;
      if (current._object) {
        child = memberOf(current, escaped ? unescapePathComponent(path, pos, end) : path.substring(pos, end));
      } else {
        if (!escaped && end - pos == 1 && path.charCodeAt(pos) == 0x23) { // '#'
          if (!more) return countResult(items.length);
          return collect(items, path.substring(next));
        }
        const index = arrayIndex(path, pos, end);
        if (<u32>index >= <u32>items.length) return missing();
        child = unchecked(items[index]);
      }
      if (!more) return child;
      current = child;
      pos = next;
    }
    return missing(); // unreachable: the loop only exits by returning
  }
}

/**
 * The member `key` of an object, the key taken literally (Get reads '.', '\\' and '#' as path
 * syntax); a missing result when it is absent or `object` is not an object. No copy, unlike Map().
 */
export function memberOf(object: JsonResult, key: string): JsonResult {
  const members = object._members();
  for (let i = 0, n = members.length; i < n; i++) {
    const member = unchecked(members[i]);
    if (member._key == key) return member;
  }
  return missing();
}

// What _members() gives for anything but an object; never written to. Lazy, so a plugin that
// reads no JSON does not create it at start.
@lazy const NO_MEMBERS = new Array<JsonResult>();

// The one missing result, shared by every miss: nothing ever writes to it (Raw() caches nothing
// without a document), and lookups that miss are common in configs with optional keys.
@lazy let theMissing: JsonResult | null = null;

/** A value that is not in the document (Exists() is false). */
export function missing(): JsonResult {
  let result = theMissing;
  if (result === null) {
    result = new JsonResult();
    theMissing = result;
  }
  return result;
}

// What "#" gives on an array: its length as a computed Number (no Raw, as in gjson).
function countResult(count: i32): JsonResult {
  const node = new JsonResult();
  node._type = JsonType.Number;
  node._exists = true;
  node._count = count;
  return node;
}

// What "#.rest" gives: a JSON array of `rest` looked up in each element that has it.
function collect(items: JsonResult[], rest: string): JsonResult {
  const node = new JsonResult();
  node._type = JsonType.JSON;
  node._exists = true;
  const found = new Array<JsonResult>();
  const raws = new Array<string>();
  for (let i = 0, n = items.length; i < n; i++) {
    const value = unchecked(items[i]).Get(rest);
    if (!value.Exists()) continue;
    found.push(value);
    const raw = value.Raw();
    raws.push(raw.length > 0 ? raw : value.String());
  }
  node._items = found;
  node._raw = "[" + joinStrings(raws, ",") + "]";
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

// A path component as a key: each '\' dropped and the character after it kept.
function unescapePathComponent(path: string, start: i32, end: i32): string {
  const out = __new(<usize>(end - start) << 1, idof<string>()); // never longer than the component
  let n: usize = 0;
  let i = start;
  while (i < end) {
    if (path.charCodeAt(i) == 0x5c) {
      i++;
      if (i >= end) break;
    }
    store<u16>(out + (n << 1), <u16>path.charCodeAt(i));
    n++;
    i++;
  }
  return changetype<string>(__renew(out, n << 1));
}
