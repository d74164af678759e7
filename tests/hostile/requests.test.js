// Hostile requests against every example with its sample config: odd header names, huge values,
// many headers, bytes that are not UTF-8 in values, :path, :authority and bodies, bodies in a
// thousand chunks or of 10 MB, trailers with no body, odd responses.
// Each ends in a defined outcome: no trap, and the request goes on or gets a local reply.
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { iterations, runSeed, seeded } from "./seeded.js";
import { REQUEST, TARGETS, drive, wasmOf } from "./targets.js";

const SEED = runSeed(0x7e9_0e57);
const RANDOM_CASES = iterations(30);
const MB = 1 << 20;

const chunks = (count, size, fill = 0x61) => Array.from({ length: count }, () => new Uint8Array(size).fill(fill));
const without = (name) => REQUEST.filter(([k]) => k !== name);
const ascii = (text) => Array.from(text, (c) => c.charCodeAt(0));
/** Bytes that are not UTF-8, each between ASCII text: a lone 0xff, an overlong "/" (c0 af), an encoded surrogate (ed a0 80), then a 3-byte sequence cut off at the end. */
const NOT_UTF8 = Uint8Array.from([...ascii("a"), 0xff, ...ascii(".b"), 0xc0, 0xaf, ...ascii("c"), 0xed, 0xa0, 0x80, ...ascii("d"), 0xe2, 0x82]);
const notUtf8 = (prefix) => Uint8Array.from([...ascii(prefix), ...NOT_UTF8]);

const CASES = [
  { name: "upper-case, spaced, unicode and 10k-long header names", request: [...REQUEST, ["X-Upper", "1"], ["a b", "2"], ["ключ", "значение"], ["x".repeat(10_000), "3"], ["x-empty", ""]] },
  { name: "no :authority, no :path", request: without(":authority").filter(([k]) => k !== ":path") },
  { name: "no headers but :method", request: [[":method", "GET"]] },
  { name: "duplicated pseudo-headers", request: [...REQUEST, [":authority", "other.example.com"], [":path", "/second"]] },
  { name: "a 1 MB header value", request: [...REQUEST, ["x-big", "v".repeat(MB)]] },
  { name: "a 1 MB authority and path", request: [[":authority", "a".repeat(MB)], [":path", "/" + "p".repeat(MB)], [":method", "GET"]] },
  { name: "1,000 headers", request: [...REQUEST, ...Array.from({ length: 1000 }, (_, i) => [`x-h${i}`, `v${i}`])] },
  { name: "1,000 headers of the same name", request: [...REQUEST, ...Array.from({ length: 1000 }, (_, i) => ["x-same", `v${i}`])] },
  { name: "a request body in 1,000 chunks", request: [...REQUEST, ["content-type", "application/json"]], requestChunks: chunks(1000, 7) },
  { name: "a response body in 1,000 chunks", response: [[":status", "200"], ["content-type", "text/html"]], responseChunks: chunks(1000, 7) },
  { name: "a 10 MB request body", request: [...REQUEST, ["content-type", "application/json"], ["content-length", String(10 * MB)]], requestChunks: chunks(10, MB) },
  { name: "a 10 MB response body", response: [[":status", "200"], ["content-type", "text/plain"]], responseChunks: chunks(10, MB) },
  { name: "empty body chunks", requestChunks: [new Uint8Array(0), new Uint8Array(0)], responseChunks: [new Uint8Array(0)] },
  { name: "request trailers with no body", requestTrailers: [["grpc-status", "0"], ["x-t", "1"]] },
  { name: "response trailers with no body", responseTrailers: [["grpc-status", "13"]] },
  { name: "a content-length that is not a number", request: [...REQUEST, ["content-length", "12abc"]], requestChunks: chunks(1, 5) },
  { name: "a content-length beyond 2^63", request: [...REQUEST, ["content-length", "99999999999999999999999"]], requestChunks: chunks(1, 5) },
  { name: "a response without :status", response: [["content-type", "text/plain"]] },
  { name: "a response status that is not a number", response: [[":status", "abc"]] },
  { name: "a HEAD request", request: [[":authority", "a"], [":path", "/"], [":method", "HEAD"]] },
  { name: "a websocket upgrade", request: [...REQUEST, ["connection", "Upgrade"], ["upgrade", "websocket"]], requestChunks: chunks(3, 10) },
  { name: "header values that are not UTF-8", request: [...REQUEST, ["x-raw", NOT_UTF8], ["authorization", notUtf8("Bearer ")], ["content-type", notUtf8("application/json;")], ["user-agent", Uint8Array.of(0xff)]] },
  { name: ":path and :authority that are not UTF-8", request: [[":authority", notUtf8("shop.")], [":path", notUtf8("/orders/")], [":method", "GET"], [":scheme", "https"]] },
  { name: "a response with header values that are not UTF-8", response: [[":status", "200"], ["content-type", notUtf8("text/html;")], ["x-raw", NOT_UTF8]] },
  { name: "request and response bodies that are not UTF-8, split inside a sequence", request: [...REQUEST, ["content-type", "application/json"]], requestChunks: [Uint8Array.from([...ascii('{"a":"'), 0xe2]), Uint8Array.from([0x82, 0xff, ...ascii('"}')]), NOT_UTF8], response: [[":status", "200"], ["content-type", "text/html"]], responseChunks: [NOT_UTF8, Uint8Array.of(0xf0, 0x9f), Uint8Array.of(0x98)] },
  { name: "invalid UTF-8 in request trailers", requestChunks: [NOT_UTF8], requestTrailers: [["x-t", NOT_UTF8]], responseTrailers: [["grpc-message", NOT_UTF8]] },
  { name: "a gRPC request", request: [...REQUEST, ["content-type", "application/grpc"]], requestChunks: chunks(2, 10), requestTrailers: [["grpc-timeout", "1S"]] },
];

function randomPlan(rng) {
  const header = () => [rng.pick(["x-a", "authorization", "content-type", "content-length", "x-" + "n".repeat(rng.int(1, 100)), ":path", "cookie"]), rng.pick(["", "1", "Bearer x", "application/json", "-1", "%zz", NOT_UTF8, "v".repeat(rng.int(0, 5000))])];
  const someChunks = () => Array.from({ length: rng.int(0, 5) }, () => rng.bytes(rng.int(0, 2000)));
  return {
    request: [...REQUEST.slice(0, rng.int(0, REQUEST.length)), ...Array.from({ length: rng.int(0, 20) }, header)],
    requestChunks: someChunks(),
    requestTrailers: rng.bool() ? [header()] : undefined,
    response: [[":status", String(rng.pick([200, 204, 301, 404, 500, 0, 999]))], ...Array.from({ length: rng.int(0, 5) }, header)],
    responseChunks: someChunks(),
    responseTrailers: rng.bool() ? [header()] : undefined,
  };
}

for (const target of TARGETS) {
  describe(`${target.name}: hostile requests`, () => {
    let host;
    before(async () => {
      // One VM for every case, as a worker serves one request after another.
      host = await MockHost.create(await wasmOf(target), { config: target.config, pluginName: target.name });
    });

    for (const plan of CASES) {
      it(plan.name, () => drive(host, `${target.name}, ${plan.name}`, plan));
    }

    it(`random requests and responses (seed ${SEED}, ${RANDOM_CASES} cases)`, () => {
      const rng = seeded(SEED);
      for (let i = 0; i < RANDOM_CASES; i++) drive(host, `${target.name}, random #${i}`, randomPlan(rng));
    });
  });
}
