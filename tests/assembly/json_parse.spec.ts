import { JsonResult } from "../../assembly/json/json_result";
import { JsonParsed, parseJson, parseJsonBytes } from "../../assembly/json/json_parse";
import { MarshalStr, UnmarshalStr } from "../../assembly/json/json_text";
import { parseDecimal } from "../../assembly/strconv/atof";

// The sizes below are ones a quadratic step would need minutes for; what is asserted is the
// result, never a time.

function bytesOf(parts: u8[]): ArrayBuffer {
  const out = new Uint8Array(parts.length);
  for (let i = 0; i < parts.length; i++) out[i] = parts[i];
  return out.buffer;
}

// `"` + the bytes + `"` as a document.
function quoted(parts: u8[]): JsonParsed {
  const all: u8[] = [0x22];
  for (let i = 0; i < parts.length; i++) all.push(parts[i]);
  all.push(0x22);
  return parseJsonBytes(bytesOf(all));
}

function doc(text: string): JsonResult {
  const parsed = parseJson(text);
  if (!parsed.ok) trace("unexpected parse error: " + parsed.error);
  expect(parsed.ok).toBe(true);
  return parsed.value;
}

describe("UTF-8", () => {
  it("accepts every well-formed sequence at the edges of RFC 3629's ranges", () => {
    expect(quoted([0xc2, 0x80]).value.String()).toBe("\u0080");
    expect(quoted([0xdf, 0xbf]).value.String()).toBe("\u07ff");
    expect(quoted([0xe0, 0xa0, 0x80]).value.String()).toBe("\u0800");
    expect(quoted([0xed, 0x9f, 0xbf]).value.String()).toBe("\ud7ff");
    expect(quoted([0xee, 0x80, 0x80]).value.String()).toBe("\ue000");
    expect(quoted([0xef, 0xbf, 0xbf]).value.String()).toBe("\uffff");
    expect(quoted([0xf0, 0x90, 0x80, 0x80]).value.String()).toBe("\u{10000}");
    expect(quoted([0xf4, 0x8f, 0xbf, 0xbf]).value.String()).toBe("\u{10ffff}");
    // With an escape in the same string, the other decoding path.
    expect(quoted([0x5c, 0x6e, 0xf0, 0x9d, 0x84, 0x9e, 0xc3, 0xa9]).value.String()).toBe("\n\u{1d11e}é");
  });

  it("refuses each malformed sequence with the offset of its first byte", () => {
    const cases: u8[][] = [
      [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf],
      [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xf0, 0x9d, 0x84],
      [0xc3, 0x41], [0xe2, 0x28, 0xa1],
    ];
    for (let i = 0; i < cases.length; i++) {
      const parts: u8[] = [0x61, 0x62]; // "ab" first, so the offset is 3 counting the quote
      for (let k = 0; k < cases[i].length; k++) parts.push(cases[i][k]);
      const parsed = quoted(parts);
      expect(parsed.ok).toBe(false);
      expect(parsed.error).toBe("invalid JSON at offset 3: invalid UTF-8 sequence starting with byte 0x" + cases[i][0].toString(16));
    }
  });

  it("refuses a Latin-1 config instead of swallowing the characters after it", () => {
    // {"content":"caf\xe9","mockEnable":false}
    const text = String.UTF8.encode(`{"content":"caf?","mockEnable":false}`);
    store<u8>(changetype<usize>(text) + 15, 0xe9);
    const parsed = parseJsonBytes(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.error).toBe("invalid JSON at offset 15: invalid UTF-8 sequence starting with byte 0xe9");
  });
});

describe("depth", () => {
  it("refuses 10,000 levels of arrays, objects and a mix, without a trap", () => {
    const arrays = parseJson("[".repeat(10000) + "]".repeat(10000));
    expect(arrays.error).toBe("invalid JSON at offset 512: nesting deeper than 512 levels");
    const objects = parseJson(`{"a":`.repeat(10000) + "null" + "}".repeat(10000));
    expect(objects.error).toBe("invalid JSON at offset 2560: nesting deeper than 512 levels");
    const mixed = parseJson(`[{"a":`.repeat(5000));
    expect(mixed.error).toBe("invalid JSON at offset 1536: nesting deeper than 512 levels");
  });

  it("builds 512 levels of a mix, each container with its own span", () => {
    const root = doc(`[{"a":`.repeat(256) + "1" + "}]".repeat(256));
    let path = "";
    for (let i = 0; i < 256; i++) path += i == 0 ? "0.a" : ".0.a";
    expect(root.Get(path).Int()).toBe(1);
    expect(root.Get("0.a").Raw()).toBe(`[{"a":`.repeat(255) + "1" + "}]".repeat(255));
  });
});

describe("sizes", () => {
  it("reads a 1 MB string once, with and without escapes", () => {
    const plain = "x".repeat(1 << 20);
    expect(doc(`{"s":"` + plain + `"}`).Get("s").String()).toBe(plain);
    const escaped = doc(`"` + "\\n\\u00e9\\ud834\\udd1e\\\"".repeat(50000) + `"`).String();
    expect(escaped.length).toBe(250000);
    expect(escaped).toBe("\né\u{1d11e}\"".repeat(50000));
  });

  it("reads a 100,000-digit integer as gjson does", () => {
    const digits = "1234567890".repeat(10000);
    const n = doc(digits);
    expect(n.Raw()).toBe(digits);
    expect(n.String()).toBe(digits);
    expect(n.Int()).toBe(integerWrapped(digits));
    expect(n.Uint()).toBe(<u64>integerWrapped(digits));
    expect(n.Float()).toBe(Infinity);
    expect(n.Bool()).toBe(true);
  });

  it("reads 100,000-digit fractions and exponents", () => {
    const fraction = doc("0." + "3".repeat(100000));
    expect(fraction.String()).toBe("0.3333333333333333");
    expect(fraction.Int()).toBe(0);
    const tiny = doc("1e-" + "9".repeat(100000));
    expect(tiny.Float()).toBe(0.0);
    expect(tiny.Bool()).toBe(false);
    expect(tiny.String()).toBe("0");
    const huge = doc("-1e" + "9".repeat(100000));
    expect(huge.String()).toBe("-Inf");
    expect(huge.Int()).toBe(i64.MIN_VALUE);
  });

  it("keeps 100,000 members, the first of each duplicate", () => {
    const parts = new Array<string>();
    for (let i = 0; i < 100000; i++) parts.push(`"k` + (i % 50000).toString() + `":` + i.toString());
    const root = doc("{" + parts.join(",") + "}");
    expect(root.Keys().length).toBe(50000);
    expect(root.Get("k49999").Int()).toBe(49999);
    expect(root.Get("k7").Int()).toBe(7);
  });

  it("escapes and unescapes 1 MB of characters that all need escaping", () => {
    const text = "\"\\\n\u0001".repeat(1 << 18);
    const escaped = MarshalStr(text);
    expect(escaped.length).toBe((2 + 2 + 2 + 6) << 18);
    expect(escaped.substring(0, 12)).toBe("\\\"\\\\\\n\\u0001");
    expect(UnmarshalStr(escaped)).toBe(text);
  });
});

// What gjson's parseInt gives for integer text: the digits accumulated with 64-bit wrap-around.
function integerWrapped(digits: string): i64 {
  let v: i64 = 0;
  for (let i = 0; i < digits.length; i++) v = v * 10 + <i64>(digits.charCodeAt(i) - 0x30);
  return v;
}

describe("String() of number literals (Go's FormatFloat 'f', -1)", () => {
  it("gives the fewest digits that read back as the value", () => {
    const cases: string[][] = [
      ["0.30000000000000001", "0.3"],
      ["1.00000000000000000001", "1"],
      ["123456789.123456789123", "123456789.12345679"],
      ["3.141592653589793238462643383279", "3.141592653589793"],
      ["-2.718281828459045235360287", "-2.718281828459045"],
      ["2.9999999999999996", "2.9999999999999996"],
      ["2.99999999999999996", "3"],
      ["9007199254740993.5", "9007199254740994"],
      ["1e23", "100000000000000000000000"],
      ["8.41e21", "8410000000000000000000"],
      ["0.0e5", "0"],
      ["-0e-5", "-0"],
      ["99.99e-2", "0.9999"],
      ["1.7976931348623157e308", "17976931348623157" + "0".repeat(292)],
      ["1.7976931348623159e308", "+Inf"],
      ["2.2250738585072014e-308", "0." + "0".repeat(307) + "22250738585072014"],
      ["5e-324", "0." + "0".repeat(323) + "5"],
      ["0.1e-310", "0." + "0".repeat(310) + "1"],
      ["4.35e-320", "0." + "0".repeat(319) + "435"],
      ["1e-400", "0"],
    ];
    for (let i = 0; i < cases.length; i++) expect(doc(cases[i][0]).String()).toBe(cases[i][1], cases[i][0]);
  });

  it("past 15 digits, may differ from Go in the 17th digit but always reads back as the value", () => {
    // Go prints 0.0000012345678901234567, the 17-digit form closest to the float; rounding the
    // literal gives its neighbour, which reads back the same (by parseDecimal, what Float() uses).
    const literals = ["0.000001234567890123456789", "1.7976931348623158e308", "2.2250738585072011e-308", "1.234567890123456789e-300", "98765.43210987654321e200", "0.1000000000000000055511151231257827"];
    for (let i = 0; i < literals.length; i++) {
      const printed = doc(literals[i]).String();
      expect(parseDecimal(printed)).toBe(parseDecimal(literals[i]), literals[i]);
      expect(printed.includes("e")).toBe(false);
    }
    expect(doc("0.000001234567890123456789").String()).toBe("0.0000012345678901234568");
    expect(doc("1.7976931348623158e308").String()).toBe("17976931348623158" + "0".repeat(292)); // Go: ...157
    expect(doc("0.1000000000000000055511151231257827").String()).toBe("0.1");
  });
});
