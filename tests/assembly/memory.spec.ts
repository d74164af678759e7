import {
  allocateForHost,
  reserveHostRegion,
  resetReturnCells,
  retryWithRoom,
  returnPtrCell,
  returnSizeCell,
  returnedBuffer,
  returnedBytes,
} from "../../assembly/abi/memory";
import { WasmResult } from "../../assembly/abi/enums";
import { decodeString, encodePath, encodeString, encodedHasForbiddenHeaderChar, encodedSize } from "../../assembly/abi/utf8";

// Plays the host: allocate through the plugin's allocator, copy bytes in, write pointer and size.
// Returns false when the allocator answered 0 (the host call would fail).
function hostReturns(text: string): bool {
  const data = String.UTF8.encode(text);
  const ptr = allocateForHost(data.byteLength);
  if (ptr == 0) return false;
  memory.copy(ptr, changetype<usize>(data), data.byteLength);
  store<usize>(returnPtrCell(), ptr);
  store<usize>(returnSizeCell(), data.byteLength);
  return true;
}

describe("host memory", () => {
  it("serves the host from one region and copies the bytes out once", () => {
    resetReturnCells();
    expect(hostReturns("value")).toBe(true);
    const taken = returnedBuffer();
    expect(String.UTF8.decode(taken)).toBe("value");
    resetReturnCells();
    expect(hostReturns("other")).toBe(true);
    __collect();
    expect(String.UTF8.decode(taken)).toBe("value");
  });

  it("turns (0, 0) into an empty buffer", () => {
    resetReturnCells();
    expect(returnedBuffer().byteLength).toBe(0);
  });

  it("never allocates for the host: too big an ask is 0, and the SDK grows the region afterwards", () => {
    resetReturnCells();
    const big = "x".repeat(70000);
    expect(hostReturns(big)).toBe(false);
    expect(retryWithRoom(WasmResult.InvalidMemoryAccess)).toBe(true);
    resetReturnCells();
    expect(hostReturns(big)).toBe(true);
    expect(returnedBuffer().byteLength).toBe(70000);
  });

  it("retries only a call that failed for room", () => {
    resetReturnCells();
    expect(retryWithRoom(WasmResult.InvalidMemoryAccess)).toBe(false);
    allocateForHost(<usize>0x7fffffff);
    expect(retryWithRoom(WasmResult.NotFound)).toBe(false);
    allocateForHost(<usize>0x7fffffff);
    expect(retryWithRoom(WasmResult.InvalidMemoryAccess)).toBe(false);
    expect(reserveHostRegion(<usize>0x7fffffff)).toBe(false);
  });

  it("ignores a pointer the allocator never handed out", () => {
    resetReturnCells();
    const foreign = new ArrayBuffer(4);
    store<usize>(returnPtrCell(), changetype<usize>(foreign));
    store<usize>(returnSizeCell(), 4);
    expect(returnedBytes()).toBe(0);
    expect(returnedBuffer().byteLength).toBe(0);
  });
});

describe("strings out and in", () => {
  it("encodes a literal once and finds it again by address", () => {
    const first = encodeString("x-cached-literal", 0);
    expect(encodedSize()).toBe(16);
    expect(encodeString("x-cached-literal", 1)).toBe(first);
    expect(decodeString(first, 16)).toBe("x-cached-literal");
  });

  it("encodes built strings into the slot's scratch, non-ASCII included", () => {
    const built = "caf" + String.fromCharCode(0xe9) + "-" + (40 + 2).toString();
    const ptr = encodeString(built, 2);
    expect(encodedSize()).toBe(8);
    expect(decodeString(ptr, encodedSize())).toBe(built);
    expect(encodedHasForbiddenHeaderChar()).toBe(false);
  });

  it("flags CR, LF and NUL", () => {
    encodeString("a\r\nb" + "".padStart(1, "c"), 0);
    expect(encodedHasForbiddenHeaderChar()).toBe(true);
    encodeString("a\nb", 0);
    expect(encodedHasForbiddenHeaderChar()).toBe(true);
    encodeString(String.fromCharCode(0xe9) + "\0", 0);
    expect(encodedHasForbiddenHeaderChar()).toBe(true);
  });

  it("flags a literal holding CR or LF every time, not only when first encoded", () => {
    encodeString("x-bad\r\nliteral", 0);
    expect(encodedHasForbiddenHeaderChar()).toBe(true);
    encodeString("x-bad\r\nliteral", 0);
    expect(encodedHasForbiddenHeaderChar()).toBe(true);
    expect(encodedSize()).toBe(14);
  });

  it("decodes ASCII of every length up to 40, and a non-ASCII byte at every position", () => {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
    for (let n = 1; n <= 40; n++) {
      const text = alphabet.substring(0, n);
      const bytes = String.UTF8.encode(text);
      expect(decodeString(changetype<usize>(bytes), bytes.byteLength)).toBe(text);
      for (let at = 0; at < n; at++) {
        const mixed = text.substring(0, at) + String.fromCharCode(0xe9) + text.substring(at + 1);
        const encoded = String.UTF8.encode(mixed);
        expect(decodeString(changetype<usize>(encoded), encoded.byteLength)).toBe(mixed);
      }
    }
  });

  it("decodes long ASCII and non-ASCII text", () => {
    const text = "0123456789abcdefghij" + String.fromCharCode(0x4e2d) + "tail";
    const bytes = String.UTF8.encode(text);
    expect(decodeString(changetype<usize>(bytes), bytes.byteLength)).toBe(text);
    const ascii = String.UTF8.encode("0123456789abcdefghij");
    expect(decodeString(changetype<usize>(ascii), ascii.byteLength)).toBe("0123456789abcdefghij");
  });
});

describe("property paths", () => {
  it("joins segments with NUL and no trailing NUL", () => {
    const path = encodePath(["request", "path"], 0);
    expect(encodedSize()).toBe(12);
    expect(load<u8>(path + 7)).toBe(0);
    expect(String.UTF8.decodeUnsafe(path + 8, 4)).toBe("path");
  });

  it("encodes a single segment as itself", () => {
    const path = encodePath(["plugin_root_id"], 0);
    expect(decodeString(path, encodedSize())).toBe("plugin_root_id");
  });
});
