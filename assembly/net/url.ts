// Go's net/url for plugin code: Parse, Query() and the escape functions, with Go's splitting
// rules and error texts ("invalid URL escape \"%zz\"", `parse "…": missing protocol scheme`), so
// a port accepts and rejects the URLs the Go plugin does. Decoded bytes become a string as UTF-8
// (invalid sequences turn into U+FFFD, where Go keeps the raw bytes).

import { Result } from "../errors/result";
import { decodeBuffer, decodeString, encodeUtf8 } from "../abi/utf8";
import { asciiToLower } from "../encoding/ascii";
import { hexDigits } from "../encoding/hex";

// Which part of a URL is being escaped or unescaped: each allows different characters (Go's
// encoding modes).
const enum Mode {
  Path,
  PathSegment,
  Host,
  QueryComponent,
  Fragment,
}

// Go's strconv.Quote for the ASCII text of URLs and escapes; other characters are kept as is.
function quote(s: string): string {
  let out = "\"";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x22 || c == 0x5c) out += "\\" + String.fromCharCode(c);
    else if (c == 0x0a) out += "\\n";
    else if (c == 0x0d) out += "\\r";
    else if (c == 0x09) out += "\\t";
    else if (c < 0x20 || c == 0x7f) out += "\\x" + hexDigits(c, 2);
    else out += String.fromCharCode(c);
  }
  return out + "\"";
}

// Lazy: only plugins that quote URL text carry the table.
@lazy const HEX = "0123456789ABCDEF";

function hexByte(c: i32): string {
  return HEX.charAt((c >> 4) & 0xf) + HEX.charAt(c & 0xf);
}

/** A malformed %-escape (Go: url.EscapeError). */
export class EscapeError extends Error {
  constructor(public readonly escape: string) {
    super("invalid URL escape " + quote(escape));
    this.name = "EscapeError";
  }
}

/** A character that may not appear in a host (Go: url.InvalidHostError). */
export class InvalidHostError extends Error {
  constructor(public readonly character: string) {
    super("invalid character " + quote(character) + " in host name");
    this.name = "InvalidHostError";
  }
}

/** What Parse reports: the operation, the URL and the cause (Go: url.Error). */
export class URLError extends Error {
  constructor(public readonly Op: string, public readonly URL: string, public readonly Err: Error) {
    super(Op + " " + quote(URL) + ": " + Err.message);
    this.name = "URLError";
  }
}

@inline function isHex(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

@inline function unhex(c: i32): i32 {
  if (c <= 0x39) return c - 0x30;
  return (c | 0x20) - 0x61 + 10;
}

// Go's shouldEscape for the modes this file escapes in or validates against: whether byte c
// must be %-escaped there.
function shouldEscape(c: i32, mode: Mode): bool {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  if (mode == Mode.Host) {
    // Sub-delims, ':' and the IPv6 brackets stand unescaped in a host; '<', '>' and '"' too, as in Go.
    switch (c) {
      case 0x21: case 0x24: case 0x26: case 0x27: case 0x28: case 0x29: case 0x2a: case 0x2b:
      case 0x2c: case 0x3b: case 0x3d: case 0x3a: case 0x5b: case 0x5d: case 0x3c: case 0x3e: case 0x22:
        return false;
    }
  }
  switch (c) {
    case 0x2d: case 0x5f: case 0x2e: case 0x7e: // - _ . ~
      return false;
    case 0x24: case 0x26: case 0x2b: case 0x2c: case 0x2f: case 0x3a: case 0x3b: case 0x3d: case 0x3f: case 0x40: // $&+,/:;=?@
      if (mode == Mode.Path) return c == 0x3f;
      if (mode == Mode.PathSegment) return c == 0x2f || c == 0x3b || c == 0x2c || c == 0x3f;
      return true;
  }
  return true;
}

// The text of bytes [start, end), decoded as the SDK decodes host bytes (an invalid or cut
// sequence becomes U+FFFD; only an error message can hold one, as the rest is whole UTF-8).
function bytesText(bytes: Uint8Array, start: i32, end: i32): string {
  return decodeString(bytes.dataStart + <usize>start, <usize>(end - start));
}

// Go's unescape: %XX to bytes ('+' to space in query components), with Go's checks per mode.
function unescape(s: string, mode: Mode): Result<string> {
  const bytes = Uint8Array.wrap(encodeUtf8(s));
  const n = bytes.length;
  let escapes = 0;
  let hasPlus = false;
  for (let i = 0; i < n; ) {
    const c = <i32>bytes[i];
    if (c == 0x25) {
      escapes++;
      if (i + 2 >= n || !isHex(bytes[i + 1]) || !isHex(bytes[i + 2])) {
        const end = min(i + 3, n);
        return new Result<string>("", new EscapeError(bytesText(bytes, i, end)));
      }
      // RFC 3986 allows %-escapes in a host only for non-ASCII bytes; RFC 6874 adds %25 for zones.
      if (mode == Mode.Host && unhex(bytes[i + 1]) < 8 && !(bytes[i + 1] == 0x32 && bytes[i + 2] == 0x35)) {
        return new Result<string>("", new EscapeError(bytesText(bytes, i, i + 3)));
      }
      i += 3;
    } else {
      if (c == 0x2b) hasPlus = mode == Mode.QueryComponent;
      else if (mode == Mode.Host && c < 0x80 && shouldEscape(c, mode)) {
        return new Result<string>("", new InvalidHostError(String.fromCharCode(c)));
      }
      i++;
    }
  }
  if (escapes == 0 && !hasPlus) return new Result<string>(s, null);
  const out = new Uint8Array(n - 2 * escapes);
  let j = 0;
  for (let i = 0; i < n; ) {
    const c = <i32>bytes[i];
    if (c == 0x25) {
      out[j++] = <u8>((unhex(bytes[i + 1]) << 4) | unhex(bytes[i + 2]));
      i += 3;
    } else {
      out[j++] = c == 0x2b && mode == Mode.QueryComponent ? 0x20 : <u8>c;
      i++;
    }
  }
  return new Result<string>(decodeBuffer(out.buffer), null);
}

// Go's escape: every byte shouldEscape names becomes %XX (uppercase); spaces in query
// components become '+'.
function escape(s: string, mode: Mode): string {
  const bytes = Uint8Array.wrap(encodeUtf8(s));
  let out = "";
  let plain = 0; // start of the run of bytes that need no escaping
  for (let i = 0; i < bytes.length; i++) {
    const c = <i32>bytes[i];
    if (!shouldEscape(c, mode)) continue;
    if (i > plain) out += bytesText(bytes, plain, i);
    out += c == 0x20 && mode == Mode.QueryComponent ? "+" : "%" + hexByte(c);
    plain = i + 1;
  }
  if (plain == 0) return s;
  if (plain < bytes.length) out += bytesText(bytes, plain, bytes.length);
  return out;
}

/** Decodes a query component: %XX escapes and '+' as a space (Go: url.QueryUnescape). */
export function QueryUnescape(s: string): Result<string> {
  return unescape(s, Mode.QueryComponent);
}

/** Decodes %XX escapes in a path segment; '+' stays '+' (Go: url.PathUnescape). */
export function PathUnescape(s: string): Result<string> {
  return unescape(s, Mode.PathSegment);
}

/** Escapes s for a query component: spaces as '+' (Go: url.QueryEscape). */
export function QueryEscape(s: string): string {
  return escape(s, Mode.QueryComponent);
}

/** Escapes s for one path segment (Go: url.PathEscape). */
export function PathEscape(s: string): string {
  return escape(s, Mode.PathSegment);
}

/** Query parameters: each key with its values in order (Go: url.Values). */
export class Values {
  private entries: Map<string, string[]> = new Map<string, string[]>();

  /** The first value of key, or "" when there is none. */
  Get(key: string): string {
    if (!this.entries.has(key)) return "";
    const list = this.entries.get(key);
    return list.length > 0 ? list[0] : "";
  }

  /** Whether key is present (Go: Has). */
  Has(key: string): bool {
    return this.entries.has(key);
  }

  /** Every value of key, in order; empty when absent (Go: `v[key]`). */
  Values(key: string): string[] {
    return this.entries.has(key) ? this.entries.get(key) : new Array<string>();
  }

  /** The keys present, in first-seen order. */
  Keys(): string[] {
    return this.entries.keys();
  }

  /** Replaces the values of key with one value. */
  Set(key: string, value: string): void {
    this.entries.set(key, [value]);
  }

  /** Appends a value to key. */
  Add(key: string, value: string): void {
    if (this.entries.has(key)) this.entries.get(key).push(value);
    else this.entries.set(key, [value]);
  }

  /** Removes key. */
  Del(key: string): void {
    this.entries.delete(key);
  }

  /** The "k=v&k2=v2" form, keys sorted, as Go's Encode writes it. */
  Encode(): string {
    const keys = this.entries.keys().sort();
    let out = "";
    for (let i = 0; i < keys.length; i++) {
      const key = QueryEscape(keys[i]);
      const values = this.entries.get(keys[i]);
      for (let j = 0; j < values.length; j++) {
        if (out.length > 0) out += "&";
        out += key + "=" + QueryEscape(values[j]);
      }
    }
    return out;
  }
}

/**
 * Parses a query string. Pairs that fail to decode, and pairs joined by ';', are skipped; the error
 * Go would return (the first bad escape, or the last ';') comes with the values that did parse
 * (Go: url.ParseQuery).
 */
export function ParseQuery(query: string): Result<Values> {
  const values = new Values();
  let first: Error | null = null;
  let rest = query;
  while (rest.length > 0) {
    let pair = rest;
    const amp = rest.indexOf("&");
    if (amp >= 0) {
      pair = rest.substring(0, amp);
      rest = rest.substring(amp + 1);
    } else {
      rest = "";
    }
    if (pair.includes(";")) {
      first = new Error("invalid semicolon separator in query"); // Go lets this one replace an earlier error
      continue;
    }
    if (pair.length == 0) continue;
    const eq = pair.indexOf("=");
    const key = QueryUnescape(eq >= 0 ? pair.substring(0, eq) : pair);
    if (key.err != null) {
      if (first == null) first = key.err;
      continue;
    }
    const value = QueryUnescape(eq >= 0 ? pair.substring(eq + 1) : "");
    if (value.err != null) {
      if (first == null) first = value.err;
      continue;
    }
    values.Add(key.value, value.value);
  }
  return new Result<Values>(values, first);
}

/** A parsed URL (Go: url.URL). Path and Fragment are decoded; RawQuery is kept as written. */
export class URL {
  /** Lower-cased scheme, "" for a relative URL. */
  Scheme: string = "";
  /** The rest of a URL with a scheme and no leading '/' ("mailto:x@y" → "x@y"). */
  Opaque: string = "";
  /** The user info before '@' in the authority, as written; "" when absent. */
  User: string = "";
  /** host or host:port. */
  Host: string = "";
  /** The decoded path. */
  Path: string = "";
  /** The path as written, set only when it differs from the default escaping of Path. */
  RawPath: string = "";
  /** The query without '?', still encoded. */
  RawQuery: string = "";
  /** The decoded fragment without '#'. */
  Fragment: string = "";
  /** A '?' with nothing after it was present. */
  ForceQuery: bool = false;

  /** The parsed query; undecodable pairs are skipped (Go: Query). */
  Query(): Values {
    return ParseQuery(this.RawQuery).value;
  }

  /** Host without the port and without IPv6 brackets. */
  Hostname(): string {
    const host = this.Host;
    if (host.startsWith("[")) {
      const close = host.indexOf("]");
      return close >= 0 ? host.substring(1, close) : host.substring(1);
    }
    const colon = host.lastIndexOf(":");
    return colon >= 0 ? host.substring(0, colon) : host;
  }

  /** The port of Host, without ':'; "" when there is none. */
  Port(): string {
    const host = this.Host;
    const colon = host.lastIndexOf(":");
    if (colon < 0 || host.indexOf("]", colon) >= 0) return "";
    return host.substring(colon + 1);
  }

  /** The path as it goes on the wire: RawPath when it is a valid encoding of Path, else Path escaped. */
  EscapedPath(): string {
    const raw = this.RawPath;
    if (raw.length > 0 && validEncoded(raw)) {
      const decoded = unescape(raw, Mode.Path);
      if (decoded.err == null && decoded.value == this.Path) return raw;
    }
    if (this.Path == "*") return "*";
    return escape(this.Path, Mode.Path);
  }

  /** The path and query of a request line: EscapedPath (or Opaque) plus "?" and RawQuery. */
  RequestURI(): string {
    let result = this.Opaque;
    if (result.length == 0) {
      result = this.EscapedPath();
      if (result.length == 0) result = "/";
    }
    if (this.ForceQuery || this.RawQuery.length > 0) result += "?" + this.RawQuery;
    return result;
  }
}

// Go's validEncoded for paths: only characters a path may carry unescaped, and %-escapes.
function validEncoded(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x21: case 0x24: case 0x26: case 0x27: case 0x28: case 0x29: case 0x2a: case 0x2b:
      case 0x2c: case 0x3b: case 0x3d: case 0x3a: case 0x40: case 0x5b: case 0x5d: case 0x25:
        continue;
    }
    if (c >= 0x80 || shouldEscape(c, Mode.Path)) return false;
  }
  return true;
}

function failure(op: string, rawURL: string, reason: Error): Result<URL> {
  return new Result<URL>(new URL(), new URLError(op, rawURL, reason));
}

/**
 * Parses an absolute or relative URL the way Go's url.Parse does. Errors read like Go's:
 * `parse "::x": missing protocol scheme`. On error `value` is an empty URL.
 */
export function Parse(rawURL: string): Result<URL> {
  const hash = rawURL.indexOf("#");
  const u = hash >= 0 ? rawURL.substring(0, hash) : rawURL;
  const parsed = parseReference(u);
  if (parsed.err != null) return failure("parse", u, parsed.err!);
  if (hash < 0) return parsed;
  const url = parsed.value;
  const fragment = unescape(rawURL.substring(hash + 1), Mode.Fragment);
  if (fragment.err != null) return failure("parse", rawURL, fragment.err!);
  url.Fragment = fragment.value;
  return parsed;
}

function parseReference(rawURL: string): Result<URL> {
  for (let i = 0; i < rawURL.length; i++) {
    const c = rawURL.charCodeAt(i);
    if (c < 0x20 || c == 0x7f) return new Result<URL>(new URL(), new Error("net/url: invalid control character in URL"));
  }
  const url = new URL();
  if (rawURL == "*") {
    url.Path = "*";
    return new Result<URL>(url, null);
  }
  let rest = rawURL;
  const schemeEnd = schemeLength(rawURL);
  if (schemeEnd < 0) return new Result<URL>(new URL(), new Error("missing protocol scheme"));
  if (schemeEnd > 0) {
    url.Scheme = asciiToLower(rawURL.substring(0, schemeEnd)); // a scheme is ASCII
    rest = rawURL.substring(schemeEnd + 1);
  }
  const question = rest.indexOf("?");
  if (question == rest.length - 1 && question >= 0) {
    url.ForceQuery = true;
    rest = rest.substring(0, question);
  } else if (question >= 0) {
    url.RawQuery = rest.substring(question + 1);
    rest = rest.substring(0, question);
  }
  if (!rest.startsWith("/")) {
    if (url.Scheme.length > 0) {
      url.Opaque = rest; // a rootless path after a scheme is opaque (RFC 3986)
      return new Result<URL>(url, null);
    }
    const slash = rest.indexOf("/");
    const segment = slash >= 0 ? rest.substring(0, slash) : rest;
    if (segment.includes(":")) return new Result<URL>(new URL(), new Error("first path segment in URL cannot contain colon"));
  }
  if ((url.Scheme.length > 0 || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.substring(2);
    rest = "";
    const slash = authority.indexOf("/");
    if (slash >= 0) {
      rest = authority.substring(slash);
      authority = authority.substring(0, slash);
    }
    const error = parseAuthority(url, authority);
    if (error != null) return new Result<URL>(new URL(), error);
  }
  const path = unescape(rest, Mode.Path);
  if (path.err != null) return new Result<URL>(new URL(), path.err);
  url.Path = path.value;
  if (escape(path.value, Mode.Path) != rest) url.RawPath = rest;
  return new Result<URL>(url, null);
}

// Length of a leading "scheme:" (0 when there is none), or -1 for a URL starting with ':'.
function schemeLength(s: string): i32 {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c == 0x2b || c == 0x2d || c == 0x2e) {
      if (i == 0) return 0;
      continue;
    }
    if (c == 0x3a) return i == 0 ? -1 : i;
    return 0;
  }
  return 0;
}

function parseAuthority(url: URL, authority: string): Error | null {
  const at = authority.lastIndexOf("@");
  const hostPart = at >= 0 ? authority.substring(at + 1) : authority;
  const host = parseHost(hostPart);
  if (host.err != null) return host.err;
  url.Host = host.value;
  if (at < 0) return null;
  const userinfo = authority.substring(0, at);
  if (!validUserinfo(userinfo)) return new Error("net/url: invalid userinfo");
  url.User = userinfo;
  return null;
}

// RFC 3986 userinfo characters, plus '%' escapes and the characters Go also lets through.
function validUserinfo(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) continue;
    switch (c) {
      case 0x2d: case 0x2e: case 0x5f: case 0x3a: case 0x7e: case 0x21: case 0x24: case 0x26: case 0x27:
      case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x3b: case 0x3d: case 0x25: case 0x40:
        continue;
    }
    if (c < 0x80) return false;
  }
  return true;
}

function parseHost(host: string): Result<string> {
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) return new Result<string>("", new Error("missing ']' in host"));
    const colonPort = host.substring(close + 1);
    if (!validOptionalPort(colonPort)) return new Result<string>("", new Error("invalid port " + quote(colonPort) + " after host"));
    return unescape(host, Mode.Host);
  }
  const colon = host.lastIndexOf(":");
  if (colon >= 0) {
    const colonPort = host.substring(colon);
    if (!validOptionalPort(colonPort)) return new Result<string>("", new Error("invalid port " + quote(colonPort) + " after host"));
  }
  return unescape(host, Mode.Host);
}

// "" or ":" followed by digits only.
function validOptionalPort(port: string): bool {
  if (port.length == 0) return true;
  if (port.charCodeAt(0) != 0x3a) return false;
  for (let i = 1; i < port.length; i++) {
    const c = port.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
