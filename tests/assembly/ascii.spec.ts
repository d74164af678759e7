import { asciiToLower } from "../../assembly/encoding/ascii";

describe("asciiToLower", () => {
  it("lower-cases A-Z and keeps everything else", () => {
    expect(asciiToLower("Content-Type")).toBe("content-type");
    expect(asciiToLower("AZ@[`az{09")).toBe("az@[`az{09");
    expect(asciiToLower("ÄÖ Ü-IDENTITY")).toBe("ÄÖ Ü-identity");
    expect(asciiToLower("\u212A\u0130")).toBe("\u212A\u0130"); // Kelvin sign, dotted I: not ASCII
    expect(asciiToLower("")).toBe("");
  });

  it("returns the string itself when there is nothing to change", () => {
    const s = "already lower, 123 é";
    expect(changetype<usize>(asciiToLower(s))).toBe(changetype<usize>(s));
  });
});
