import { url, http } from "../../assembly/index";

function parsed(raw: string): url.URL {
  const r = url.Parse(raw);
  expect(r.err).toBeNull();
  return r.value;
}

function parseError(raw: string): string {
  const r = url.Parse(raw);
  return r.err == null ? "no error" : r.err!.message;
}

describe("Parse", () => {
  it("splits an absolute URL like Go", () => {
    const u = parsed("HTTP://user:pw@example.com:8080/a%20b/c?x=1&y=2#frag%21");
    expect(u.Scheme).toBe("http");
    expect(u.User).toBe("user:pw");
    expect(u.Host).toBe("example.com:8080");
    expect(u.Hostname()).toBe("example.com");
    expect(u.Port()).toBe("8080");
    expect(u.Path).toBe("/a b/c");
    expect(u.RawPath).toBe("");
    expect(u.EscapedPath()).toBe("/a%20b/c");
    expect(u.RawQuery).toBe("x=1&y=2");
    expect(u.Fragment).toBe("frag!");
  });

  it("reads a request :path as a relative URL", () => {
    const u = parsed("/test?apikey=token1&apikey=token2");
    expect(u.Scheme).toBe("");
    expect(u.Host).toBe("");
    expect(u.Path).toBe("/test");
    expect(u.Query().Values("apikey").join(",")).toBe("token1,token2");
    expect(u.RequestURI()).toBe("/test?apikey=token1&apikey=token2");
  });

  it("keeps RawPath only when the path is not written in the default escaping", () => {
    const u = parsed("/a%2Fb");
    expect(u.Path).toBe("/a/b");
    expect(u.RawPath).toBe("/a%2Fb");
    expect(u.EscapedPath()).toBe("/a%2Fb");
  });

  it("treats a rootless part after a scheme as opaque, and //host without a scheme as a host", () => {
    expect(parsed("mailto:someone@example.com").Opaque).toBe("someone@example.com");
    expect(parsed("//other.host/x").Host).toBe("other.host");
    expect(parsed("///x").Path).toBe("///x");
    expect(parsed("http://[::1]:80/").Hostname()).toBe("::1");
  });

  it("fails with Go's messages", () => {
    expect(parseError(":x")).toBe("parse \":x\": missing protocol scheme");
    expect(parseError("a/b:c")).toBe("no error");
    expect(parseError("b:c/d")).toBe("no error");
    expect(parseError("[::1]")).toBe("parse \"[::1]\": first path segment in URL cannot contain colon");
    expect(parseError("1b:c")).toBe("parse \"1b:c\": first path segment in URL cannot contain colon");
    expect(parseError("/a%zzb")).toBe("parse \"/a%zzb\": invalid URL escape \"%zz\"");
    expect(parseError("/a%2")).toBe("parse \"/a%2\": invalid URL escape \"%2\"");
    expect(parseError("http://[::1/")).toBe("parse \"http://[::1/\": missing ']' in host");
    expect(parseError("http://host:port/")).toBe("parse \"http://host:port/\": invalid port \":port\" after host");
    expect(parseError("http://a b/")).toBe("parse \"http://a b/\": invalid character \" \" in host name");
    expect(parseError("http://%41/")).toBe("parse \"http://%41/\": invalid URL escape \"%41\"");
    expect(parseError("/a\nb")).toBe("parse \"/a\\nb\": net/url: invalid control character in URL");
    expect(parseError("/x#%zz")).toBe("parse \"/x#%zz\": invalid URL escape \"%zz\"");
  });

  it("hands back an empty URL on error, so reading it cannot trap", () => {
    const r = url.Parse(":x");
    expect(r.value.Path).toBe("");
    expect(r.value.Query().Get("a")).toBe("");
  });
});

describe("Query and Values", () => {
  it("decodes keys and values, keeps order, and skips what Go skips", () => {
    const r = url.ParseQuery("a=1&b=x+y%21&a=2&&c&bad=%zz&s=1;t=2&e=");
    expect(r.err!.message).toBe("invalid semicolon separator in query"); // the later ';' wins, as in Go
    const v = r.value;
    expect(v.Get("a")).toBe("1");
    expect(v.Values("a").join(",")).toBe("1,2");
    expect(v.Get("b")).toBe("x y!");
    expect(v.Has("c")).toBe(true);
    expect(v.Get("c")).toBe("");
    expect(v.Has("bad")).toBe(false);
    expect(v.Has("s")).toBe(false);
    expect(v.Has("e")).toBe(true);
    expect(v.Has("missing")).toBe(false);
    expect(v.Values("missing").length).toBe(0);
  });

  it("reports a semicolon like Go, and a bad escape when there is no semicolon", () => {
    expect(url.ParseQuery("a=%zz&b=1").err!.message).toBe("invalid URL escape \"%zz\"");
    expect(url.ParseQuery("a=1;b=2").err!.message).toBe("invalid semicolon separator in query");
    expect(url.ParseQuery("a=%zz&b=1;c").err!.message).toBe("invalid semicolon separator in query");
  });

  it("sets, adds, deletes and encodes with sorted keys", () => {
    const v = new url.Values();
    v.Set("z", "a b");
    v.Add("a", "1");
    v.Add("a", "&");
    v.Add("gone", "x");
    v.Del("gone");
    expect(v.Encode()).toBe("a=1&a=%26&z=a+b");
  });
});

describe("escaping", () => {
  it("unescapes query and path components with Go's rules", () => {
    expect(url.QueryUnescape("a+b%20c").value).toBe("a b c");
    expect(url.PathUnescape("a+b%20c").value).toBe("a+b c");
    expect(url.QueryUnescape("%e4%bd%a0").value).toBe("\u4f60");
    expect(url.QueryUnescape("%zz").err!.message).toBe("invalid URL escape \"%zz\"");
    expect(url.PathUnescape("abc%").err!.message).toBe("invalid URL escape \"%\"");
    expect(url.QueryUnescape("x%4").err!.message).toBe("invalid URL escape \"%4\"");
  });

  it("escapes the way Go does", () => {
    expect(url.QueryEscape("a b/c?d=e&f")).toBe("a+b%2Fc%3Fd%3De%26f");
    expect(url.PathEscape("a b/c")).toBe("a%20b%2Fc");
    expect(url.QueryEscape("\u4f60")).toBe("%E4%BD%A0");
  });
});

describe("http status codes", () => {
  it("has Go's names, values and texts", () => {
    expect(http.StatusOK).toBe(200);
    expect(http.StatusUnauthorized).toBe(401);
    expect(http.StatusForbidden).toBe(403);
    expect(http.StatusTooManyRequests).toBe(429);
    expect(http.StatusText(http.StatusTeapot)).toBe("I'm a teapot");
    expect(http.StatusText(299)).toBe("");
  });
});
