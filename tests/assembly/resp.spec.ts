import { MALFORMED_REPLY, MAX_RESP_DEPTH, RespReader, encodeResp } from "../../assembly/redis/resp";
import { RedisValue, RespType } from "../../assembly/redis/redis_value";
import { formatGoFloat } from "../../assembly/redis/float_text";

function bytes(text: string): ArrayBuffer {
  return String.UTF8.encode(text);
}

function text(buffer: ArrayBuffer): string {
  return String.UTF8.decode(buffer);
}

function read(reply: string): RedisValue {
  return new RespReader(bytes(reply)).ReadValue();
}

// The reason a reply is refused, or null when it decodes.
function failure(data: ArrayBuffer): string | null {
  const reader = new RespReader(data);
  const value = reader.ReadValue();
  const reason = reader.error;
  if (reason != null) {
    // A refused reply always comes back as the malformed-reply error value, with the reason.
    expect(value.Type()).toBe(RespType.Error);
    expect(value.String()).toBe(MALFORMED_REPLY + ": " + reason);
  }
  return reason;
}

function slice(data: ArrayBuffer, length: i32): ArrayBuffer {
  return data.slice(0, length);
}

// A small deterministic generator (Numerical Recipes' LCG), so fuzz failures reproduce.
let seed: u32 = 0x2545f491;
function nextRandom(bound: i32): i32 {
  seed = seed * 1664525 + 1013904223;
  return <i32>((seed >>> 8) % <u32>bound);
}

const VALID_REPLIES: string[] = [
  "+OK\r\n",
  "-ERR wrong number of arguments for 'get' command\r\n",
  ":0\r\n",
  ":-9223372036854775808\r\n",
  "$5\r\nhello\r\n",
  "$0\r\n\r\n",
  "$-1\r\n",
  "*0\r\n",
  "*-1\r\n",
  "*3\r\n$1\r\na\r\n:2\r\n$-1\r\n",
  "*2\r\n*2\r\n+x\r\n:1\r\n*1\r\n-ERR inner\r\n",
  "*4\r\n$6\r\nfield1\r\n$6\r\nvalue1\r\n$6\r\nfield2\r\n$4\r\n\r\n\r\n\r\n",
];

describe("encodeResp", () => {
  it("writes an array of bulk strings", () => {
    expect(text(encodeResp(["set", "k", "v"]))).toBe("*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n");
  });

  it("writes an empty command as an empty array, and empty arguments as empty bulk strings", () => {
    expect(text(encodeResp([]))).toBe("*0\r\n");
    expect(text(encodeResp(["echo", ""]))).toBe("*2\r\n$4\r\necho\r\n$0\r\n\r\n");
  });

  it("counts lengths in UTF-8 bytes and keeps CRLF inside arguments", () => {
    expect(text(encodeResp(["€", "a\r\nb"]))).toBe("*2\r\n$3\r\n€\r\n$4\r\na\r\nb\r\n");
  });

  it("writes a lone surrogate as U+FFFD (ef bf bd), length included: Redis gets UTF-8, not WTF-8", () => {
    const encoded = encodeResp(["a\uD800"]);
    expect(encoded.byteLength).toBe(4 + 4 + 4 + 2);
    expect(load<u8>(changetype<usize>(encoded) + 9)).toBe(0xef);
    expect(load<u8>(changetype<usize>(encoded) + 10)).toBe(0xbf);
    expect(load<u8>(changetype<usize>(encoded) + 11)).toBe(0xbd);
  });

  it("writes multi-digit counts and lengths", () => {
    const args = new Array<string>(12);
    for (let i = 0; i < 12; i++) args[i] = "x".repeat(10);
    const encoded = text(encodeResp(args));
    expect(encoded.startsWith("*12\r\n$10\r\nxxxxxxxxxx\r\n")).toBe(true);
    expect(encoded.length).toBe(5 + 12 * 17);
  });

  it("round-trips through the reader", () => {
    const value = new RespReader(encodeResp(["hset", "ключ", "", "a b"])).ReadValue();
    const items = value.Array();
    expect(items.length).toBe(4);
    expect(items[0].String()).toBe("hset");
    expect(items[1].String()).toBe("ключ");
    expect(items[2].String()).toBe("");
    expect(items[3].String()).toBe("a b");
  });
});

describe("RespReader: every RESP2 type", () => {
  it("reads a simple string", () => {
    const value = read("+OK\r\n");
    expect(value.Type()).toBe(RespType.SimpleString);
    expect(value.String()).toBe("OK");
    expect(value.Error()).toBeNull();
    expect(value.IsNull()).toBe(false);
  });

  it("reads an error", () => {
    const value = read("-WRONGTYPE Operation against a key\r\n");
    expect(value.Type()).toBe(RespType.Error);
    expect(value.Error()!.message).toBe("WRONGTYPE Operation against a key");
  });

  it("reads integers, the i64 bounds included", () => {
    expect(read(":42\r\n").Integer()).toBe(42);
    expect(read(":-7\r\n").Integer()).toBe(-7);
    expect(read(":9223372036854775807\r\n").Integer()).toBe(i64.MAX_VALUE);
    expect(read(":-9223372036854775808\r\n").Integer()).toBe(i64.MIN_VALUE);
    expect(read(":42\r\n").Type()).toBe(RespType.Integer);
  });

  it("reads bulk strings, binary-safe", () => {
    // "$5\r\n" then a, CR, LF, NUL, 0xff, then CRLF.
    const raw: u8[] = [0x24, 0x35, 0x0d, 0x0a, 0x61, 0x0d, 0x0a, 0x00, 0xff, 0x0d, 0x0a];
    const data = new ArrayBuffer(raw.length);
    for (let i = 0; i < raw.length; i++) store<u8>(changetype<usize>(data) + i, raw[i]);
    const value = new RespReader(data).ReadValue();
    expect(value.Type()).toBe(RespType.BulkString);
    const payload = value.Bytes();
    expect(payload.byteLength).toBe(5);
    expect(load<u8>(changetype<usize>(payload) + 3)).toBe(0x00);
    expect(load<u8>(changetype<usize>(payload) + 4)).toBe(0xff);
    expect(read("$0\r\n\r\n").String()).toBe("");
    expect(read("$0\r\n\r\n").IsNull()).toBe(false);
  });

  it("reads the null bulk string", () => {
    const value = read("$-1\r\n");
    expect(value.Type()).toBe(RespType.BulkString);
    expect(value.IsNull()).toBe(true);
    expect(value.String()).toBe("");
    expect(value.Integer()).toBe(0);
  });

  it("reads arrays, empty ones included", () => {
    const value = read("*3\r\n$1\r\na\r\n:2\r\n$-1\r\n");
    expect(value.Type()).toBe(RespType.Array);
    const items = value.Array();
    expect(items.length).toBe(3);
    expect(items[0].String()).toBe("a");
    expect(items[1].Integer()).toBe(2);
    expect(items[2].IsNull()).toBe(true);
    expect(read("*0\r\n").Array().length).toBe(0);
    expect(read("*0\r\n").IsNull()).toBe(false);
  });

  it("reads the null array", () => {
    const value = read("*-1\r\n");
    expect(value.Type()).toBe(RespType.Array);
    expect(value.IsNull()).toBe(true);
    expect(value.Array().length).toBe(0);
  });

  it("reads nested arrays", () => {
    const value = read("*2\r\n*2\r\n+x\r\n:1\r\n*1\r\n*1\r\n-ERR inner\r\n");
    const outer = value.Array();
    expect(outer.length).toBe(2);
    expect(outer[0].Array()[0].String()).toBe("x");
    expect(outer[0].Array()[1].Integer()).toBe(1);
    expect(outer[1].Array()[0].Array()[0].Error()!.message).toBe("ERR inner");
    expect(value.String()).toBe("x 1 ERR inner");
  });

  it("reads values one after another", () => {
    const reader = new RespReader(bytes("+OK\r\n:1\r\n"));
    expect(reader.ReadValue().String()).toBe("OK");
    expect(reader.ReadValue().Integer()).toBe(1);
    expect(reader.error).toBeNull();
    reader.ReadValue();
    expect(reader.error).toBe("truncated reply");
  });

  it("ignores what follows the first value, as Go's reader does", () => {
    expect(failure(bytes("+OK\r\ngarbage"))).toBeNull();
  });
});

describe("RespReader: malformed replies", () => {
  it("refuses an empty reply", () => {
    expect(failure(new ArrayBuffer(0))).toBe("empty reply");
  });

  it("refuses an unknown type byte (RESP3 included)", () => {
    expect(failure(bytes("_\r\n"))).toBe("unknown type byte 0x5f at byte 0");
    expect(failure(bytes("hello\r\n"))).toBe("unknown type byte 0x68 at byte 0");
  });

  it("refuses a line without CRLF", () => {
    expect(failure(bytes("+OK\n"))).toBe("truncated reply");
    expect(failure(bytes("+OK"))).toBe("truncated reply");
  });

  it("refuses integers that are not decimal or overflow i64", () => {
    expect(failure(bytes(":\r\n"))).toBe("invalid integer at byte 0");
    expect(failure(bytes(":-\r\n"))).toBe("invalid integer at byte 0");
    expect(failure(bytes(":1.5\r\n"))).toBe("invalid integer at byte 0");
    expect(failure(bytes(": 1\r\n"))).toBe("invalid integer at byte 0");
    expect(failure(bytes(":9223372036854775808\r\n"))).toBe("invalid integer at byte 0");
    expect(failure(bytes(":-9223372036854775809\r\n"))).toBe("invalid integer at byte 0");
  });

  it("refuses bad bulk lengths", () => {
    expect(failure(bytes("$-2\r\n"))).toBe("invalid bulk length at byte 0");
    expect(failure(bytes("$x\r\n"))).toBe("invalid bulk length at byte 0");
    expect(failure(bytes("$3\r\nabcd\r\n"))).toBe("bulk string at byte 0 does not end with CRLF");
    expect(failure(bytes("$5\r\nab"))).toBe("truncated bulk string at byte 0");
  });

  it("refuses bad array lengths and short arrays", () => {
    expect(failure(bytes("*-2\r\n"))).toBe("invalid array length at byte 0");
    expect(failure(bytes("*2\r\n:1\r\n"))).toBe("truncated array at byte 0");
    expect(failure(bytes("*2\r\n:1\r\n:2\r\n"))).toBeNull();
    expect(failure(bytes("*3\r\n:1\r\n:2\r\n"))).toBe("truncated array at byte 0");
  });

  it("refuses huge declared lengths without allocating them", () => {
    expect(failure(bytes("$2147483647\r\nab\r\n"))).toBe("truncated bulk string at byte 0");
    expect(failure(bytes("$9223372036854775807\r\n"))).toBe("truncated bulk string at byte 0");
    expect(failure(bytes("$99999999999999999999\r\n"))).toBe("invalid bulk length at byte 0");
    expect(failure(bytes("*2147483647\r\n:1\r\n"))).toBe("truncated array at byte 0");
    expect(failure(bytes("*9223372036854775807\r\n"))).toBe("truncated array at byte 0");
    expect(failure(bytes("*1\r\n$1000000000\r\nx\r\n"))).toBe("truncated bulk string at byte 4");
  });

  it("accepts nesting up to the limit and refuses deeper", () => {
    expect(failure(bytes("*1\r\n".repeat(MAX_RESP_DEPTH) + ":1\r\n"))).toBeNull();
    expect(failure(bytes("*1\r\n".repeat(MAX_RESP_DEPTH + 1) + ":1\r\n"))).toBe("arrays nested deeper than 256 levels");
    expect(failure(bytes("*1\r\n".repeat(100000) + ":1\r\n"))).toBe("arrays nested deeper than 256 levels");
  });

  it("refuses every truncation of every valid reply", () => {
    for (let r = 0; r < VALID_REPLIES.length; r++) {
      const data = bytes(VALID_REPLIES[r]);
      expect(failure(data)).toBeNull();
      for (let length = 0; length < data.byteLength; length++) {
        expect(failure(slice(data, length))).not.toBeNull();
      }
    }
  });

  it("survives random mutations of valid replies (deterministic LCG fuzzing)", () => {
    let refused = 0;
    let accepted = 0;
    for (let round = 0; round < 20000; round++) {
      const source = bytes(VALID_REPLIES[nextRandom(VALID_REPLIES.length)]);
      const size = source.byteLength;
      const mutated = new Uint8Array(size + 4);
      mutated.set(Uint8Array.wrap(source));
      let length = size;
      const edits = 1 + nextRandom(3);
      for (let e = 0; e < edits; e++) {
        const kind = nextRandom(4);
        const at = nextRandom(length);
        if (kind == 0) {
          mutated[at] = <u8>nextRandom(256);
        } else if (kind == 1) {
          // Type bytes, digits, signs and line ends: the bytes the parser branches on.
          const interesting: u8[] = [0x2b, 0x2d, 0x3a, 0x24, 0x2a, 0x30, 0x31, 0x39, 0x0d, 0x0a];
          mutated[at] = interesting[nextRandom(interesting.length)];
        } else if (kind == 2 && length > 1) {
          mutated.copyWithin(at, at + 1, length);
          length--;
        } else if (length < size + 4) {
          mutated.copyWithin(at + 1, at, length);
          mutated[at] = <u8>nextRandom(256);
          length++;
        }
      }
      const data = mutated.buffer.slice(0, length);
      const reason = failure(data);
      if (reason == null) {
        accepted++;
        // Every accessor works on whatever was accepted.
        const value = new RespReader(data).ReadValue();
        value.String();
        value.Integer();
        value.Float();
        value.Bytes();
        value.Error();
        value.Array();
      } else {
        refused++;
      }
    }
    // Both outcomes occur, so the mutations reach past the first byte into the parser.
    expect(refused).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(1000);
  });
});

describe("RedisValue accessors (Go's resp.Value rules)", () => {
  it("converts text to integers like strconv.ParseInt, errors giving 0 and overflow clamped", () => {
    expect(RedisValue.StringValue("12").Integer()).toBe(12);
    expect(RedisValue.StringValue("+5").Integer()).toBe(5);
    expect(RedisValue.StringValue("-9223372036854775808").Integer()).toBe(i64.MIN_VALUE);
    expect(RedisValue.StringValue("99999999999999999999").Integer()).toBe(i64.MAX_VALUE);
    expect(RedisValue.StringValue("-99999999999999999999").Integer()).toBe(i64.MIN_VALUE);
    expect(RedisValue.StringValue("12a").Integer()).toBe(0);
    expect(RedisValue.StringValue("-").Integer()).toBe(0);
    expect(RedisValue.StringValue("").Integer()).toBe(0);
    expect(RedisValue.SimpleStringValue("1").Bool()).toBe(true);
    expect(RedisValue.StringValue("0").Bool()).toBe(false);
    expect(RedisValue.IntegerValue(3).Bool()).toBe(true);
  });

  it("converts text to floats like strconv.ParseFloat, errors giving 0", () => {
    expect(RedisValue.StringValue("3.5").Float()).toBe(3.5);
    expect(RedisValue.StringValue("-1e3").Float()).toBe(-1000.0);
    expect(RedisValue.StringValue(".5").Float()).toBe(0.5);
    expect(RedisValue.StringValue("5.").Float()).toBe(5.0);
    expect(RedisValue.StringValue("inf").Float()).toBe(Infinity);
    expect(RedisValue.StringValue("-Inf").Float()).toBe(-Infinity);
    expect(isNaN(RedisValue.StringValue("nan").Float())).toBe(true);
    expect(isNaN(RedisValue.StringValue("NaN").Float())).toBe(true);
    // Go reads a sign only before inf/infinity: "-nan" is an error, so 0.
    expect(RedisValue.StringValue("-nan").Float()).toBe(0.0);
    expect(RedisValue.StringValue("+Infinity").Float()).toBe(Infinity);
    expect(RedisValue.StringValue("1.5x").Float()).toBe(0.0);
    expect(RedisValue.StringValue("e5").Float()).toBe(0.0);
    expect(RedisValue.StringValue("1e").Float()).toBe(0.0);
    expect(RedisValue.IntegerValue(-4).Float()).toBe(-4.0);
  });

  it("gives text forms", () => {
    expect(RedisValue.IntegerValue(-12).String()).toBe("-12");
    expect(RedisValue.NullValue().String()).toBe("");
    expect(RedisValue.ArrayValue([RedisValue.StringValue("a"), RedisValue.ArrayValue([RedisValue.IntegerValue(1)]), RedisValue.NullValue()]).String()).toBe("a 1 ");
  });

  it("flattens arrays of any depth", () => {
    let deep = RedisValue.ArrayValue([RedisValue.IntegerValue(1), RedisValue.SimpleStringValue("x")]);
    for (let i = 0; i < 100000; i++) deep = RedisValue.ArrayValue([deep, RedisValue.IntegerValue(i % 10)]);
    const flat = deep.String();
    expect(flat.startsWith("1 x 0 1 2")).toBe(true);
    expect(flat.length).toBe(3 + 100000 * 2);
    const decoded = read("*1\r\n".repeat(MAX_RESP_DEPTH) + ":7\r\n");
    expect(decoded.String()).toBe("7");
    expect(decoded.Integer()).toBe(7);
  });

  it("gives bytes", () => {
    const raw = new ArrayBuffer(2);
    store<u8>(changetype<usize>(raw), 0xff);
    const value = RedisValue.BytesValue(raw);
    expect(load<u8>(changetype<usize>(value.Bytes()))).toBe(0xff);
    expect(text(RedisValue.IntegerValue(7).Bytes())).toBe("7");
    expect(text(RedisValue.ErrorValue("ERR x").Bytes())).toBe("ERR x");
  });

  it("has an error only for error values and elements only for arrays", () => {
    expect(RedisValue.StringValue("ERR x").Error()).toBeNull();
    expect(RedisValue.ErrorValue("ERR x").Error()!.message).toBe("ERR x");
    expect(RedisValue.StringValue("a").Array().length).toBe(0);
    expect(RedisValue.NullArrayValue().Array().length).toBe(0);
  });
});

describe("formatGoFloat (Go's fmt.Sprint of a float64)", () => {
  it("writes integral values without a fraction", () => {
    expect(formatGoFloat(100)).toBe("100");
    expect(formatGoFloat(2)).toBe("2");
    expect(formatGoFloat(123456)).toBe("123456");
    expect(formatGoFloat(-7)).toBe("-7");
  });

  it("writes fractions with the shortest digits", () => {
    expect(formatGoFloat(1.5)).toBe("1.5");
    expect(formatGoFloat(0.1)).toBe("0.1");
    expect(formatGoFloat(123456.7)).toBe("123456.7");
    expect(formatGoFloat(1.0 / 3.0)).toBe("0.3333333333333333");
    expect(formatGoFloat(0.0001)).toBe("0.0001");
  });

  it("switches to exponent form below 1e-4 and from 1e6 on", () => {
    expect(formatGoFloat(1e6)).toBe("1e+06");
    expect(formatGoFloat(1234567)).toBe("1.234567e+06");
    expect(formatGoFloat(0.00001)).toBe("1e-05");
    expect(formatGoFloat(1.5e-7)).toBe("1.5e-07");
    expect(formatGoFloat(1e21)).toBe("1e+21");
    expect(formatGoFloat(1e100)).toBe("1e+100");
    expect(formatGoFloat(-2.5e300)).toBe("-2.5e+300");
    expect(formatGoFloat(1.7976931348623157e308)).toBe("1.7976931348623157e+308");
    expect(formatGoFloat(5e-324)).toBe("5e-324");
  });

  it("writes zeros, infinities and NaN as Go does", () => {
    expect(formatGoFloat(0)).toBe("0");
    expect(formatGoFloat(-0.0)).toBe("-0");
    expect(formatGoFloat(Infinity)).toBe("+Inf");
    expect(formatGoFloat(-Infinity)).toBe("-Inf");
    expect(formatGoFloat(NaN)).toBe("NaN");
  });
});
