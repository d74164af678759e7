import { ToLower } from "../../assembly/strings/strings";

describe("strings.ToLower", () => {
  it("maps U+0130 to 'i' alone and Σ to σ everywhere, as Go's simple mapping does", () => {
    expect(ToLower("\u0130STANBUL")).toBe("istanbul");
    expect(ToLower("ΟΔΟΣ")).toBe("οδοσ"); // String#toLowerCase would end it with ς
  });

  it("lower-cases a mixed string, supplementary letters included", () => {
    expect(ToLower("Hello, WÖRLD! ÀÉÎ Ǆ Ǉ ΑΒΓ АБВ Ⅻ Ⓐ ＡＢ \u{10400}\u{1E900}\u212A")).toBe("hello, wörld! àéî ǆ ǉ αβγ абв ⅻ ⓐ ａｂ \u{10428}\u{1E922}k");
  });

  it("keeps lone surrogates and returns the string itself when nothing changes", () => {
    expect(ToLower("A\uD801x\uDC00B\uD801")).toBe("a\uD801x\uDC00b\uD801");
    const s = "already lower: é ß ς 𐐨";
    expect(changetype<usize>(ToLower(s))).toBe(changetype<usize>(s));
    expect(ToLower("")).toBe("");
  });
});
