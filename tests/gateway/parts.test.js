// The gateway's pure parts: the YAML subset, cluster-name mapping, RESP reply framing, serve's arguments.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseYaml } from "../../dist/gateway/yaml.js";
import { ClusterMap, parseMapping } from "../../dist/gateway/clusters.js";
import { replyEnd } from "../../dist/gateway/redis.js";
import { parseServeArgs } from "../../dist/cli/serve.js";

describe("YAML config subset", () => {
  it("reads nested mappings, sequences, scalars and comments as JSON would hold them", () => {
    const text = [
      "# rate limit",
      "serviceName: redis.dns   # the service",
      "servicePort: 6379",
      "ratio: 0.5",
      "enabled: true",
      "nothing: ~",
      "quoted: \"a: b # not a comment\"",
      "single: 'it''s'",
      "flow: [1, \"two\"]",
      "rules:",
      "- match: /api",
      "  methods:",
      "    - GET",
      "    - POST",
      "- match: /admin",
      "  deny: yes",
      "nested:",
      "  inner:",
      "    key: value",
      "empty:",
    ].join("\n");
    assert.deepEqual(parseYaml(text), {
      serviceName: "redis.dns",
      servicePort: 6379,
      ratio: 0.5,
      enabled: true,
      nothing: null,
      quoted: "a: b # not a comment",
      single: "it's",
      flow: [1, "two"],
      rules: [{ match: "/api", methods: ["GET", "POST"] }, { match: "/admin", deny: "yes" }],
      nested: { inner: { key: "value" } },
      empty: null,
    });
  });

  it("refuses what it does not read, with the line", () => {
    assert.throws(() => parseYaml("a: 1\n  b: 2"), /line 2: unexpected indentation/);
    assert.throws(() => parseYaml("script: |\n  return 1"), /line 1: "\|" .* not supported/);
    assert.throws(() => parseYaml("a: 1\na: 2"), /line 2: duplicate key "a"/);
    assert.throws(() => parseYaml("a: 1\n---\nb: 2"), /line 2: several documents/);
    assert.throws(() => parseYaml("a: [1,"), /line 1: cannot read/);
  });
});

describe("cluster mapping", () => {
  const http = new ClusterMap([parseMapping("--cluster", "auth.example.com=http://127.0.0.1:9001", ["http:"]), parseMapping("--cluster", "outbound|80||exact.dns=http://127.0.0.1:9002", ["http:"])], "http:");

  it("sends Higress registry names to a local service on their port", () => {
    for (const name of ["outbound|8080||auth.dns", "outbound|8080||auth.static", "outbound|8080|v1|auth.default.svc.cluster.local", "outbound|8080||s.DEFAULT-GROUP.public.nacos", "outbound|8080||s.dc1.consul"]) {
      assert.equal(http.resolve(name)?.href, "http://127.0.0.1:8080/", name);
    }
  });

  it("sends any other host to host:port, and ignores ?options", () => {
    assert.equal(http.resolve("outbound|8443||api.internal.test")?.href, "http://api.internal.test:8443/");
    assert.equal(new ClusterMap([], "redis:").resolve("outbound|6379||redis.dns?db=1")?.href, "redis://127.0.0.1:6379");
  });

  it("prefers a mapping by whole name or by host part", () => {
    assert.equal(http.resolve("outbound|443||auth.example.com")?.href, "http://127.0.0.1:9001/");
    assert.equal(http.resolve("outbound|80||exact.dns")?.href, "http://127.0.0.1:9002/");
  });

  it("leaves names it cannot place unmapped", () => {
    assert.equal(http.resolve("my-route-cluster"), null);
    assert.equal(http.resolve("outbound|0||auth.dns"), null);
  });

  it("refuses malformed flags", () => {
    assert.throws(() => parseMapping("--redis", "r.dns=http://127.0.0.1:6379", ["redis:"]), /--redis r.dns: the URL must start with redis:\/\//);
    assert.throws(() => parseMapping("--cluster", "=http://x", ["http:"]), /expects NAME=URL/);
  });
});

describe("RESP reply framing", () => {
  const end = (text) => replyEnd(Buffer.from(text), 0);

  it("finds the end of each kind of reply", () => {
    assert.equal(end("+OK\r\nextra"), 5);
    assert.equal(end("-ERR no\r\n"), 9);
    assert.equal(end(":42\r\n"), 5);
    assert.equal(end("$5\r\nhe\r\nl\r\n"), 11);
    assert.equal(end("$-1\r\n"), 5);
    assert.equal(end("*2\r\n:1\r\n$1\r\nx\r\n+next\r\n"), 15);
    assert.equal(end("*-1\r\n"), 5);
  });

  it("waits for the rest of an incomplete reply", () => {
    for (const partial of ["", "+OK", "$5\r\nhel", "*2\r\n:1\r\n", "*1\r\n$3\r\nab"]) assert.equal(end(partial), -1, JSON.stringify(partial));
  });

  it("refuses bytes that are not RESP", () => {
    assert.throws(() => end("HTTP/1.1 200 OK\r\n"), /unexpected RESP type/);
    assert.throws(() => end("$x\r\n"), /malformed RESP length/);
  });
});

describe("serve arguments", () => {
  it("takes repeated mappings, = forms and defaults", () => {
    const options = parseServeArgs(["--plugin", "p.wasm", "--upstream=http://127.0.0.1:8080", "--cluster", "a.dns=http://127.0.0.1:1", "--cluster=b.dns=http://127.0.0.1:2", "--redis", "r=redis://127.0.0.1:6379/2"]);
    assert.equal(options.port, 10000);
    assert.equal(options.host, "127.0.0.1");
    assert.equal(options.configPath, null);
    assert.equal(options.pluginLogLevel, "info");
    assert.deepEqual(options.clusters.map((m) => [m.name, m.url.href]), [["a.dns", "http://127.0.0.1:1/"], ["b.dns", "http://127.0.0.1:2/"]]);
    assert.equal(options.redis[0].url.pathname, "/2");
  });

  it("refuses unknown or repeated options and bad values", () => {
    const base = ["--plugin", "p.wasm", "--upstream", "http://127.0.0.1:8080"];
    assert.throws(() => parseServeArgs([...base, "--verbose"]), /Unknown option: --verbose/);
    assert.throws(() => parseServeArgs([...base, "--plugin", "q.wasm"]), /--plugin given more than once/);
    assert.throws(() => parseServeArgs([...base, "--port", "70000"]), /--port must be 0-65535/);
    assert.throws(() => parseServeArgs([...base, "--log-level", "loud"]), /unknown level "loud"/);
    assert.throws(() => parseServeArgs(["--plugin", "p.wasm", "--upstream", "redis://x"]), /must be an http/);
    assert.throws(() => parseServeArgs([...base, "--port"]), /--port needs a value/);
  });
});
