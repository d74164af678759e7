// examples/request-block run in MockHost: the cases of Higress's request-block main_test.go and
// README (A1-A13 in higress-as's reference tables), the response details Go sends, gjson's
// coercions of the config, and the regular expressions block_regexp_urls accepts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";

// `npm run build` (or `build:debug`) writes build/plugin.wasm; the repository's test run builds the
// example itself and passes the module's path in PLUGIN_WASM.
const wasmPath = process.env.PLUGIN_WASM ?? fileURLToPath(new URL("../build/plugin.wasm", import.meta.url));

const CONFIG = {
  blocked_code: 403,
  blocked_message: "Access denied",
  case_sensitive: false,
  block_urls: ["blocked", "forbidden"],
  block_exact_urls: ["/exact-block", "/admin"],
  block_regexp_urls: ["/api/v\\d+/blocked"],
  block_headers: ["blocked-header", "malicious"],
  block_bodies: ["blocked-content", "spam"],
};
const text = (bytes) => new TextDecoder().decode(bytes);
const request = (path, extra = []) => [[":authority", "test.com"], ...(path === null ? [] : [[":path", path]]), [":method", "POST"], ...extra];

async function started(config) {
  const host = await MockHost.create(wasmPath, { config });
  assert.equal(host.startStatus, "ok");
  return host;
}

// The request's headers (and body, if given) through the plugin; returns the host.
async function send(config, path, { headers = [], body } = {}) {
  const host = await started(config);
  host.callOnHttpRequestHeaders(request(path, headers), { endOfStream: body === undefined });
  if (body !== undefined && host.getLocalResponse() === null) host.callOnHttpRequestBody(body);
  return host;
}

function assertBlocked(host, status, message, detail) {
  const reply = host.getLocalResponse();
  assert.ok(reply, "a local reply");
  assert.equal(reply.statusCode, status);
  assert.equal(text(reply.body), message);
  if (detail) assert.equal(reply.statusCodeDetails, detail);
}

describe("Go's main_test.go cases", () => {
  it("A1 blocks a path containing a keyword", async () => {
    const host = await started(CONFIG);
    // Envoy stops the stream once a local reply is sent, whatever the callback returns.
    assert.notEqual(host.callOnHttpRequestHeaders(request("/api/blocked/endpoint"), { endOfStream: true }), "Continue");
    assertBlocked(host, 403, "Access denied", "request-block.url_blocked.keyword");
  });

  it("A2 blocks an exact path", async () => {
    assertBlocked(await send(CONFIG, "/exact-block"), 403, "Access denied", "request-block.url_blocked.exact");
  });

  it("A3 blocks a path matching a pattern", async () => {
    // The path also holds the keyword "blocked", and keywords are checked first: Go reports that.
    assertBlocked(await send(CONFIG, "/api/v1/blocked"), 403, "Access denied", "request-block.url_blocked.keyword");
    assertBlocked(await send({ ...CONFIG, block_urls: ["forbidden"] }, "/api/v1/blocked"), 403, "Access denied", "request-block.url_blocked.regexp");
  });

  it("A4 blocks on a header keyword, with Go's body detail", async () => {
    const host = await send(CONFIG, "/api/valid", { headers: [["blocked-header", "some-value"]] });
    assertBlocked(host, 403, "Access denied", "request-block.body_blocked");
  });

  it("A5 blocks on a body keyword after letting the headers through", async () => {
    const host = await started(CONFIG);
    assert.equal(host.callOnHttpRequestHeaders(request("/api/safe/endpoint"), { endOfStream: false }), "Continue");
    assert.equal(host.getLocalResponse(), null);
    host.callOnHttpRequestBody("This is blocked-content in the body");
    assertBlocked(host, 403, "Access denied", "request-block.body_blocked");
  });

  it("A6 lets a clean request through", async () => {
    const host = await started(CONFIG);
    assert.equal(host.callOnHttpRequestHeaders(request("/api/valid/endpoint", [["valid-header", "valid-value"]]), { endOfStream: false }), "Continue");
    assert.equal(host.callOnHttpRequestBody("a clean body"), "Continue");
    assert.equal(host.getLocalResponse(), null);
  });

  it("A7 matches case-insensitively by default", async () => {
    assertBlocked(await send(CONFIG, "/API/BLOCKED/ENDPOINT"), 403, "Access denied");
  });

  it("A8 answers with the configured code and message", async () => {
    const host = await send({ blocked_code: 429, blocked_message: "Too many requests", block_urls: ["rate-limit"] }, "/api/rate-limit/test");
    assertBlocked(host, 429, "Too many requests");
  });

  it("A9 falls back to 403 for a code outside 101-599", async () => {
    for (const blocked_code of [999, 100, 600, 0, -1]) {
      assertBlocked(await send({ blocked_code, block_urls: ["test"] }, "/test"), 403, "");
    }
    assertBlocked(await send({ blocked_code: 101, block_urls: ["test"] }, "/test"), 101, "");
  });

  it("A10 refuses a config without block_urls, block_headers or block_bodies", async () => {
    for (const config of [
      { blocked_message: "No rules" },
      { block_exact_urls: ["/admin"], block_regexp_urls: ["^/x"] },
      { block_urls: ["", ""], block_headers: [], block_bodies: [""] },
    ]) {
      const host = await MockHost.create(wasmPath, { config });
      assert.equal(host.startStatus, "configure-failed", JSON.stringify(config));
      assert.ok(host.getErrorLogs().some((l) => l.includes("there is no block rules")), host.getErrorLogs().join("\n"));
    }
  });

  it("A11 lets a request without :path through, with a warning", async () => {
    const host = await send(CONFIG, null);
    assert.equal(host.getLocalResponse(), null);
    assert.ok(host.getWarnLogs().some((l) => l.includes("get path failed")));
  });

  it("A12 matches bodies case-sensitively when asked", async () => {
    const config = { case_sensitive: true, block_bodies: ["BLOCKED"] };
    assertBlocked(await send(config, "/x", { body: "This contains BLOCKED content" }), 403, "");
    assert.equal((await send(config, "/x", { body: "This contains blocked content" })).getLocalResponse(), null);
  });

  it("A13 ignores exact and regexp rules unless block_urls is set", async () => {
    const config = { case_sensitive: true, block_urls: ["dummy"], block_regexp_urls: ["/api/v\\d+/blocked"] };
    assert.equal((await send(config, "/api/blocked")).getLocalResponse(), null);
    // With only header rules, exact and regexp rules are never consulted.
    const headersOnly = { block_headers: ["x-evil"], block_exact_urls: ["/admin"], block_regexp_urls: [".*"] };
    assert.equal((await send(headersOnly, "/admin")).getLocalResponse(), null);
  });
});

describe("the README's examples", () => {
  const urls = { block_urls: ["swagger.html", "foo=bar"], case_sensitive: false };
  for (const path of ["/?foo=Bar", "/Swagger.html"]) {
    it(`blocks ${path} by URL keyword`, async () => {
      assertBlocked(await send(urls, path), 403, "", "request-block.url_blocked.keyword");
    });
  }

  for (const header of [["example-key", "123"], ["my-header", "example-value"]]) {
    it(`blocks the header ${header.join(": ")}`, async () => {
      assertBlocked(await send({ block_headers: ["example-key", "example-value"] }, "/", { headers: [header] }), 403, "");
    });
  }

  for (const body of ["Hello World", "hello world"]) {
    it(`blocks the body "${body}"`, async () => {
      assertBlocked(await send({ block_bodies: ["hello world"], case_sensitive: false }, "/", { body }), 403, "");
    });
  }
});

describe("details of Go's behaviour", () => {
  it("checks exact paths before keywords and keywords before patterns", async () => {
    const config = { block_urls: ["admin"], block_exact_urls: ["/admin"], block_regexp_urls: ["adm"] };
    assertBlocked(await send(config, "/admin"), 403, "", "request-block.url_blocked.exact");
    assertBlocked(await send(config, "/admin/x"), 403, "", "request-block.url_blocked.keyword");
    assertBlocked(await send({ ...config, block_urls: ["zzz"] }, "/admin/x"), 403, "", "request-block.url_blocked.regexp");
  });

  it("matches header keywords across a name and its value", async () => {
    const host = await send({ block_headers: ["x-user\nroot"] }, "/", { headers: [["x-user", "root"]] });
    assertBlocked(host, 403, "");
  });

  it("lower-cases the pattern text itself when case-insensitive, as Go does", async () => {
    // `\D` becomes `\d`, so "/a1" matches and "/ab" does not.
    const config = { block_urls: ["zzz"], block_regexp_urls: ["^/a\\D$"] };
    assertBlocked(await send(config, "/a1"), 403, "");
    assert.equal((await send(config, "/ab")).getLocalResponse(), null);
  });

  it("lower-cases as Go's strings.ToLower: one code point for each, no final sigma", async () => {
    // String#toLowerCase gives "i̇stanbul" (i and a combining dot) and "οδος"; Go gives these.
    assertBlocked(await send({ block_bodies: ["istanbul"] }, "/", { body: "\u0130STANBUL" }), 403, "");
    assertBlocked(await send({ block_bodies: ["οδοσ"] }, "/", { body: "ΟΔΟΣ" }), 403, "");
    assertBlocked(await send({ block_urls: ["\u0130"] }, "/istanbul"), 403, "", "request-block.url_blocked.keyword");
  });

  it("does not read an overlong UTF-8 '/' in a body as '/', as Go's byte matching does not", async () => {
    const config = { block_bodies: ["/etc/passwd"], case_sensitive: true };
    const overlong = new Uint8Array([0xc0, 0xaf, ...Buffer.from("etc"), 0xc0, 0xaf, ...Buffer.from("passwd")]);
    assert.equal((await send(config, "/", { body: overlong })).getLocalResponse(), null);
    assertBlocked(await send(config, "/", { body: "x /etc/passwd" }), 403, "");
  });

  it("reads values the way gjson does", async () => {
    // blocked_code as a string and a lone string for a list; case_sensitive as the string "true".
    const host = await send({ blocked_code: "451", block_urls: "Secret", case_sensitive: "true" }, "/Secret/x");
    assertBlocked(host, 451, "");
    assert.equal((await send({ block_urls: "Secret", case_sensitive: "true" }, "/secret/x")).getLocalResponse(), null);
  });

  it("does not read the body when there are no body rules", async () => {
    const host = await started({ block_urls: ["x"] });
    assert.equal(host.callOnHttpRequestHeaders(request("/ok"), { endOfStream: false }), "Continue");
    assert.equal(host.callOnHttpRequestBody("x"), "Continue");
    assert.equal(host.getLocalResponse(), null);
  });

  it("refuses a config with a pattern it cannot compile, naming it", async () => {
    for (const pattern of ["(", "[a-", "a**", "\\pL", "x{2,1}", "(a{1000}){1000}"]) {
      const host = await MockHost.create(wasmPath, { config: { block_urls: ["x"], block_regexp_urls: [pattern] } });
      assert.equal(host.startStatus, "configure-failed", pattern);
      assert.ok(host.getErrorLogs().some((l) => l.includes("block_regexp_urls: error parsing regexp")), host.getErrorLogs().join("\n"));
    }
  });
});

describe("block_regexp_urls patterns (Go regexp syntax)", () => {
  const cases = [
    // [pattern, matching paths, other paths]
    ["^/api/v[0-9]+/users$", ["/api/v2/users", "/api/v10/users"], ["/api/v/users", "/api/v2/users/1", "/x/api/v2/users"]],
    ["\\.(php|asp)x?$", ["/index.php", "/a.aspx"], ["/index.html", "/a.php/b"]],
    ["^/(?:admin|internal)/", ["/admin/", "/internal/x"], ["/administrator/", "/public/admin/"]],
    ["/a{2,3}b", ["/aab", "/aaab"], ["/ab"]],
    ["/x[^/]*y$", ["/xabcy", "/xy"], ["/xa/y"]],
    ["\\bsecret\\b", ["/a/secret/b", "/secret"], ["/secrets", "/topsecret"]],
    ["[[:digit:]]{4}", ["/2024/report"], ["/123/report"]],
    ["(?i)^/CaSe", ["/case", "/CASE"], ["/x/case"]],
    ["a.c", ["/abc"], ["/ac"]],
    ["x*", ["/anything", ""], []],
    ["^$", [""], ["/"]],
    ["\\x2f\\x{61}", ["/a"], ["/b"]],
    ["[\\d-]+z", ["/12-3z"], ["/az"]],
    ["(?i)[a-c]x", ["/BX", "/ax"], ["/dx"]],
    ["^/[^\\d/]+$", ["/abc"], ["/ab1", "/a/b"]],
    ["^/(?P<version>v\\d)/", ["/v1/x"], ["/vv/x"]],
    ["^/a+?b$", ["/aaab"], ["/b"]],
    ["^/x(?i:AB)y$", ["/xaby", "/xABy"], ["/xabY"]],
    ["^/a(b|)c$", ["/abc", "/ac"], ["/abbc"]],
    ["\\Bend", ["/weekend"], ["/end"]],
    ["[a\\]]{2}", ["/a]"], ["/a-"]],
    ["/a{,2}", ["/a{,2}"], ["/aa"]],
    ["^/a[\\W]b$", ["/a`b", "/a^b", "/a-b"], ["/a_b", "/a9b"]],
    ["^/[[:^alpha:]]+$", ["/12-"], ["/1a"]],
    ["^/[\\w.]+$", ["/a_Z9.x"], ["/a-b"]],
  ];
  it("matches every request afresh: what an earlier path left in the matcher does not hide a later match", async () => {
    // "/zzzzza" leaves the thread waiting for "b" marked at the same step where "/zzzzzab" queues it.
    const host = await started({ case_sensitive: true, block_urls: ["zzz-never"], block_regexp_urls: ["ab"] });
    for (const [path, blocked] of [["/zzzzza", false], ["/zzzzzab", true], ["/ab", true], ["/zzzzza", false]]) {
      host.initHttp();
      host.callOnHttpRequestHeaders(request(path), { endOfStream: true });
      assert.equal(host.getLocalResponse()?.statusCodeDetails ?? null, blocked ? "request-block.url_blocked.regexp" : null, path);
      host.completeHttp();
    }
  });

  for (const [pattern, matching, others] of cases) {
    it(pattern, async () => {
      const config = { case_sensitive: true, block_urls: ["zzz-never"], block_regexp_urls: [pattern] };
      const host = await started(config);
      for (const path of matching) {
        host.initHttp();
        host.callOnHttpRequestHeaders(request(path), { endOfStream: true });
        assert.equal(host.getLocalResponse()?.statusCodeDetails, "request-block.url_blocked.regexp", `${pattern} should match ${JSON.stringify(path)}`);
        host.completeHttp();
      }
      for (const path of others) {
        host.initHttp();
        host.callOnHttpRequestHeaders(request(path), { endOfStream: true });
        assert.equal(host.getLocalResponse(), null, `${pattern} should not match ${JSON.stringify(path)}`);
        host.completeHttp();
      }
    });
  }
});
