import { base64 } from "../../assembly/index";

function enc(s: string): string {
  return base64.StdEncoding.EncodeToString(String.UTF8.encode(s));
}

function dec(e: base64.Encoding, s: string): string {
  const r = e.DecodeString(s);
  return r.err != null ? "error: " + r.err!.message : String.UTF8.decode(r.value);
}

describe("EncodeToString", () => {
  it("encodes the RFC 4648 test vectors with padding", () => {
    expect(enc("")).toBe("");
    expect(enc("f")).toBe("Zg==");
    expect(enc("fo")).toBe("Zm8=");
    expect(enc("foo")).toBe("Zm9v");
    expect(enc("foob")).toBe("Zm9vYg==");
    expect(enc("fooba")).toBe("Zm9vYmE=");
    expect(enc("foobar")).toBe("Zm9vYmFy");
  });

  it("uses - and _ in the URL alphabet and drops padding in the raw encodings", () => {
    const bytes = new Uint8Array(2);
    bytes[0] = 0xfb;
    bytes[1] = 0xff;
    expect(base64.StdEncoding.EncodeToString(bytes.buffer)).toBe("+/8=");
    expect(base64.URLEncoding.EncodeToString(bytes.buffer)).toBe("-_8=");
    expect(base64.RawStdEncoding.EncodeToString(bytes.buffer)).toBe("+/8");
    expect(base64.RawURLEncoding.EncodeToString(bytes.buffer)).toBe("-_8");
  });

  it("computes Go's encoded and decoded lengths", () => {
    expect(base64.StdEncoding.EncodedLen(4)).toBe(8);
    expect(base64.RawStdEncoding.EncodedLen(4)).toBe(6);
    expect(base64.StdEncoding.DecodedLen(8)).toBe(6);
    expect(base64.RawStdEncoding.DecodedLen(6)).toBe(4);
  });
});

describe("DecodeString", () => {
  it("decodes what it encodes, and a basic-auth credential", () => {
    expect(dec(base64.StdEncoding, "Zm9vYmE=")).toBe("fooba");
    expect(dec(base64.StdEncoding, "YWRtaW46MTIzNDU2")).toBe("admin:123456");
    expect(dec(base64.URLEncoding, "-_8=")).toBe(dec(base64.StdEncoding, "+/8="));
    expect(dec(base64.RawURLEncoding, "Zm9vYg")).toBe("foob");
  });

  it("skips CR and LF anywhere, as Go does", () => {
    expect(dec(base64.StdEncoding, "Zm9v\r\nYmFy")).toBe("foobar");
    expect(dec(base64.StdEncoding, "Zm8\n=")).toBe("fo");
  });

  it("names the offset of the first illegal byte with Go's text", () => {
    expect(dec(base64.StdEncoding, "invalid-base64")).toBe("error: illegal base64 data at input byte 7");
    expect(dec(base64.StdEncoding, "Zm9v!")).toBe("error: illegal base64 data at input byte 4");
    expect(dec(base64.URLEncoding, "+/8=")).toBe("error: illegal base64 data at input byte 0");
  });

  it("requires padding in the padded encodings and refuses it in the raw ones", () => {
    expect(dec(base64.StdEncoding, "Zm8")).toBe("error: illegal base64 data at input byte 0");
    expect(dec(base64.StdEncoding, "Zg=")).toBe("error: illegal base64 data at input byte 3");
    expect(dec(base64.StdEncoding, "Z===")).toBe("error: illegal base64 data at input byte 1");
    expect(dec(base64.StdEncoding, "Zm=a")).toBe("error: illegal base64 data at input byte 2");
    expect(dec(base64.RawStdEncoding, "Zm8=")).toBe("error: illegal base64 data at input byte 3");
    expect(dec(base64.StdEncoding, "Z")).toBe("error: illegal base64 data at input byte 0");
  });

  it("refuses data after the padding and keeps what decoded before it", () => {
    const r = base64.StdEncoding.DecodeString("Zm9vYg==Zm9v");
    expect(r.err!.message).toBe("illegal base64 data at input byte 8");
    expect(String.UTF8.decode(r.value)).toBe("foob");
  });

  it("ignores non-zero trailing bits unless Strict", () => {
    expect(dec(base64.StdEncoding, "Zh==")).toBe("f");
    expect(dec(base64.StdEncoding.Strict(), "Zh==")).toBe("error: illegal base64 data at input byte 2");
    expect(dec(base64.StdEncoding.Strict(), "Zm9=")).toBe("error: illegal base64 data at input byte 3");
    expect(dec(base64.StdEncoding.Strict(), "Zm8=")).toBe("fo");
  });

  it("counts offsets in UTF-8 bytes", () => {
    expect(dec(base64.StdEncoding, "Zm\u00e9v")).toBe("error: illegal base64 data at input byte 2");
    expect(dec(base64.StdEncoding, "\u00e9")).toBe("error: illegal base64 data at input byte 0");
  });
});
