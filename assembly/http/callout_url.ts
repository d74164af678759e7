// The URL argument of an HTTP call, split the way wasm-go's HttpCall reads it with url.Parse (our
// net/url port does the parsing): an absolute URL (`http://host:8080/p?q`, `//host/p`) gives the
// `:authority` and the path, a path (`/p?q`, or `p?q`, which gets its leading slash) gives only
// the path. The query is kept as written and the fragment is dropped. Unlike Go, the path is sent
// escaped (Go sends the decoded path, which can put a space into `:path`), and a URL the host
// would refuse or mangle (whitespace, control characters, a scheme without //host) is an error.

import { Parse, URLError } from "../net/url";

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

/** Splits an HTTP call's URL into authority and `:path`, or says why it cannot be sent. */
export function parseCalloutUrl(rawURL: string): CalloutUrl {
  for (let i = 0, n = rawURL.length; i < n; i++) {
    const c = rawURL.charCodeAt(i);
    if (c <= 0x20 || c == 0x7f) return refused("whitespace or a control character in the URL");
  }
  const parsed = Parse(rawURL);
  const err = parsed.err;
  // The cause only: URLError's text repeats the URL, user info included.
  if (err != null) return refused(err instanceof URLError ? (<URLError>err).Err.message : err.message);
  const url = parsed.value;
  // `host:8080/p` parses as scheme "host" with an opaque part, and names no host at all.
  if (url.Opaque.length > 0) return refused("a URL with a scheme needs //host");
  let path = url.EscapedPath();
  if (!path.startsWith("/")) path = "/" + path;
  return new CalloutUrl(url.Host, url.RawQuery.length > 0 ? path + "?" + url.RawQuery : path, "");
}
