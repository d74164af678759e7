// The URL argument of an HTTP call, split the way wasm-go's HttpCall reads it with url.Parse:
// an absolute URL (`http://host:8080/p?q`, `//host/p`) gives the `:authority` and the path, a
// path (`/p?q`, or `p?q`, which gets its leading slash) gives only the path. The query is kept
// as written and the fragment is dropped. Unlike Go, the path is sent as written (Go sends the
// percent-decoded path, which can put a space into `:path`), and a URL the host would refuse or
// mangle (whitespace, control characters, a bad %-escape) is an error here instead.

/** An HTTP call's target: the authority from the URL ("" when it names none) and the `:path`. */
export class CalloutUrl {
  constructor(
    /** The URL's host[:port] (user info dropped), or "". */
    public readonly authority: string,
    /** `/path` plus `?query` when the query is not empty. */
    public readonly path: string,
    /** Why the URL was refused; "" when it was not. */
    public readonly error: string,
  ) {}
}

function refused(reason: string): CalloutUrl {
  return new CalloutUrl("", "", reason);
}

@inline function isAlpha(c: i32): bool {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

@inline function isHex(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

// Length of the scheme before `:` (RFC 3986: ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")), 0 when
// the URL does not start with one.
function schemeLength(url: string): i32 {
  for (let i = 0, n = url.length; i < n; i++) {
    const c = url.charCodeAt(i);
    if (isAlpha(c)) continue;
    if (i > 0 && ((c >= 0x30 && c <= 0x39) || c == 0x2b || c == 0x2d || c == 0x2e)) continue;
    return c == 0x3a && i > 0 ? i : 0;
  }
  return 0;
}

// Where the first `/`, `?` or `#` at or after `from` is, or the length.
function partEnd(s: string, from: i32): i32 {
  for (let i = from, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x2f || c == 0x3f || c == 0x23) return i;
  }
  return s.length;
}

// Whether every `%` in s starts a two-digit hex escape.
function escapesValid(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    if (s.charCodeAt(i) != 0x25) continue;
    if (i + 2 >= n || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) return false;
    i += 2;
  }
  return true;
}

/** Splits an HTTP call's URL into authority and `:path`, or says why it cannot be sent. */
export function parseCalloutUrl(rawURL: string): CalloutUrl {
  for (let i = 0, n = rawURL.length; i < n; i++) {
    const c = rawURL.charCodeAt(i);
    if (c <= 0x20 || c == 0x7f) return refused("whitespace or a control character in the URL");
  }
  const hash = rawURL.indexOf("#");
  const url = hash >= 0 ? rawURL.substring(0, hash) : rawURL;
  if (url.startsWith(":")) return refused("missing protocol scheme");
  let rest = url;
  let authority = "";
  const scheme = schemeLength(url);
  if (scheme > 0) {
    rest = url.substring(scheme + 1);
    // `host:8080/p` would be scheme "host" with an opaque part in Go, and no host at all.
    if (!rest.startsWith("//")) return refused("a URL with a scheme needs //host");
  } else {
    const firstSegment = rest.substring(0, partEnd(rest, 0));
    if (firstSegment.includes(":")) return refused("first path segment in URL cannot contain colon");
  }
  if (rest.startsWith("//") && (scheme > 0 || !rest.startsWith("///"))) {
    const end = partEnd(rest, 2);
    authority = rest.substring(2, end);
    rest = rest.substring(end);
    const at = authority.lastIndexOf("@");
    if (at >= 0) authority = authority.substring(at + 1);
  }
  const question = rest.indexOf("?");
  let path = question >= 0 ? rest.substring(0, question) : rest;
  const query = question >= 0 ? rest.substring(question + 1) : "";
  if (!escapesValid(authority) || !escapesValid(path)) return refused("invalid URL escape");
  if (!path.startsWith("/")) path = "/" + path;
  return new CalloutUrl(authority, query.length > 0 ? path + "?" + query : path, "");
}
