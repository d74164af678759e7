import { joinStrings } from "../../assembly/runtime/string_join";
import { RedisValue } from "../../assembly/redis/redis_value";
import { formatLog } from "../../assembly/log/log";

// Array<string>#join is quadratic under the release builds' shrinkLevel 1, which these debug
// builds do not reproduce; tests/sdk/string-join.test.js keeps SDK code off it. What is checked
// here is the result on inputs large enough that a quadratic join would take minutes.

describe("joinStrings", () => {
  it("joins like Array#join", () => {
    expect(joinStrings([], ",")).toBe("");
    expect(joinStrings(["a"], ",")).toBe("a");
    expect(joinStrings(["a", "", "bc"], ", ")).toBe("a, , bc");
    expect(joinStrings(["a", "b", "c"], "")).toBe("abc");
    expect(joinStrings(["é", "𝄞"], "—")).toBe("é—𝄞");
  });

  it("treats elements never set as empty", () => {
    const parts = new Array<string>(3);
    parts[1] = "x";
    expect(joinStrings(parts, "-")).toBe("-x-");
  });

  it("joins 200,000 elements", () => {
    const parts = new Array<string>(200000);
    for (let i = 0; i < parts.length; i++) parts[i] = (i % 10).toString();
    const joined = joinStrings(parts, ",");
    expect(joined.length).toBe(399999);
    expect(joined.substring(0, 7)).toBe("0,1,2,3");
    expect(joined).toBe(parts.join(","));
  });
});

describe("SDK paths that join", () => {
  it("prints a 120,000-leaf Redis reply, nested arrays flattened", () => {
    const inner = new Array<RedisValue>(1000);
    for (let i = 0; i < inner.length; i++) inner[i] = RedisValue.StringValue("v" + (i % 10).toString());
    const outer = new Array<RedisValue>(120);
    for (let i = 0; i < outer.length; i++) outer[i] = RedisValue.ArrayValue(inner);
    const text = RedisValue.ArrayValue(outer).String();
    expect(text.length).toBe(120000 * 3 - 1);
    expect(text.substring(0, 11)).toBe("v0 v1 v2 v3");
    expect(text.substring(text.length - 5)).toBe("v8 v9");
  });

  it("formats a log line with a 1 MB quoted argument and 100,000 verbs", () => {
    const quoted = formatLog("%q", ["\n".repeat(1 << 20)]);
    expect(quoted.length).toBe((2 << 20) + 2);
    const args = new Array<string>(100000);
    for (let i = 0; i < args.length; i++) args[i] = "ab";
    const line = formatLog("%s".repeat(100000), args);
    expect(line.length).toBe(200000);
  });
});
