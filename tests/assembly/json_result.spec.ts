import { JsonResult, JsonType } from "../../assembly/json/json_result";
import { parseJson } from "../../assembly/json/json_parse";

// Parses text that must be valid and returns its root.
function doc(text: string): JsonResult {
  const parsed = parseJson(text);
  if (!parsed.ok) trace("unexpected parse error: " + parsed.error);
  expect(parsed.ok).toBe(true);
  return parsed.value;
}

const CONFIG = `{
  "name": "demo",
  "port": 8080,
  "ratio": 0.25,
  "enabled": true,
  "off": false,
  "nothing": null,
  "redis": { "service_name": "redis.static", "service_port": 6379, "timeout": 1000 },
  "items": [ { "name": "a", "weight": 1 }, { "name": "b" }, { "name": "c", "weight": 3 } ],
  "tags": ["x", "y"],
  "a.b": "dotted",
  "": "empty key",
  "#": "hash key"
}`;

describe("parseJson on valid documents", () => {
  it("reads every kind of value with gjson's type numbers", () => {
    const root = doc(CONFIG);
    expect(root.Type).toBe(JsonType.JSON);
    expect(root.IsObject()).toBe(true);
    expect(root.Get("name").Type).toBe(JsonType.String);
    expect(root.Get("port").Type).toBe(JsonType.Number);
    expect(root.Get("enabled").Type).toBe(JsonType.True);
    expect(root.Get("off").Type).toBe(JsonType.False);
    expect(root.Get("nothing").Type).toBe(JsonType.Null);
    expect(root.Get("items").Type).toBe(JsonType.JSON);
    expect(<i32>JsonType.Null).toBe(0);
    expect(<i32>JsonType.False).toBe(1);
    expect(<i32>JsonType.Number).toBe(2);
    expect(<i32>JsonType.String).toBe(3);
    expect(<i32>JsonType.True).toBe(4);
    expect(<i32>JsonType.JSON).toBe(5);
  });

  it("keeps object keys in document order", () => {
    expect(doc(CONFIG).Keys()).toStrictEqual(
      ["name", "port", "ratio", "enabled", "off", "nothing", "redis", "items", "tags", "a.b", "", "#"]);
    expect(doc(`{"z":1,"a":2,"m":3}`).Keys()).toStrictEqual(["z", "a", "m"]);
  });

  it("lets the first duplicate win, as gjson's Get does, and lists its key once", () => {
    const root = doc(`{"a":1,"b":2,"a":3}`);
    expect(root.Get("a").Int()).toBe(1);
    expect(root.Keys()).toStrictEqual(["a", "b"]);
    const map = root.Map();
    expect(map.size).toBe(2);
    expect(map.get("a").Int()).toBe(1);
  });

  it("finds every member of objects of 1 to 80 keys, the first duplicate winning", () => {
    // Each size up to past a few rehashes of the member table, every key repeated after all of them.
    for (let size = 1; size <= 80; size++) {
      const parts = new Array<string>();
      for (let i = 0; i < size; i++) parts.push(`"key` + i.toString() + `":` + i.toString());
      for (let i = 0; i < size; i++) parts.push(`"key` + i.toString() + `":-1`);
      const root = doc("{" + parts.join(",") + "}");
      expect(root.Keys().length).toBe(size);
      for (let i = 0; i < size; i++) expect(root.Get("key" + i.toString()).Int()).toBe(i);
      expect(root.Get("key" + size.toString()).Exists()).toBe(false);
      expect(root.Get("key").Exists()).toBe(false);
    }
  });

  it("gives Raw() as the document's own text, whitespace included", () => {
    const root = doc(` { "a" : [1, 2 ,3] , "s": "x\\ny", "n": 1.50e+2 } `);
    expect(root.Get("a").Raw()).toBe("[1, 2 ,3]");
    expect(root.Get("s").Raw()).toBe(`"x\\ny"`);
    expect(root.Get("n").Raw()).toBe("1.50e+2");
    expect(root.Raw()).toBe(`{ "a" : [1, 2 ,3] , "s": "x\\ny", "n": 1.50e+2 }`);
    expect(root.Get("missing").Raw()).toBe("");
  });

  it("accepts a scalar as the whole document", () => {
    expect(doc("42").Int()).toBe(42);
    expect(doc(` "hi" `).String()).toBe("hi");
    expect(doc("true").Bool()).toBe(true);
    expect(doc("false").Type).toBe(JsonType.False);
    const nul = doc("null");
    expect(nul.Type).toBe(JsonType.Null);
    expect(nul.Exists()).toBe(true);
    expect(nul.Raw()).toBe("null");
  });

  it("handles empty strings, objects and arrays", () => {
    const root = doc(`{"s":"","o":{},"a":[],"k":{"":""}}`);
    expect(root.Get("s").Exists()).toBe(true);
    expect(root.Get("s").String()).toBe("");
    expect(root.Get("o").IsObject()).toBe(true);
    expect(root.Get("o").Keys().length).toBe(0);
    expect(root.Get("o").Raw()).toBe("{}");
    expect(root.Get("a").IsArray()).toBe(true);
    expect(root.Get("a").Array().length).toBe(0);
    expect(root.Get("a.#").Int()).toBe(0);
    expect(root.Get("k.").Exists()).toBe(true);
    expect(doc("[]").Raw()).toBe("[]");
    expect(doc("{}").Keys().length).toBe(0);
    expect(doc(`""`).String()).toBe("");
  });

  it("unescapes every escape, \\f and \\u included", () => {
    const root = doc(`{"s":"q\\" b\\\\ s\\/ \\b\\f\\n\\r\\t end","u":"\\u0041\\u00e9\\u20AC\\ud834\\udd1e"}`);
    expect(root.Get("s").String()).toBe("q\" b\\ s/ \b\f\n\r\t end");
    expect(root.Get("u").String()).toBe("Aé€𝄞");
    // An escaped backslash before 'f' is not a \f escape.
    expect(doc(`"a\\\\f"`).String()).toBe("a\\f");
  });

  it("unescapes keys, \\f included, and finds them by their text", () => {
    const root = doc(`{"a\\fb":1,"c\\u0064":2,"\\"q\\"":3}`);
    expect(root.Keys()).toStrictEqual(["a\fb", "cd", "\"q\""]);
    expect(root.Get("cd").Int()).toBe(2);
    expect(root.Get("a\fb").Int()).toBe(1);
    expect(root.Get("\"q\"").Int()).toBe(3);
  });

  it("reads unescaped UTF-8 text as it is", () => {
    const root = doc(`{"héllo":"wörld €𝄞 日本"}`);
    expect(root.Keys()).toStrictEqual(["héllo"]);
    expect(root.Get("héllo").String()).toBe("wörld €𝄞 日本");
    expect(root.Get("héllo").Raw()).toBe(`"wörld €𝄞 日本"`);
  });

  it("accepts lone surrogate escapes (valid JSON grammar) and reads them as U+FFFD, like Go", () => {
    expect(doc(`"\\ud800"`).String()).toBe("\uFFFD");
    expect(doc(`"\\udc00x"`).String()).toBe("\uFFFDx");
    expect(doc(`"\\ud800\\u0041"`).String()).toBe("\uFFFDA");
    expect(doc(`"\\ud800\\ud800\\udc00"`).String()).toBe("\uFFFD\u{10000}");
    expect(doc(`"a\\ud83d"`).String()).toBe("a\uFFFD");
  });

  it("keeps the digits of integers beyond 2^53 and beyond 64 bits", () => {
    const root = doc(`{"big":12345678901234567890,"odd":9007199254740993,"huge":123456789012345678901234567890}`);
    expect(root.Get("big").String()).toBe("12345678901234567890");
    expect(root.Get("big").Uint()).toBe(12345678901234567890);
    expect(root.Get("big").Float()).toBe(12345678901234567890.0);
    expect(root.Get("odd").Int()).toBe(9007199254740993);
    expect(root.Get("odd").String()).toBe("9007199254740993");
    expect(root.Get("huge").Raw()).toBe("123456789012345678901234567890");
    expect(root.Get("huge").String()).toBe("123456789012345678901234567890");
    expect(root.Get("huge").Float()).toBe(1.2345678901234568e29);
  });

  it("reads long literals with large exponents exactly (AssemblyScript's parseFloat lost 3 orders of magnitude)", () => {
    const a = doc(`[1.2875336272355620e41, 4.78175662270902824628894e51, 2.4703282292062328e-324]`).Array();
    expect(a[0].Float()).toBe(1.287533627235562e41);
    expect(a[0].String()).toBe("128753362723556200000000000000000000000000");
    expect(a[1].Float()).toBe(4.7817566227090285e51);
    expect(a[2].Float()).toBe(5e-324);
    expect(a[2].Bool()).toBe(true);
  });

  it("reads numbers with exponents and fractions", () => {
    const root = doc(`[1e2, 1.5E+3, -2.5e-3, 0.1, -0, -0.0, 1e400, -1e400, 1e-400, 1.50, 5e-7, 1e21, 0e0]`);
    const a = root.Array();
    expect(a.length).toBe(13);
    expect(a[0].Float()).toBe(100.0);
    expect(a[0].Int()).toBe(100);
    expect(a[0].String()).toBe("100");
    expect(a[0].Raw()).toBe("1e2");
    expect(a[1].String()).toBe("1500");
    expect(a[2].Float()).toBe(-0.0025);
    expect(a[2].String()).toBe("-0.0025");
    expect(a[3].String()).toBe("0.1");
    expect(a[4].String()).toBe("-0");
    expect(a[5].String()).toBe("-0");
    expect(a[6].Float()).toBe(Infinity);
    expect(a[6].String()).toBe("+Inf");
    expect(a[6].Int()).toBe(i64.MAX_VALUE);
    expect(a[7].Float()).toBe(-Infinity);
    expect(a[7].String()).toBe("-Inf");
    expect(a[7].Int()).toBe(i64.MIN_VALUE);
    expect(a[7].Uint()).toBe(0);
    expect(a[8].Float()).toBe(0.0);
    expect(a[9].String()).toBe("1.5");
    expect(a[10].String()).toBe("0.0000005");
    expect(a[11].String()).toBe("1000000000000000000000");
    expect(a[12].String()).toBe("0");
  });

  it("accepts nesting up to 512 levels and rejects 513", () => {
    const arrays = doc("[".repeat(512) + "7" + "]".repeat(512));
    expect(arrays.Get("0.".repeat(511) + "0").Int()).toBe(7);
    let objects = "";
    for (let i = 0; i < 512; i++) objects += `{"k":`;
    objects += "1" + "}".repeat(512);
    expect(doc(objects).Get("k.".repeat(511) + "k").Int()).toBe(1);
    const tooDeep = parseJson("[".repeat(513) + "]".repeat(513));
    expect(tooDeep.ok).toBe(false);
    expect(tooDeep.error).toBe("invalid JSON at offset 512: nesting deeper than 512 levels");
  });
});

describe("conversions follow gjson", () => {
  it("missing: nothing exists, everything is zero", () => {
    const m = doc(CONFIG).Get("no.such.path");
    expect(m.Exists()).toBe(false);
    expect(m.Type).toBe(JsonType.Null);
    expect(m.String()).toBe("");
    expect(m.Raw()).toBe("");
    expect(m.Int()).toBe(0);
    expect(m.Uint()).toBe(0);
    expect(m.Float()).toBe(0.0);
    expect(m.Bool()).toBe(false);
    expect(m.Array().length).toBe(0);
    expect(m.Map().size).toBe(0);
    expect(m.Keys().length).toBe(0);
    expect(m.IsObject()).toBe(false);
    expect(m.IsArray()).toBe(false);
    expect(m.IsBool()).toBe(false);
    expect(m.Get("x").Exists()).toBe(false);
  });

  it("null: exists, converts like missing", () => {
    const n = doc(CONFIG).Get("nothing");
    expect(n.Exists()).toBe(true);
    expect(n.String()).toBe("");
    expect(n.Int()).toBe(0);
    expect(n.Float()).toBe(0.0);
    expect(n.Bool()).toBe(false);
    expect(n.Array().length).toBe(0);
  });

  it("true and false", () => {
    const root = doc(CONFIG);
    const t = root.Get("enabled");
    const f = root.Get("off");
    expect(t.String()).toBe("true");
    expect(f.String()).toBe("false");
    expect(t.Int()).toBe(1);
    expect(f.Int()).toBe(0);
    expect(t.Uint()).toBe(1);
    expect(t.Float()).toBe(1.0);
    expect(f.Float()).toBe(0.0);
    expect(t.Bool()).toBe(true);
    expect(f.Bool()).toBe(false);
    expect(t.IsBool()).toBe(true);
    expect(f.IsBool()).toBe(true);
    expect(root.Get("port").IsBool()).toBe(false);
    expect(t.Array().length).toBe(1);
    expect(t.Array()[0].Bool()).toBe(true);
  });

  it("numbers: Int truncates toward zero, Bool is non-zero, String is the integer text", () => {
    const root = doc(`{"a":1.9,"b":-1.9,"c":0,"d":0.5,"e":-7,"f":8080}`);
    expect(root.Get("a").Int()).toBe(1);
    expect(root.Get("b").Int()).toBe(-1);
    expect(root.Get("b").Uint()).toBe(0);
    expect(root.Get("a").Uint()).toBe(1);
    expect(root.Get("a").Float()).toBe(1.9);
    expect(root.Get("c").Bool()).toBe(false);
    expect(root.Get("d").Bool()).toBe(true);
    expect(root.Get("d").Int()).toBe(0);
    expect(root.Get("e").Int()).toBe(-7);
    expect(root.Get("e").String()).toBe("-7");
    expect(root.Get("f").String()).toBe("8080");
    expect(root.Get("a").String()).toBe("1.9");
    expect(root.Get("f").Array()[0].Int()).toBe(8080);
  });

  it("strings to Int and Uint: only an optional '-' and digits count", () => {
    const root = doc(`{"i":"42","n":"-42","f":"1.9","sp":" 42","plus":"+42","e":"","x":"12a","neg":"-"}`);
    expect(root.Get("i").Int()).toBe(42);
    expect(root.Get("n").Int()).toBe(-42);
    expect(root.Get("f").Int()).toBe(0);
    expect(root.Get("sp").Int()).toBe(0);
    expect(root.Get("plus").Int()).toBe(0);
    expect(root.Get("e").Int()).toBe(0);
    expect(root.Get("x").Int()).toBe(0);
    expect(root.Get("neg").Int()).toBe(0);
    expect(root.Get("i").Uint()).toBe(42);
    expect(root.Get("n").Uint()).toBe(0);
  });

  it("strings to Float: Go's ParseFloat syntax, 0 when invalid", () => {
    const root = doc(`["1.5","-2e3","+4",".5","5.","inf","-Infinity","NaN","abc"," 1","1e","0x10","1_0",""]`);
    const a = root.Array();
    expect(a[0].Float()).toBe(1.5);
    expect(a[1].Float()).toBe(-2000.0);
    expect(a[2].Float()).toBe(4.0);
    expect(a[3].Float()).toBe(0.5);
    expect(a[4].Float()).toBe(5.0);
    expect(a[5].Float()).toBe(Infinity);
    expect(a[6].Float()).toBe(-Infinity);
    expect(isNaN(a[7].Float())).toBe(true);
    for (let i = 8; i < a.length; i++) expect(a[i].Float()).toBe(0.0);
  });

  it("strings to Bool: strconv.ParseBool after lower-casing", () => {
    const yes = doc(`["1","t","T","true","TRUE","True","tRuE"]`).Array();
    for (let i = 0; i < yes.length; i++) expect(yes[i].Bool()).toBe(true);
    const no = doc(`["0","f","false","FALSE","yes","on","","2"," true"]`).Array();
    for (let i = 0; i < no.length; i++) expect(no[i].Bool()).toBe(false);
  });

  it("strings: String is the unescaped text, Array holds the string itself", () => {
    const s = doc(`{"s":"a\\tb"}`).Get("s");
    expect(s.String()).toBe("a\tb");
    expect(s.Raw()).toBe(`"a\\tb"`);
    expect(s.Array().length).toBe(1);
    expect(s.Array()[0].String()).toBe("a\tb");
    expect(s.Map().size).toBe(0);
  });

  it("objects: String is the raw JSON, Map has the members, Array is empty", () => {
    const redis = doc(CONFIG).Get("redis");
    expect(redis.String()).toBe(`{ "service_name": "redis.static", "service_port": 6379, "timeout": 1000 }`);
    expect(redis.Int()).toBe(0);
    expect(redis.Float()).toBe(0.0);
    expect(redis.Bool()).toBe(false);
    expect(redis.Array().length).toBe(0);
    const map = redis.Map();
    expect(map.size).toBe(3);
    expect(map.get("service_name").String()).toBe("redis.static");
    expect(map.get("service_port").Int()).toBe(6379);
    expect(map.keys()).toStrictEqual(["service_name", "service_port", "timeout"]);
  });

  it("arrays: Array has the elements (a copy), Map and Keys are empty", () => {
    const tags = doc(CONFIG).Get("tags");
    expect(tags.String()).toBe(`["x", "y"]`);
    const items = tags.Array();
    expect(items.length).toBe(2);
    expect(items[0].String()).toBe("x");
    expect(items[1].String()).toBe("y");
    items.pop();
    expect(tags.Array().length).toBe(2);
    expect(tags.Map().size).toBe(0);
    expect(tags.Keys().length).toBe(0);
    expect(tags.IsArray()).toBe(true);
    expect(tags.IsObject()).toBe(false);
  });
});

describe("Get paths", () => {
  it("follows nested keys and array indexes", () => {
    const root = doc(CONFIG);
    expect(root.Get("redis.service_name").String()).toBe("redis.static");
    expect(root.Get("redis.service_port").Int()).toBe(6379);
    expect(root.Get("items.0.name").String()).toBe("a");
    expect(root.Get("items.2.weight").Int()).toBe(3);
    expect(root.Get("tags.1").String()).toBe("y");
    expect(root.Get("items").Get("1").Get("name").String()).toBe("b");
    expect(doc(`[[1,2],[3,[4,5]]]`).Get("1.1.0").Int()).toBe(4);
  });

  it("counts an array with '#', a computed Number without Raw", () => {
    const count = doc(CONFIG).Get("items.#");
    expect(count.Exists()).toBe(true);
    expect(count.Type).toBe(JsonType.Number);
    expect(count.Int()).toBe(3);
    expect(count.String()).toBe("3");
    expect(count.Raw()).toBe("");
    expect(doc("[1,2]").Get("#").Int()).toBe(2);
  });

  it("collects a key from every element with '#.key'", () => {
    const root = doc(CONFIG);
    const names = root.Get("items.#.name");
    expect(names.IsArray()).toBe(true);
    expect(names.Raw()).toBe(`["a","b","c"]`);
    expect(names.Array().length).toBe(3);
    expect(names.Array()[2].String()).toBe("c");
    // Elements without the key are skipped.
    expect(root.Get("items.#.weight").Raw()).toBe("[1,3]");
    expect(root.Get("items.#.weight").Get("#").Int()).toBe(2);
    // The rest of the path applies to each element, so a trailing '#' counts nothing here.
    expect(root.Get("items.#.weight.#").Raw()).toBe("[]");
    expect(root.Get("items.#.nope").Raw()).toBe("[]");
  });

  it("reads '\\.' as a literal dot and '#' as a plain key on objects", () => {
    const root = doc(CONFIG);
    expect(root.Get("a\\.b").String()).toBe("dotted");
    expect(root.Get("a.b").Exists()).toBe(false);
    expect(root.Get("#").String()).toBe("hash key");
    expect(root.Get("").String()).toBe("empty key");
    expect(doc(`{"a\\\\b":1}`).Get("a\\\\b").Int()).toBe(1);
    expect(doc(`{"x":{"y.z":{"w":5}}}`).Get("x.y\\.z.w").Int()).toBe(5);
  });

  it("gives a missing result for anything not there", () => {
    const root = doc(CONFIG);
    expect(root.Get("nope").Exists()).toBe(false);
    expect(root.Get("nope.deeper.still").Exists()).toBe(false);
    expect(root.Get("items.3").Exists()).toBe(false);
    expect(root.Get("items.99999999999").Exists()).toBe(false);
    expect(root.Get("items.-1").Exists()).toBe(false);
    expect(root.Get("items.x").Exists()).toBe(false);
    expect(root.Get("items.").Exists()).toBe(false);
    expect(root.Get("port.x").Exists()).toBe(false);
    expect(root.Get("name.0").Exists()).toBe(false);
    expect(root.Get("name.#").Exists()).toBe(false);
    expect(root.Get("redis.#").Exists()).toBe(false);
    expect(root.Get("nothing.x").Exists()).toBe(false);
    expect(root.Get("trailing\\").Exists()).toBe(false);
    expect(doc("7").Get("a").Exists()).toBe(false);
  });
});

// Each input must give ok=false and exactly this message, offsets counting UTF-8 bytes.
const MALFORMED: string[][] = [
  ["", "invalid JSON at offset 0: unexpected end of input, expected a value"],
  ["   ", "invalid JSON at offset 3: unexpected end of input, expected a value"],
  ["{", "invalid JSON at offset 1: unexpected end of input, expected a string key"],
  ["[", "invalid JSON at offset 1: unexpected end of input, expected a value"],
  [`{"a":}`, "invalid JSON at offset 5: unexpected '}', expected a value"],
  ["[1,]", "invalid JSON at offset 3: unexpected ']', expected a value"],
  [`{"a" 1}`, "invalid JSON at offset 5: unexpected '1', expected ':'"],
  [`{"a":1,}`, "invalid JSON at offset 7: unexpected '}', expected a string key"],
  [`{"a":1 "b":2}`, "invalid JSON at offset 7: unexpected '\"', expected ',' or '}'"],
  ["[1 2]", "invalid JSON at offset 3: unexpected '2', expected ',' or ']'"],
  [`{1:2}`, "invalid JSON at offset 1: unexpected '1', expected a string key"],
  ["[1,2", "invalid JSON at offset 4: unexpected end of input, expected ',' or ']'"],
  [`{"a":1`, "invalid JSON at offset 6: unexpected end of input, expected ',' or '}'"],
  [`{"a"`, "invalid JSON at offset 4: unexpected end of input, expected ':'"],
  ["tru", "invalid JSON at offset 0: invalid literal, expected 'true'"],
  ["nul", "invalid JSON at offset 0: invalid literal, expected 'null'"],
  ["falsy", "invalid JSON at offset 0: invalid literal, expected 'false'"],
  ["True", "invalid JSON at offset 0: unexpected 'T', expected a value"],
  ["trueX", "invalid JSON at offset 4: unexpected data after the JSON value"],
  [`"\\x"`, "invalid JSON at offset 1: invalid escape '\\x'"],
  [`"\\u12"`, "invalid JSON at offset 1: invalid \\u escape, expected 4 hex digits"],
  [`"\\u00G0"`, "invalid JSON at offset 1: invalid \\u escape, expected 4 hex digits"],
  [`"\\`, "invalid JSON at offset 0: unterminated string"],
  [`"abc`, "invalid JSON at offset 0: unterminated string"],
  [`{"k":"v}`, "invalid JSON at offset 5: unterminated string"],
  ["\"a\u0001b\"", "invalid JSON at offset 2: control character in string (it must be escaped)"],
  ["\"a\nb\"", "invalid JSON at offset 2: control character in string (it must be escaped)"],
  ["\"\u0000\"", "invalid JSON at offset 1: control character in string (it must be escaped)"],
  ["01", "invalid JSON at offset 1: leading zero in number"],
  ["-01", "invalid JSON at offset 2: leading zero in number"],
  ["1.", "invalid JSON at offset 2: expected a digit after '.'"],
  ["1.e3", "invalid JSON at offset 2: expected a digit after '.'"],
  [".5", "invalid JSON at offset 0: unexpected '.', expected a value"],
  ["-", "invalid JSON at offset 1: expected a digit"],
  ["-a", "invalid JSON at offset 1: expected a digit"],
  ["+1", "invalid JSON at offset 0: unexpected '+', expected a value"],
  ["1e", "invalid JSON at offset 2: expected a digit in the exponent"],
  ["1e+", "invalid JSON at offset 3: expected a digit in the exponent"],
  ["NaN", "invalid JSON at offset 0: unexpected 'N', expected a value"],
  ["Infinity", "invalid JSON at offset 0: unexpected 'I', expected a value"],
  ["'a'", "invalid JSON at offset 0: unexpected ''', expected a value"],
  ["{} x", "invalid JSON at offset 3: unexpected data after the JSON value"],
  ["[1]]", "invalid JSON at offset 3: unexpected data after the JSON value"],
  ["1 2", "invalid JSON at offset 2: unexpected data after the JSON value"],
  ["[,1]", "invalid JSON at offset 1: unexpected ',', expected a value"],
  ["{,}", "invalid JSON at offset 1: unexpected ',', expected a string key"],
  ["[\u000b1]", "invalid JSON at offset 1: unexpected byte 0x0b, expected a value"],
  ["\u00a0{}", "invalid JSON at offset 0: unexpected byte 0xc2, expected a value"],
  [`{"é":x}`, "invalid JSON at offset 6: unexpected 'x', expected a value"],
  ["/* c */ {}", "invalid JSON at offset 0: unexpected '/', expected a value"],
];

describe("parseJson on malformed documents", () => {

  it("rejects each with a message naming the byte offset", () => {
    for (let i = 0; i < MALFORMED.length; i++) {
      const parsed = parseJson(MALFORMED[i][0]);
      expect(parsed.ok).toBe(false, "accepted: " + MALFORMED[i][0]);
      expect(parsed.error).toBe(MALFORMED[i][1]);
      expect(parsed.value.Exists()).toBe(false);
      expect(parsed.value.Get("a").String()).toBe("");
    }
  });

  it("rejects 600 levels of nesting", () => {
    const arrays = parseJson("[".repeat(600) + "]".repeat(600));
    expect(arrays.ok).toBe(false);
    expect(arrays.error).toBe("invalid JSON at offset 512: nesting deeper than 512 levels");
    let objects = "";
    for (let i = 0; i < 600; i++) objects += `{"k":`;
    const deepObjects = parseJson(objects + "1" + "}".repeat(600));
    expect(deepObjects.ok).toBe(false);
    expect(deepObjects.error).toBe("invalid JSON at offset 2560: nesting deeper than 512 levels");
  });

  it("reads a lone surrogate in the input text itself as U+FFFD", () => {
    const parsed = parseJson("\"a\uD800b\"");
    expect(parsed.ok).toBe(true);
    expect(parsed.value.String()).toBe("a\uFFFDb");
  });
});

// A fixed-seed linear congruential generator, so a failure reproduces.
class Lcg {
  constructor(public state: u32) {}
  next(bound: i32): i32 {
    this.state = this.state * 1664525 + 1013904223;
    return <i32>((<u64>(this.state >>> 8) * <u64>bound) >>> 24);
  }
}

const SEEDS: string[] = [
  CONFIG,
  `{"a":[1,-2.5e3,"x\\u00e9\\n",true,false,null,{"b":{}}],"c\\"d":"\\ud834\\udd1e","e":[[[]]]}`,
  `[0,-0,1e-7,12345678901234567890,"",{"":[{}]},"\\f\\b\\/"]`,
  `{"rules":[{"_match_route_":["r1"],"allow":["a","b"]},{"_match_domain_":["*.x.com"],"deny":[1]}]}`,
  `"just a string with \\"escapes\\" and é"`,
];

// Bytes a mutation likes to insert: JSON's structural characters, escapes and digits.
const ALPHABET = `{}[]:,"\\/ \t\n0123456789-+.eEtrufalsn#x\u0001é`;

function mutate(text: string, rng: Lcg): string {
  let s = text;
  const edits = 1 + rng.next(4);
  for (let k = 0; k < edits; k++) {
    const at = s.length > 0 ? rng.next(s.length) : 0;
    const ch = ALPHABET.charAt(rng.next(ALPHABET.length));
    switch (rng.next(5)) {
      case 0: s = s.substring(0, at) + ch + s.substring(at + 1); break; // replace
      case 1: s = s.substring(0, at) + ch + s.substring(at); break; // insert
      case 2: s = s.substring(0, at) + s.substring(at + 1); break; // delete
      case 3: s = s.substring(0, at); break; // truncate
      default: { // duplicate a slice
        const len = rng.next(8);
        s = s.substring(0, at) + s.substring(at, at + len) + s.substring(at);
      }
    }
  }
  return s;
}

// Every accessor on a result and a few paths below it; none may trap.
function exercise(root: JsonResult): i32 {
  const paths = ["a", "a.0", "a.#", "a.#.b", "rules.0.allow.1", "0", "#", "c\\\"d", "", "items.#.name", "e.0.0"];
  let seen = 0;
  for (let i = 0; i < paths.length; i++) {
    const r = root.Get(paths[i]);
    if (r.Exists()) seen++;
    r.String();
    r.Raw();
    r.Int();
    r.Uint();
    r.Float();
    r.Bool();
    r.Keys();
    r.Map();
    const items = r.Array();
    for (let j = 0; j < items.length; j++) items[j].String();
  }
  return seen;
}

describe("fuzz", () => {
  it("never traps on mutated documents, and what parses reads back consistently", () => {
    const rng = new Lcg(0x5eed1234);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 4000; i++) {
      const text = mutate(SEEDS[i % SEEDS.length], rng);
      const parsed = parseJson(text);
      if (!parsed.ok) {
        rejected++;
        expect(parsed.error.startsWith("invalid JSON at offset ")).toBe(true);
        expect(parsed.value.Exists()).toBe(false);
        continue;
      }
      accepted++;
      exercise(parsed.value);
      // The root's Raw is the document minus surrounding whitespace, and parses to the same keys.
      const again = parseJson(parsed.value.Raw());
      expect(again.ok).toBe(true);
      expect(again.value.Raw()).toBe(parsed.value.Raw());
      expect(again.value.Keys()).toStrictEqual(parsed.value.Keys());
    }
    // Both outcomes must be well represented, or the fuzz test exercises nothing.
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(1000);
  });
});
