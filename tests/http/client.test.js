// HttpClient through MockHost: what each method sends (method, path, authority, cluster, body,
// timeout, the caller's headers), what the callback receives for each kind of reply, that it acts
// on the request that made the call, and that failures come back as values.
// tests/fixtures/http/client.ts reports what it did in request headers.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const FQDN = { kind: "FQDN", FQDN: "auth.dns", Port: 8080 };
const text = (bytes) => new TextDecoder().decode(bytes);
const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const request = (extra, path = "/orig") => [[":authority", "gateway.local"], [":path", path], [":method", "GET"], ...extra];

let wasm;
before(async () => {
  wasm = await compile(["tests/fixtures/http/client.ts"], ["--config", "asconfig.json"]);
});

const start = (cluster = FQDN, options = {}) => MockHost.create(wasm, { config: { cluster, tick: true }, ...options });

// Makes the plugin call with the given x-* headers and returns the host, the action and the call.
async function call(headers, cluster = FQDN, options = {}) {
  const host = await start(cluster, options);
  const action = host.callOnHttpRequestHeaders(request(headers), { endOfStream: true });
  const calls = host.getHttpCalloutAttributes();
  return { host, action, callout: calls[calls.length - 1], calls };
}

describe("methods", () => {
  const cases = [
    ["Get", "GET", ""],
    ["Head", "HEAD", ""],
    ["Options", "OPTIONS", ""],
    ["Post", "POST", "payload-Post"],
    ["Put", "PUT", "payload-Put"],
    ["Patch", "PATCH", "payload-Patch"],
    ["Delete", "DELETE", ""],
    ["Connect", "CONNECT", ""],
    ["Trace", "TRACE", ""],
    ["Call:PURGE", "PURGE", "payload-Call:PURGE"],
  ];
  for (const [selector, method, body] of cases) {
    it(`${selector} sends ${method} with its path, authority, body and the default timeout, and holds the request`, async () => {
      const { action, callout } = await call([["x-call", selector], ["x-url", "/api/check?id=7"]]);
      assert.equal(action, "StopAllIterationAndWatermark");
      assert.equal(callout.upstream, "outbound|8080||auth.dns");
      assert.equal(value(callout.headers, ":method"), method);
      assert.equal(value(callout.headers, ":path"), "/api/check?id=7");
      assert.equal(value(callout.headers, ":authority"), "auth.dns");
      assert.equal(text(callout.body), body);
      // The host sets content-length from the body.
      assert.equal(value(callout.headers, "content-length"), body ? String(body.length) : undefined);
      assert.equal(callout.timeoutMs, 500);
      assert.deepEqual(callout.trailers, []);
    });
  }

  it("replaces the caller's pseudo-headers without changing the caller's list", async () => {
    const { host, callout } = await call([["x-call", "Get"]]);
    // The host lists pseudo-headers first, as Envoy's header map does.
    assert.deepEqual(callout.headers, [
      [":method", "GET"],
      [":path", "/"],
      [":authority", "auth.dns"],
      ["x-caller", "one"],
      ["x-caller", "two"],
    ]);
    assert.equal(
      value(host.getRequestHeaders(), "x-caller-headers"),
      "x-caller=one;:method=BOGUS;:path=/bogus;:authority=bogus;x-caller=two",
    );
  });

  it("sends a custom timeout instead of 500 ms", async () => {
    for (const selector of ["Get", "Post"]) {
      const { callout } = await call([["x-call", selector], ["x-timeout", "1500"]]);
      assert.equal(callout.timeoutMs, 1500, selector);
    }
  });

  it("refuses a timeout over the host's limit before the host sees it", async () => {
    const { host, action, calls } = await call([["x-call", "Get"], ["x-timeout", "2147483648"]]);
    assert.equal(action, "Continue");
    assert.equal(calls.length, 0);
    assert.match(value(host.getRequestHeaders(), "x-call-error"), /outbound\|8080\|\|auth\.dns.*timeout 2147483648 ms is over/);
  });

  it("refuses a caller header with CR or LF, naming it", async () => {
    const { host, calls } = await call([["x-call", "Get"], ["x-bad-header", "1"]]);
    assert.equal(calls.length, 0);
    assert.match(value(host.getRequestHeaders(), "x-call-error"), /header x-bad contains CR, LF or NUL/);
  });
});

describe("urls", () => {
  const sent = [
    ["/api/auth", "auth.dns", "/api/auth"],
    ["api/auth", "auth.dns", "/api/auth"],
    ["", "auth.dns", "/"],
    ["/p?", "auth.dns", "/p"],
    ["/p?a=1&b=%20#frag", "auth.dns", "/p?a=1&b=%20"],
    ["/a%2Fb", "auth.dns", "/a%2Fb"],
    ["http://user:secret@other.host:81/x?y=1#f", "other.host:81", "/x?y=1"],
    ["https://other.host", "other.host", "/"],
    ["//other.host/x", "other.host", "/x"],
    ["http:///x", "auth.dns", "/x"],
  ];
  for (const [url, authority, path] of sent) {
    it(`sends ${JSON.stringify(url)} as ${authority} ${path}`, async () => {
      const { callout } = await call([["x-call", "Get"], ["x-url", url]]);
      assert.equal(value(callout.headers, ":authority"), authority);
      assert.equal(value(callout.headers, ":path"), path);
    });
  }

  const refused = [
    ["/a b", /whitespace or a control character/],
    ["/a%zz", /invalid URL escape/],
    ["localhost:8080/x", /a URL with a scheme needs \/\/host/],
    [":x", /missing protocol scheme/],
    ["a:b/c", /needs \/\/host/],
  ];
  for (const [url, reason] of refused) {
    it(`refuses ${JSON.stringify(url)} without sending`, async () => {
      const { host, action, calls } = await call([["x-call", "Get"], ["x-url", url]]);
      assert.equal(action, "Continue");
      assert.equal(calls.length, 0);
      const error = value(host.getRequestHeaders(), "x-call-error");
      assert.ok(error.startsWith(`http call to cluster outbound|8080||auth.dns failed: invalid url ${url}: `), error);
      assert.match(error, reason);
    });
  }

  it("shows control characters of a refused URL as ?", async () => {
    const { host, calls } = await call([["x-call", "Get"], ["x-url", "/a\tb"]]);
    assert.equal(calls.length, 0);
    assert.equal(
      value(host.getRequestHeaders(), "x-call-error"),
      "http call to cluster outbound|8080||auth.dns failed: invalid url /a?b: whitespace or a control character in the URL",
    );
  });

  it("does not log the URL's user info", async () => {
    const { host } = await call([["x-call", "Get"], ["x-url", "http://user:secret@other.host/x"]]);
    assert.ok(host.getDebugLogs().some((l) => l.includes("GET other.host/x, timeout 500 ms")));
    assert.ok(!host.getLogs().some((l) => l.includes("secret")));
  });
});

describe("clusters", () => {
  const kinds = [
    [{ kind: "FQDN", FQDN: "my-svc.dns", Port: 80 }, "outbound|80||my-svc.dns", "my-svc.dns"],
    [{ kind: "FQDN", FQDN: "my-svc.dns", Port: 80, Host: "api.example.com" }, "outbound|80||my-svc.dns", "api.example.com"],
    [{ kind: "K8s", ServiceName: "foo", Namespace: "bar", Port: 8080, Version: "1.0" }, "outbound|8080|1.0|foo.bar.svc.cluster.local", "foo.bar.svc.cluster.local"],
    [{ kind: "K8s", ServiceName: "foo", Port: 8080 }, "outbound|8080||foo.default.svc.cluster.local", "foo.default.svc.cluster.local"],
    [{ kind: "K8s", ServiceName: "foo", Port: 8080, Host: "www.example.com" }, "outbound|8080||foo.default.svc.cluster.local", "www.example.com"],
    [{ kind: "Nacos", ServiceName: "foo", Group: "DEFAULT_GROUP", NamespaceID: "xxxx", Port: 8080, Version: "1.0" }, "outbound|8080|1.0|foo.DEFAULT-GROUP.xxxx.nacos", "foo"],
    [{ kind: "Nacos", ServiceName: "foo", NamespaceID: "xxxx", Port: 8080, IsExtRegistry: true, Host: "n.example" }, "outbound|8080||foo.DEFAULT-GROUP.xxxx.nacos-ext", "n.example"],
    [{ kind: "StaticIp", ServiceName: "foo", Port: 8080 }, "outbound|8080||foo.static", "foo"],
    [{ kind: "StaticIp", ServiceName: "foo", Port: 8080, Host: "s.example" }, "outbound|8080||foo.static", "s.example"],
    [{ kind: "Dns", ServiceName: "foo", Domain: "foo.example.com", Port: 443 }, "outbound|443||foo.dns", "foo.example.com"],
    [{ kind: "Dns", ServiceName: "foo", Port: 443 }, "outbound|443||foo.dns", "unknownhost"],
    [{ kind: "Consul", ServiceName: "foo", Datacenter: "dc1", Port: 8500 }, "outbound|8500||foo.dc1.consul", "foo"],
    [{ kind: "Consul", ServiceName: "foo", Datacenter: "dc1", Port: 8500, Host: "c.example" }, "outbound|8500||foo.dc1.consul", "c.example"],
    [{ kind: "Target", Cluster: "outbound|9000||raw.static", Host: "raw.example" }, "outbound|9000||raw.static", "raw.example"],
    [{ kind: "Route" }, "test-cluster-default", "gateway.local"],
    [{ kind: "Route", Host: "r.example" }, "test-cluster-default", "r.example"],
  ];
  for (const [cluster, name, authority] of kinds) {
    it(`${JSON.stringify(cluster)} calls ${name} as ${authority}`, async () => {
      const { host, callout } = await call([["x-call", "Get"]], cluster);
      assert.equal(value(host.getRequestHeaders(), "x-cluster-name"), name);
      assert.equal(callout.upstream, name);
      assert.equal(value(callout.headers, ":authority"), authority);
    });
  }

  it("RouteCluster follows the request's route cluster", async () => {
    const host = await start({ kind: "Route" });
    host.setClusterName("outbound|80||routed.dns");
    host.callOnHttpRequestHeaders(request([["x-call", "Get"]]), { endOfStream: true });
    assert.equal(host.getHttpCalloutAttributes()[0].upstream, "outbound|80||routed.dns");
  });

  it("refuses a call with an empty cluster name", async () => {
    const { host, calls } = await call([["x-call", "Get"]], { kind: "Target", Cluster: "", Host: "h" });
    assert.equal(calls.length, 0);
    assert.match(value(host.getRequestHeaders(), "x-call-error"), /^http call to cluster "" failed: no cluster name/);
  });

  it("returns the host's refusal for an unknown cluster, naming it, and leaves the request running", async () => {
    const { host, action, calls } = await call([["x-call", "Get"]], FQDN, { clusters: ["outbound|80||known.dns"] });
    assert.equal(action, "Continue");
    assert.equal(calls.length, 0);
    const headers = host.getRequestHeaders();
    assert.equal(
      value(headers, "x-call-error"),
      "http call to cluster outbound|8080||auth.dns failed: error status returned by host: bad argument (unknown cluster?)",
    );
    assert.equal(value(headers, "x-call-error-status"), "2");
    assert.equal(host.getLocalResponse(), null);
  });

  it("sends to a cluster the host knows", async () => {
    const { action, calls } = await call([["x-call", "Get"]], { kind: "FQDN", FQDN: "known.dns", Port: 80 }, { clusters: ["outbound|80||known.dns"] });
    assert.equal(action, "StopAllIterationAndWatermark");
    assert.equal(calls.length, 1);
  });
});

describe("replies", () => {
  it("hands status, headers (keys as the host gives them), body and the request's context to the callback, which resumes it", async () => {
    const { host } = await call([["x-call", "Get"]]);
    host.callOnHttpCall([[":status", "200"], ["X-Token", "t-1"], ["content-type", "text/plain"]], "welcome");
    const headers = host.getRequestHeaders();
    assert.equal(value(headers, "x-reply-status"), "200");
    // Envoy (and MockHost) lower-case keys; nothing turns them into Go's X-Token.
    assert.equal(value(headers, "x-reply-headers"), ":status=200;x-token=t-1;content-type=text/plain");
    assert.equal(value(headers, "x-reply-token"), "t-1");
    assert.equal(value(headers, "x-reply-body"), "welcome");
    assert.equal(value(headers, "x-reply-path"), "/orig");
    assert.equal(value(headers, "x-reply-note"), "state of /orig");
    assert.equal(host.isRequestResumed(), true);
    assert.equal(host.getLocalResponse(), null);
  });

  const statuses = [
    ["an error status", [[":status", "403"]], 403],
    ["no :status as 502", [["x-other", "1"]], 502],
    ["an unparsable :status as 500", [[":status", "2xx"]], 500],
  ];
  for (const [what, headers, code] of statuses) {
    it(`reports ${what}`, async () => {
      const { host } = await call([["x-call", "Get"]]);
      host.callOnHttpCall(headers, "");
      assert.equal(value(host.getRequestHeaders(), "x-reply-status"), String(code));
      const reply = host.getLocalResponse();
      assert.equal(reply.statusCode, 403);
      assert.equal(value(reply.headers, "x-upstream-status"), String(code));
      assert.equal(host.isRequestResumed(), false);
    });
  }

  it("reports a failed call (no headers) as 503 and logs the host's reason", async () => {
    const { host } = await call([["x-call", "Get"]]);
    host.failHttpCall();
    assert.equal(value(host.getRequestHeaders(), "x-reply-status"), "503");
    assert.equal(value(host.getRequestHeaders(), "x-reply-headers"), "");
    assert.equal(host.getLocalResponse().statusCode, 403);
    assert.ok(host.getWarnLogs().some((l) => l.includes("http call to cluster outbound|8080||auth.dns failed: reset (11); reporting status 503")));
  });

  it("drops a reply that arrives after its request ended, without a trap", async () => {
    const { host } = await call([["x-call", "Get"]]);
    host.completeHttp();
    host.callOnHttpCall([[":status", "200"]], "late");
    assert.equal(host.vmFailed, false);
    assert.deepEqual(host.getHostErrors(), []);
    assert.ok(host.getDebugLogs().some((l) => l.includes("dropped: the stream has ended")));
    assert.ok(!host.getLogs().some((l) => l.includes("answered 200")));
  });

  it("runs each callback as the request that made its call, whatever the order of the replies", async () => {
    const host = await start();
    const first = host.initHttp();
    host.callOnHttpRequestHeaders(request([["x-call", "Get"]], "/first"), { endOfStream: true });
    const second = host.initHttp();
    host.callOnHttpRequestHeaders(request([["x-call", "Get"]], "/second"), { endOfStream: true });
    const [a, b] = host.getHttpCalloutAttributes();
    assert.deepEqual([a.contextId, b.contextId], [first, second]);

    host.callOnHttpCall([[":status", "500"]], "", [], b.token);
    assert.equal(host.getLocalResponse().statusCode, 403);
    assert.equal(value(host.getRequestHeaders(), "x-reply-note"), "state of /second");
    host.setCurrentHttpContext(first);
    assert.equal(host.getLocalResponse(), null);
    assert.equal(value(host.getRequestHeaders(), "x-reply-status"), undefined);

    host.callOnHttpCall([[":status", "204"]], "", [], a.token);
    assert.equal(host.isRequestResumed(), true);
    assert.equal(value(host.getRequestHeaders(), "x-reply-path"), "/first");
    assert.equal(value(host.getRequestHeaders(), "x-reply-note"), "state of /first");
  });
});

describe("plugin-level calls", () => {
  // The fixture's tick function finds the client a request stored at plugin level.
  const startWithClient = async () => {
    const host = await start();
    host.callOnHttpRequestHeaders(request([]), { endOfStream: true });
    host.completeHttp();
    return host;
  };

  it("from a tick function: PluginCall is sent as the plugin and answered to it; Get is refused", async () => {
    const host = await startWithClient();
    host.tick();
    const [callout] = host.getHttpCalloutAttributes();
    assert.equal(callout.contextId, callout.rootContextId);
    assert.deepEqual(callout.headers, [[":method", "GET"], [":path", "/from-tick"], [":authority", "auth.dns"]]);
    const info = host.getInfoLogs();
    assert.ok(info.some((l) => l.endsWith("tick call: sent")));
    assert.ok(info.some((l) => l.endsWith("tick Get: http call to cluster outbound|8080||auth.dns failed: no request in progress (outside a request, use PluginCall)")));
    host.callOnHttpCall([[":status", "200"]], "fresh");
    assert.ok(host.getInfoLogs().some((l) => l.endsWith("plugin reply 200 fresh as http-client")));
  });

  it("from a request: the call outlives the request, which is not held", async () => {
    const { host, action, callout } = await call([["x-call", "Plugin:POST"], ["x-url", "/refresh"]]);
    assert.equal(action, "Continue");
    assert.equal(callout.contextId, callout.rootContextId);
    assert.equal(value(callout.headers, ":authority"), "auth.dns");
    assert.equal(text(callout.body), "payload-Plugin:POST");
    host.completeHttp();
    host.callOnHttpCall([[":status", "201"]], "refreshed");
    assert.ok(host.getInfoLogs().some((l) => l.endsWith("plugin reply 201 refreshed as http-client")));
  });

  it("a failed plugin call is reported as 503 too", async () => {
    const host = await startWithClient();
    host.tick();
    host.failHttpCall();
    assert.ok(host.getInfoLogs().some((l) => l.endsWith("plugin reply 503  as http-client")));
  });
});
