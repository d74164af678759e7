// formatLog: Go's fmt.Sprintf for string arguments, edge cases included. The expected strings are
// what Go prints for the same format with string arguments (numbers for %d), except that '0' pads
// only %d here.
import { formatLog } from "../../assembly/log/log";

describe("formatLog verbs", () => {
  it("substitutes %s, %v and %d in order", () => {
    expect(formatLog("%s-%v-%d", ["a", "b", "42"])).toBe("a-b-42");
  });

  it("leaves text without verbs alone", () => {
    expect(formatLog("plain text", [])).toBe("plain text");
    expect(formatLog("", [])).toBe("");
  });

  it("prints %% as a percent sign without taking an argument", () => {
    expect(formatLog("100%% of %s", ["x"])).toBe("100% of x");
    expect(formatLog("%%%s%%", ["y"])).toBe("%y%");
  });

  it("quotes with %q, escaping quotes, backslashes and control characters", () => {
    expect(formatLog("%q", ['say "hi"'])).toBe('"say \\"hi\\""');
    expect(formatLog("%q", ["a\\b\n\t\r"])).toBe('"a\\\\b\\n\\t\\r"');
    expect(formatLog("%q", ["\x01\x7f"])).toBe('"\\x01\\x7f"');
    expect(formatLog("%q", ["héllo"])).toBe('"héllo"');
    expect(formatLog("%q", ["\x07\x08\x0b\x0c\x00\x1f x"])).toBe('"\\a\\b\\v\\f\\x00\\x1f x"');
  });

  it("prints %% as one percent sign whatever its width", () => {
    expect(formatLog("[%5%][%-05%]", [])).toBe("[%][%]");
  });

  it("reports any other verb with its argument", () => {
    expect(formatLog("%x|%t", ["ff", "true"])).toBe("%!x(string=ff)|%!t(string=true)");
  });

  it("reads a verb outside the BMP as one character", () => {
    expect(formatLog("%😀", ["a"])).toBe("%!😀(string=a)");
    expect(formatLog("%😀|", [])).toBe("%!😀(MISSING)|");
    expect(formatLog("%\uD83D|", ["a"])).toBe("%!\uD83D(string=a)|");
  });
});

describe("formatLog argument errors", () => {
  it("marks verbs without an argument as MISSING", () => {
    expect(formatLog("%s and %d and %q", ["one"])).toBe("one and %!d(MISSING) and %!q(MISSING)");
  });

  it("appends unused arguments as EXTRA", () => {
    expect(formatLog("only %s", ["a", "b", "c"])).toBe("only a%!(EXTRA string=b, string=c)");
    expect(formatLog("none", ["a"])).toBe("none%!(EXTRA string=a)");
  });

  it("reports a trailing % as NOVERB", () => {
    expect(formatLog("50%", [])).toBe("50%!(NOVERB)");
    expect(formatLog("50%-5", [])).toBe("50%!(NOVERB)");
    expect(formatLog("50%5.", [])).toBe("50%!(NOVERB)");
  });

  it("does not pad error forms", () => {
    expect(formatLog("[%5x][%-5s]", ["ff"])).toBe("[%!x(string=ff)][%!s(MISSING)]");
  });

  it("gives up on widths and precisions Go finds too large, instead of padding without end", () => {
    expect(formatLog("a%99999999999s|", ["x"])).toBe("a%!(NOVERB)%!(EXTRA string=x)");
    expect(formatLog("a%.99999999999s|", ["x"])).toBe("a%!(NOVERB)%!(EXTRA string=x)");
    // Go's limit is 1e6: one more gives up.
    expect(formatLog("a%1000001s|", ["x"])).toBe("a%!(NOVERB)%!(EXTRA string=x)");
    expect(formatLog("a%.1000001s|", ["x"])).toBe("a%!(NOVERB)%!(EXTRA string=x)");
  });
});

describe("formatLog width, flags and precision", () => {
  it("pads to a width, on the left unless '-' is given", () => {
    expect(formatLog("[%5s][%-5s][%2s]", ["ab", "cd", "long"])).toBe("[   ab][cd   ][long]");
  });

  it("pads to widths longer than the format", () => {
    const right = formatLog("%300s|", ["x"]);
    expect(right.length).toBe(301);
    expect(right).toBe(" ".repeat(299) + "x|");
    expect(formatLog("%-300s|%3s", ["y", "z"])).toBe("y" + " ".repeat(299) + "|  z");
  });

  it("pads a quoted string to the width of its quoted form", () => {
    expect(formatLog("[%6q][%-6q][%4q]", ["a", "b", "\n"])).toBe('[   "a"]["b"   ]["\\n"]');
    expect(formatLog("[%4q][%.1q]", ["😀", "😀x"])).toBe('[ "😀"]["😀"]');
  });

  it("zero-pads numbers after their sign, and pads strings with spaces", () => {
    expect(formatLog("[%05d][%05d][%05s][%-05d]", ["42", "-42", "ab", "7"])).toBe("[00042][-0042][   ab][7    ]");
    expect(formatLog("[%05d][%05v][%3d][%05d]", ["", "x", "", " 5"])).toBe("[00000][    x][   ][ 0005]");
  });

  it("keeps the first runes of a string for a precision", () => {
    expect(formatLog("[%.2s][%.0s][%.9s][%5.1s]", ["abc", "abc", "abc", "xyz"])).toBe("[ab][][abc][    x]");
    expect(formatLog("%.2q", ["abc"])).toBe('"ab"');
    expect(formatLog("%.0s", ["abc"])).toBe("");
  });

  it("counts runes, not UTF-16 units, for widths and precisions", () => {
    expect(formatLog("[%3s][%.1s]", ["😀", "😀😀"])).toBe("[  😀][😀]");
  });

  it("signs numbers with '+' and ' ', keeping a sign that is there", () => {
    expect(formatLog("[%+d][%+d][% d][% d][% 05d][%+05d]", ["1", "-1", "2", "-2", "3", "4"])).toBe("[+1][-1][ 2][-2][ 0003][+0004]");
    expect(formatLog("[%+d][%+ d][% +d][%+s][%+.1d]", ["+1", "5", "6", "a", "789"])).toBe("[+1][+5][+6][a][+789]");
  });

  it("quotes with %#v, as Go prints a string in Go syntax", () => {
    expect(formatLog("%#v %v", ["a b", "c"])).toBe('"a b" c');
  });
});
