// Plugin configurations an attacker or a careless operator could hand a plugin: malformed and
// random JSON, every key of a sample config with every wrong type, sizes and depths no config
// should have, bytes that are not UTF-8, duplicate keys and junk `_rules_`. Each case is
// { name, config, key? } where config is a string or raw bytes and key the member it corrupts.

const encoder = new TextEncoder();

const WRONG_VALUES = [
  ["a string", '"x"'],
  ["an empty string", '""'],
  ["a negative number", "-1"],
  ["zero", "0"],
  ["a huge number", "1e308"],
  ["a fraction", "0.5"],
  ["true", "true"],
  ["null", "null"],
  ["an array", '["a",1]'],
  ["an object", '{"a":1}'],
];

// Every member path of a sample config (nested objects included), as key lists.
function memberPaths(value, prefix = []) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...memberPaths(item, [...prefix, key])]);
}

function withRaw(sample, path, raw) {
  const marker = "\u0000hostile\u0000";
  const copy = structuredClone(sample);
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path.at(-1)] = marker;
  return JSON.stringify(copy).replace(JSON.stringify(marker), raw);
}

/** Each member of `sample` replaced by each value of the wrong type (and by nothing). */
export function wrongTypes(sample) {
  const cases = [];
  for (const path of memberPaths(sample)) {
    for (const [what, raw] of WRONG_VALUES) {
      cases.push({ name: `${path.join(".")} = ${what}`, config: withRaw(sample, path, raw), key: path.at(-1) });
    }
    const copy = structuredClone(sample);
    let at = copy;
    for (const key of path.slice(0, -1)) at = at[key];
    delete at[path.at(-1)];
    cases.push({ name: `${path.join(".")} missing`, config: JSON.stringify(copy), key: path.at(-1) });
  }
  return cases;
}

/** Sizes, depths and encodings no config should have, around a sample config. */
export function extremes(sample) {
  const text = JSON.stringify(sample);
  const firstKey = Object.keys(sample)[0] ?? "k";
  const replaced = (raw) => withRaw(sample, [firstKey], raw);
  const deep = (n, open, close) => open.repeat(n) + close.repeat(n);
  const rawBytes = (before, bytes, after) => Uint8Array.from([...encoder.encode(before), ...bytes, ...encoder.encode(after)]);
  return [
    { name: "empty", config: "" },
    { name: "whitespace only", config: " \n\t " },
    { name: "a JSON string, not an object", config: '"config"' },
    { name: "a JSON array, not an object", config: "[1,2]" },
    { name: "null", config: "null" },
    { name: "a 1 MB string value", config: replaced(JSON.stringify("x".repeat(1 << 20))), key: firstKey },
    { name: "a 100k-digit number", config: replaced("9".repeat(100_000)), key: firstKey },
    { name: "a 100k-digit fraction", config: replaced("0." + "1".repeat(100_000)), key: firstKey },
    { name: "an exponent of 100k digits", config: replaced("1e" + "9".repeat(100_000)), key: firstKey },
    { name: "arrays nested 132 deep", config: replaced(deep(132, "[", "]")), key: firstKey },
    { name: "arrays nested 10k deep", config: replaced(deep(10_000, "[", "]")), key: firstKey },
    { name: "objects nested 10k deep", config: replaced(deep(10_000, '{"a":', "}").replace(/:\}/, ":1}")), key: firstKey },
    { name: "unclosed nesting 10k deep", config: "[".repeat(10_000) },
    { name: "a 100k-member array", config: replaced(`[${"1,".repeat(99_999)}1]`), key: firstKey },
    { name: "invalid UTF-8 in a string", config: rawBytes(`{"${firstKey}":"caf`, [0xe9], '","other":false}') },
    { name: "a lone continuation byte", config: rawBytes(`{"${firstKey}":"`, [0x80], '"}') },
    { name: "an overlong encoding", config: rawBytes(`{"${firstKey}":"`, [0xc0, 0xaf], '"}') },
    { name: "a UTF-16 surrogate encoded in UTF-8", config: rawBytes(`{"${firstKey}":"`, [0xed, 0xa0, 0x80], '"}') },
    { name: "invalid UTF-8 in a key", config: rawBytes('{"', [0xff, 0xfe], `":1,${text.slice(1)}`) },
    { name: "a NUL byte in a string", config: rawBytes(`{"${firstKey}":"a`, [0], 'b"}') },
    { name: "a lone surrogate escape", config: replaced('"\\ud800"'), key: firstKey },
    { name: "duplicate keys", config: `{${text.slice(1, -1)}${text.length > 2 ? "," : ""}${text.slice(1)}` },
    { name: "trailing garbage", config: `${text} x` },
    { name: "two documents", config: `${text}${text}` },
    { name: "a byte-order mark", config: rawBytes("", [0xef, 0xbb, 0xbf], text) },
    { name: "_rules_ not an array", config: JSON.stringify({ ...sample, _rules_: { _match_route_: ["r"] } }) },
    { name: "_rules_ of non-objects", config: JSON.stringify({ ...sample, _rules_: [1, "a", null] }) },
    { name: "a rule without match keys", config: JSON.stringify({ ...sample, _rules_: [{ ...sample }] }) },
    { name: "a rule with empty match lists", config: JSON.stringify({ ...sample, _rules_: [{ ...sample, _match_route_: [], _match_domain_: [] }] }) },
    { name: "a rule with non-string matches", config: JSON.stringify({ ...sample, _rules_: [{ ...sample, _match_domain_: [1, null, {}], _match_route_: "r" }] }) },
    { name: "1,000 rules", config: JSON.stringify({ ...sample, _rules_: Array.from({ length: 1000 }, (_, i) => ({ ...sample, _match_route_: [`r${i}`] })) }) },
    { name: "a _plugin_id_ of the wrong type", config: JSON.stringify({ ...sample, _plugin_id_: { a: 1 } }) },
  ];
}

/** A random JSON value, up to `depth` levels, from `rng`. */
export function randomJson(rng, depth = 4) {
  const kind = rng.int(0, depth > 0 ? 7 : 4);
  switch (kind) {
    case 0: return null;
    case 1: return rng.bool();
    case 2: return rng.int(-1e6, 1e6) / rng.pick([1, 1, 7, 1000]);
    case 3: return rng.pick(["", "a", "é", "😀", "\\", '"', "x".repeat(rng.int(0, 300))]);
    case 4: return rng.pick([0, -0, 65535, 65536, 2 ** 53, -(2 ** 63)]);
    case 5:
    case 6: return Array.from({ length: rng.int(0, 5) }, () => randomJson(rng, depth - 1));
    default: {
      const object = {};
      for (let i = rng.int(0, 6); i > 0; i--) object[rng.pick(["a", "_rules_", "_match_route_", "serviceName", "servicePort", "limit", "content", "mockEnable", "timeout", "k" + i])] = randomJson(rng, depth - 1);
      return object;
    }
  }
}

/** Malformed variants of a valid document: cut short, a byte changed, junk inserted. */
export function malformed(rng, text) {
  const bytes = encoder.encode(text);
  const at = rng.int(0, Math.max(0, bytes.length - 1));
  switch (rng.int(0, 3)) {
    case 0: return bytes.slice(0, at);
    case 1: {
      const copy = bytes.slice();
      copy[at] = rng.int(0, 255);
      return copy;
    }
    case 2: return Uint8Array.from([...bytes.slice(0, at), ...encoder.encode(rng.pick(["{", "}", "[", "]", ",", ":", '"', "\\", "\\u12", "tru", "-", "1e", "/*"])), ...bytes.slice(at)]);
    default: return Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + 1)]);
  }
}
