// Hostile callout replies against the examples that call out: malformed, truncated and huge
// replies, failures and timeouts (Envoy turns a timeout into a 504 reply), replies that come after
// the request is gone, in another order, or never. Each request ends in a defined outcome.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { iterations, runSeed, seeded } from "./seeded.js";
import { REQUEST, TARGETS, answerCallouts, assertEnded, wasmOf } from "./targets.js";

const SEED = runSeed(0xca110);
const RANDOM_CASES = iterations(40);
const MB = 1 << 20;
const bytes = (...parts) => Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

const HTTP_REPLIES = [
  { name: "200", headers: [[":status", "200"]] },
  { name: "403", headers: [[":status", "403"]], body: "no" },
  { name: "a timeout (504, as Envoy reports it)", headers: [[":status", "504"], ["content-type", "text/plain"]], body: "upstream request timeout" },
  { name: "no healthy upstream (503)", headers: [[":status", "503"]], body: "no healthy upstream" },
  { name: "no :status", headers: [["content-type", "text/plain"]] },
  { name: "a :status that is not a number", headers: [[":status", "abc"]] },
  { name: "a :status out of range", headers: [[":status", "99999999999"]] },
  { name: "a 10 MB body", headers: [[":status", "200"]], body: new Uint8Array(10 * MB).fill(0x41) },
  { name: "a body that is not UTF-8", headers: [[":status", "200"]], body: bytes([0xff, 0xfe, 0xc0, 0x80]) },
  { name: "1,000 headers", headers: [[":status", "200"], ...Array.from({ length: 1000 }, (_, i) => [`x-${i}`, "v"])] },
  { name: "a 1 MB header value", headers: [[":status", "200"], ["x-big", "v".repeat(MB)]] },
  { name: "trailers", headers: [[":status", "200"]], trailers: [["grpc-status", "2"]] },
];

const deepArray = (n) => "*1\r\n".repeat(n) + ":1\r\n";
const REDIS_REPLIES = [
  ":1\r\n", ":4\r\n", ":-1\r\n", ":99999999999999999999999\r\n", "+OK\r\n", "-ERR wrong\r\n",
  "-NOAUTH Authentication required.\r\n", "$-1\r\n", "*-1\r\n", "*0\r\n", "$3\r\n123\r\n", "garbage", "", ":12",
  "$5\r\nab", "*3\r\n:1\r\n", "*-5\r\n", "$-7\r\n", ":\r\n", "_\r\n", deepArray(64), deepArray(10_000),
  `*12000\r\n${":1\r\n".repeat(12_000)}`, `$${10 * MB}\r\n${"x".repeat(10 * MB)}\r\n`, bytes(":", [0xff], "\r\n"),
];

// A request of a fresh stream that the plugin holds while its callout is out.
function held(host) {
  host.initHttp();
  host.callOnHttpRequestHeaders(REQUEST, { endOfStream: true });
  assert.equal(host.vmFailure, null);
  return host.currentHttpContextId;
}

const unanswered = (host, kind) => (kind === "http" ? host.getHttpCalloutAttributes() : host.getRedisCalloutAttributes()).filter((c) => !c.answered);

function answer(host, kind, reply) {
  const [call] = unanswered(host, kind);
  assert.ok(call !== undefined, "the plugin made no callout");
  if (kind === "http") {
    if (reply === "fail") host.failHttpCall(call.token);
    else host.callOnHttpCall(reply.headers, reply.body ?? "", reply.trailers ?? [], call.token);
  } else if (reply === "fail") host.callOnRedisCall(1, "", call.token);
  else host.callOnRedisCall(0, reply, call.token);
}

const describeReply = (reply) => (reply === "fail" ? "a failure" : typeof reply === "string" ? JSON.stringify(reply.length > 40 ? `${reply.slice(0, 40)}…` : reply) : reply.name ?? `${reply.length} bytes`);

for (const target of TARGETS.filter((t) => t.callout !== "none")) {
  const kind = target.callout;
  const replies = [...(kind === "http" ? HTTP_REPLIES : REDIS_REPLIES), "fail"];

  describe(`${target.name}: hostile ${kind} callout replies`, () => {
    let host;
    before(async () => {
      host = await MockHost.create(await wasmOf(target), { config: target.config, pluginName: target.name });
      assert.equal(host.startStatus, "ok");
    });

    for (const reply of replies) {
      it(`ends the request on ${describeReply(reply)}`, () => {
        held(host);
        answer(host, kind, reply);
        // A reply can make the plugin call again (Redis NOAUTH: log in again and resend).
        answerCallouts(host);
        assertEnded(host, `${target.name}, ${describeReply(reply)}`);
      });
    }

    it("a reply after the request is gone is dropped without a trap", () => {
      held(host);
      host.completeHttp();
      answer(host, kind, replies[0]);
      assert.equal(host.vmFailure, null);
    });

    it("a reply that never comes leaves nothing paused once the client goes away", () => {
      held(host);
      host.completeHttp();
      assert.equal(host.vmFailure, null);
      // Drain it, so the next cases start with no call out.
      answer(host, kind, "fail");
      assert.equal(host.vmFailure, null);
    });

    it("replies in the reverse order of the requests reach their own requests", () => {
      const first = held(host);
      const second = held(host);
      const [a, b] = unanswered(host, kind);
      if (kind === "http") {
        host.callOnHttpCall([[":status", "403"]], "", [], b.token);
        host.callOnHttpCall([[":status", "200"]], "", [], a.token);
      } else {
        host.callOnRedisCall(0, "*2\r\n:999999\r\n:30\r\n", b.token);
        host.callOnRedisCall(0, "*2\r\n:1\r\n:30\r\n", a.token);
      }
      host.setCurrentHttpContext(second);
      assert.notEqual(host.getLocalResponse(), null, "the refused request got its own reply");
      assertEnded(host, "second");
      host.setCurrentHttpContext(first);
      assert.equal(host.getLocalResponse(), null, "the allowed request is not refused by the other's reply");
      assertEnded(host, "first");
    });

    it(`random replies (seed ${SEED}, ${RANDOM_CASES} cases)`, () => {
      const rng = seeded(SEED);
      for (let i = 0; i < RANDOM_CASES; i++) {
        held(host);
        let reply;
        if (kind === "http") {
          reply = { name: `random #${i}`, headers: [[":status", String(rng.pick([200, 401, 500, 0, -1, 1e6]))], ...Array.from({ length: rng.int(0, 10) }, () => [`x-${rng.int(0, 9)}`, "v".repeat(rng.int(0, 100))])], body: rng.bytes(rng.int(0, 3000)) };
        } else {
          const valid = rng.pick(REDIS_REPLIES.filter((r) => typeof r === "string" && r.length < 100));
          reply = rng.bool() ? valid : bytes(valid.slice(0, rng.int(0, valid.length)), rng.bytes(rng.int(0, 20)));
        }
        answer(host, kind, reply);
        answerCallouts(host);
        assertEnded(host, `${target.name}, random #${i}`);
      }
    });
  });
}
