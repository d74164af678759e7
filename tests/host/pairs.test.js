// The pair serialization Envoy uses for maps, and its strict parser (silently empty on any error).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_PAIRS, MAX_PAIRS_BYTES, parsePairs, serializePairs } from "../../dist/host/pairs.js";

const bytes = (...parts) => Uint8Array.from(parts.flat());
const u32 = (n) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];

describe("pairs", () => {
  it("serializes count, sizes, then NUL-terminated keys and values", () => {
    assert.deepEqual(serializePairs([["a", "1"], ["bc", ""]]), bytes(u32(2), u32(1), u32(1), u32(2), u32(0), [0x61, 0, 0x31, 0], [0x62, 0x63, 0, 0]));
    assert.deepEqual(parsePairs(serializePairs([["a", "1"], ["bc", ""]])), [["a", bytes([0x31])], ["bc", bytes([])]]);
  });

  it("keeps value bytes that are not UTF-8 exactly, both ways", () => {
    const value = bytes([0x61, 0xff, 0xc0, 0xaf, 0xe2, 0x82]);
    const wire = serializePairs([["k", value]]);
    assert.deepEqual(wire.subarray(4 + 8 + 2, 4 + 8 + 2 + value.length), value);
    assert.deepEqual(parsePairs(wire), [["k", value]]);
  });

  it("serializes an empty list as an empty buffer", () => {
    assert.equal(serializePairs([]).length, 0);
    assert.deepEqual(parsePairs(new Uint8Array(0)), []);
  });

  it("yields an empty list for a missing NUL, a size mismatch, or a truncated header", () => {
    const good = serializePairs([["a", "1"]]);
    const missingNul = good.slice();
    missingNul[missingNul.length - 1] = 0x32;
    assert.deepEqual(parsePairs(missingNul), []);
    assert.deepEqual(parsePairs(bytes(good, [0])), []);
    assert.deepEqual(parsePairs(good.subarray(0, good.length - 1)), []);
    assert.deepEqual(parsePairs(bytes(u32(5))), []);
    assert.deepEqual(parsePairs(bytes([1, 0])), []);
  });

  it("caps input at 1024 pairs and 1 MiB", () => {
    const many = Array.from({ length: MAX_PAIRS }, (_, i) => [`k${i}`, "v"]);
    assert.equal(parsePairs(serializePairs(many)).length, MAX_PAIRS);
    assert.deepEqual(parsePairs(serializePairs([...many, ["one", "more"]])), []);
    const big = "x".repeat(MAX_PAIRS_BYTES - 4 - 8 - 1 - 2);
    assert.equal(parsePairs(serializePairs([["k", big]])).length, 1);
    assert.deepEqual(parsePairs(serializePairs([["k", `${big}x`]])), []);
  });
});
