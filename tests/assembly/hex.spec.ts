import { hexDigits, hexUnit } from "../../assembly/encoding/hex";

describe("hexDigits", () => {
  it("writes the low digits in lower case, leading zeros kept", () => {
    expect(hexDigits(0x7f, 4)).toBe("007f");
    expect(hexDigits(0xff, 2)).toBe("ff");
    expect(hexDigits(0x5, 1)).toBe("5");
    expect(hexDigits(0xdeadbeef, 8)).toBe("deadbeef");
    expect(hexDigits(0x1234, 2)).toBe("34");
    expect(hexDigits(0, 2)).toBe("00");
  });

  it("agrees with toString(16) for every byte", () => {
    for (let b: u32 = 0; b < 256; b++) expect(hexDigits(b, 2)).toBe(b.toString(16).padStart(2, "0"));
    expect(String.fromCharCode(hexUnit(10))).toBe("a");
  });
});
