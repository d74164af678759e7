// Hostile and careless plugin configurations through SetCtx in MockHost: each ends in a defined
// outcome (the plugin starts, or configure fails with one line naming the plugin and the reason),
// never a trap. The sizes are large enough that a quadratic step would take minutes; what is
// asserted is the result, never a time.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];
const errorLines = (host) => [...host.getErrorLogs(), ...host.getCriticalLogs()];
const utf8 = (text) => new TextEncoder().encode(text);

let override;
let raw;
before(async () => {
  [override, raw] = await Promise.all(["override", "raw"].map((name) =>
    compile([`tests/fixtures/setctx/${name}.ts`], ["--config", "asconfig.json"])));
});

function request(host) {
  host.initHttp();
  host.callOnHttpRequestHeaders([[":authority", "a"], [":path", "/"], [":method", "GET"]], { endOfStream: true });
  const headers = host.getRequestHeaders();
  host.completeHttp();
  return { name: value(headers, "x-config-name"), limit: value(headers, "x-config-limit") };
}

async function started(config) {
  const host = await MockHost.create(override, { config });
  assert.equal(host.startStatus, "ok", errorLines(host).join("\n"));
  return host;
}

// Configure must fail cleanly with exactly one error line that names the plugin and holds `reason`.
async function refused(config, reason) {
  const host = await MockHost.create(override, { config });
  assert.equal(host.startStatus, "configure-failed");
  assert.equal(host.vmFailed, false);
  const lines = errorLines(host);
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], /\[override\]/);
  assert.ok(lines[0].includes(reason), lines[0]);
  return host;
}

// `{"name":"deep","deep":[[...]]}` with the whole document `depth` levels deep.
function nested(depth) {
  return `{"name":"deep","deep":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
}

describe("nesting depth", () => {
  for (const depth of [132, 512]) {
    it(`starts with a config ${depth} levels deep`, async () => {
      assert.equal(request(await started(nested(depth))).name, "deep");
    });
  }

  for (const depth of [513, 10_000]) {
    it(`refuses a config ${depth} levels deep, naming the offset of the first bracket too many`, async () => {
      const text = nested(depth);
      const offset = text.indexOf("[") + 511; // the object is level 1, so this '[' opens level 513
      await refused(text, `invalid JSON at offset ${offset}: nesting deeper than 512 levels`);
    });
  }

  it("refuses 10,000 levels of objects as well", async () => {
    await refused(`{"a":`.repeat(10_000) + "1" + "}".repeat(10_000), "invalid JSON at offset 2560: nesting deeper than 512 levels");
  });
});

describe("bytes that are not UTF-8", () => {
  const bytes = (...parts) => {
    const chunks = parts.map((p) => (typeof p === "string" ? utf8(p) : Uint8Array.from(p)));
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  };

  for (const [label, config, reason] of [
    ["a Latin-1 byte in a string", bytes('{"name":"caf', [0xe9], '","limit":1}'), "offset 12: invalid UTF-8 sequence starting with byte 0xe9"],
    ["0xff in a value", bytes('{"name":"auth', [0xff], '.dns"}'), "offset 13: invalid UTF-8 sequence starting with byte 0xff"],
    ["a lone continuation byte", bytes('{"name":"', [0x80], '"}'), "offset 9: invalid UTF-8 sequence starting with byte 0x80"],
    ["an overlong encoding", bytes('{"name":"', [0xc0, 0xaf], '"}'), "offset 9: invalid UTF-8 sequence starting with byte 0xc0"],
    ["an encoded surrogate", bytes('{"name":"', [0xed, 0xa0, 0x80], '"}'), "offset 9: invalid UTF-8 sequence starting with byte 0xed"],
    ["a code point past U+10FFFF", bytes('{"name":"', [0xf4, 0x90, 0x80, 0x80], '"}'), "offset 9: invalid UTF-8 sequence starting with byte 0xf4"],
    ["a truncated sequence in a key", bytes('{"na', [0xe2, 0x82], '":1}'), "offset 4: invalid UTF-8 sequence starting with byte 0xe2"],
    ["a byte outside any string", bytes("{", [0xe9], "}"), "offset 1: unexpected byte 0xe9, expected a string key"],
  ]) {
    it(`refuses ${label}, naming its byte offset`, async () => {
      await refused(config, `not a valid json: invalid JSON at ${reason}`);
    });
  }

  it("reads well-formed multi-byte UTF-8 as it is", async () => {
    const host = await started(utf8('{"name":"caf\u00e9 \u20ac \u{1d11e}","limit":2}'));
    assert.deepEqual(request(host), { name: "caf\u00e9 \u20ac \u{1d11e}", limit: "2" });
  });
});

describe("large values", () => {
  it("reads a 1 MB string, escapes included, and the keys after it", async () => {
    const blob = "ab\\n\\u00e9\\\"".repeat(100_000); // 1.2 MB of JSON text, 500,000 characters
    const host = await started(`{"blob":"${blob}","name":"after","limit":3}`);
    assert.deepEqual(request(host), { name: "after", limit: "3" });
  });

  it("reads a 1 MB name", async () => {
    const name = "n".repeat(1 << 20);
    const { name: read } = request(await started({ name }));
    assert.equal(read.length, 1 << 20);
    assert.equal(read, name);
  });

  it("reads a 100,000-digit integer, wrapping past 64 bits as gjson does", async () => {
    const digits = "1234567890".repeat(10_000);
    const host = await started(`{"name":"big","limit":${digits}}`);
    assert.equal(request(host).limit, BigInt.asIntN(64, BigInt(digits)).toString());
  });

  it("reads a 100,000-digit fraction and an absurd exponent", async () => {
    const fraction = `0.${"1234567890".repeat(10_000)}`;
    assert.equal(request(await started(`{"limit":${fraction}}`)).limit, "0");
    assert.equal(request(await started(`{"limit":-${fraction}e99999999999999999999}`)).limit, "-9223372036854775808");
  });

  it("strips _plugin_id_ from a config of 20,000 members", async () => {
    const members = Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(",");
    const text = `{"_plugin_id_":"p","name":"many",${members}}`;
    const host = await MockHost.create(raw, { config: text });
    assert.equal(host.startStatus, "ok");
    assert.equal(request(host).name, `{"name":"many",${members}}`);
  });
});

describe("keys and types", () => {
  it("takes the first of duplicate keys, as gjson's Get does", async () => {
    assert.deepEqual(request(await started('{"name":"first","limit":1,"name":"second","limit":2}')), { name: "first", limit: "1" });
  });

  it("starts on an empty or blank config", async () => {
    for (const config of ["", " \n\t\r ", new Uint8Array(0)]) assert.equal(request(await started(config)).name, "");
  });

  it("converts values of other types the way gjson does", async () => {
    assert.deepEqual(request(await started('{"name":5,"limit":"12"}')), { name: "5", limit: "12" });
    assert.deepEqual(request(await started('{"name":{"a":[1, 2]},"limit":true}')), { name: '{"a":[1, 2]}', limit: "1" });
    assert.deepEqual(request(await started('{"name":1.50e1,"limit":-7.9}')), { name: "15", limit: "-7" });
    assert.deepEqual(request(await started('{"name":null,"limit":[3]}')), { name: "", limit: "0" });
  });

  for (const [label, config, reason] of [
    ["a document that is not an object", "[1, 2]", "must be a JSON object"],
    ["a bare string", '"name"', "must be a JSON object"],
    ["_rules_ that is a string", '{"_rules_":"all"}', "'_rules_' must be an array"],
    ["a rule that is a number", '{"_rules_":[7]}', "rule 0 of '_rules_' is not an object"],
    ["a rule whose match list is empty", '{"_rules_":[{"_match_route_":[]}]}', "with a non-empty entry, but '_match_route_' is []"],
    ["a rule whose match keys hold only empty strings or null", '{"_rules_":[{"_match_route_":[""],"_match_service_":null}]}',
      `but '_match_route_' is [""] and '_match_service_' is null`],
    ["a trailing comma", '{"name":"x",}', "invalid JSON at offset 12: unexpected '}', expected a string key"],
  ]) {
    it(`refuses ${label}`, async () => {
      await refused(config, reason);
    });
  }
});
