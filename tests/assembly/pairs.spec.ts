import { HeaderPair, MAX_PAIRS, deserializePairs, serializePairs } from "../../assembly/abi/pairs";

function bytes(values: u8[]): ArrayBuffer {
  const buffer = new ArrayBuffer(values.length);
  for (let i = 0; i < values.length; i++) store<u8>(changetype<usize>(buffer) + i, values[i]);
  return buffer;
}

function bytesOf(buffer: ArrayBuffer): u8[] {
  const out = new Array<u8>(buffer.byteLength);
  for (let i = 0; i < buffer.byteLength; i++) out[i] = load<u8>(changetype<usize>(buffer) + i);
  return out;
}

describe("serializePairs", () => {
  it("writes the host's layout: count, sizes, NUL-terminated keys and values", () => {
    const data = serializePairs([new HeaderPair("a", "1"), new HeaderPair("bc", "")])!;
    expect(bytesOf(data)).toStrictEqual([
      2, 0, 0, 0,
      1, 0, 0, 0, 1, 0, 0, 0,
      2, 0, 0, 0, 0, 0, 0, 0,
      0x61, 0, 0x31, 0,
      0x62, 0x63, 0, 0,
    ]);
  });

  it("writes an empty list as a bare zero count", () => {
    expect(bytesOf(serializePairs([])!)).toStrictEqual([0, 0, 0, 0]);
  });

  it("counts sizes in UTF-8 bytes, not UTF-16 units", () => {
    const data = serializePairs([new HeaderPair("k", "é€")])!;
    expect(load<u32>(changetype<usize>(data) + 8)).toBe(5);
  });

  it("refuses CR, LF and NUL in keys and values", () => {
    expect(serializePairs([new HeaderPair("x", "a\r\nb")])).toBeNull();
    expect(serializePairs([new HeaderPair("x\n", "a")])).toBeNull();
    expect(serializePairs([new HeaderPair("x", "a\0")])).toBeNull();
  });

  it("refuses more pairs than the host accepts", () => {
    const many = new Array<HeaderPair>();
    for (let i = 0; i <= MAX_PAIRS; i++) many.push(new HeaderPair("k", "v"));
    expect(serializePairs(many)).toBeNull();
    many.pop();
    expect(serializePairs(many)).not.toBeNull();
  });

  it("refuses more than 1 MiB", () => {
    expect(serializePairs([new HeaderPair("big", "x".repeat(1 << 20))])).toBeNull();
  });
});

describe("deserializePairs", () => {
  it("round-trips, keeping order, duplicates and empty values", () => {
    const pairs = [new HeaderPair(":path", "/héllo"), new HeaderPair("a", ""), new HeaderPair("a", "2")];
    const back = deserializePairs(serializePairs(pairs)!)!;
    expect(back.length).toBe(3);
    expect(back[0].key).toBe(":path");
    expect(back[0].value).toBe("/héllo");
    expect(back[1].value).toBe("");
    expect(back[2].key).toBe("a");
    expect(back[2].value).toBe("2");
  });

  it("reads an empty buffer as an empty list", () => {
    expect(deserializePairs(new ArrayBuffer(0))!.length).toBe(0);
  });

  it("gives null for a truncated header", () => {
    expect(deserializePairs(bytes([1, 0]))).toBeNull();
    expect(deserializePairs(bytes([1, 0, 0, 0, 1, 0, 0, 0]))).toBeNull();
  });

  it("gives null when sizes overrun the buffer", () => {
    expect(deserializePairs(bytes([1, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0x31, 0]))).toBeNull();
  });

  it("gives null when sizes would wrap around", () => {
    expect(deserializePairs(bytes([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0x61, 0, 0x31, 0]))).toBeNull();
  });

  it("gives null for a missing NUL terminator", () => {
    expect(deserializePairs(bytes([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x61, 0x20, 0x31, 0]))).toBeNull();
  });

  it("gives null for trailing bytes", () => {
    expect(deserializePairs(bytes([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0x31, 0, 0]))).toBeNull();
  });

  it("gives null for a count beyond the host's limit", () => {
    expect(deserializePairs(bytes([1, 4, 0, 0]))).toBeNull();
  });
});
