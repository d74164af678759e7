import { higress_alloc, higress_free, higress_realloc } from "../../assembly/runtime/allocator";

// The size word before a payload: block size above the two tag bits, as TLSF lays it out.
function sizeOf(ptr: usize): u32 {
  return load<u32>(ptr - 4) & ~3;
}

function tagOf(ptr: usize): u32 {
  return load<u32>(ptr - 4) & 3;
}

describe("small-block allocator", () => {
  it("hands out 16-byte aligned blocks whose size word covers the request", () => {
    for (let size: usize = 0; size <= 1100; size += 7) {
      const ptr = higress_alloc(size);
      expect(ptr & 15).toBe(0);
      expect(<usize>sizeOf(ptr)).toBeGreaterThanOrEqual(size);
      // The runtime's layout: payload plus size word a multiple of 16.
      expect((sizeOf(ptr) + 4) & 15).toBe(0);
      memory.fill(ptr, 0xab, size);
      higress_free(ptr);
    }
  });

  it("reuses a freed block for the next request of its class", () => {
    const a = higress_alloc(40);
    const b = higress_alloc(40);
    expect(b).not.toBe(a);
    higress_free(a);
    expect(higress_alloc(36)).toBe(a);
    higress_free(b);
  });

  it("keeps neighbouring blocks intact when one is filled to its size word", () => {
    const a = higress_alloc(28);
    const b = higress_alloc(28);
    memory.fill(a, 0x11, sizeOf(a));
    memory.fill(b, 0x22, sizeOf(b));
    expect(sizeOf(b)).toBe(28);
    expect(load<u8>(a + sizeOf(a) - 1)).toBe(0x11);
    higress_free(a);
    higress_free(b);
  });

  it("leaves large blocks to TLSF, whose used blocks never carry both tag bits", () => {
    const small = higress_alloc(1020);
    const large = higress_alloc(1021);
    expect(tagOf(small)).toBe(3);
    expect(tagOf(large) & 1).toBe(0);
    higress_free(large);
    higress_free(small);
  });

  it("marks a freed small block free, so freeing it again is TLSF's to refuse", () => {
    const ptr = higress_alloc(16);
    higress_free(ptr);
    expect(tagOf(ptr)).toBe(1);
    expect(higress_alloc(16)).toBe(ptr);
    expect(tagOf(ptr)).toBe(3);
    higress_free(ptr);
  });

  it("ignores static data, as TLSF does", () => {
    const literal = changetype<usize>("static text");
    const before = load<u32>(literal - 4);
    higress_free(literal);
    expect(load<u32>(literal - 4)).toBe(before);
    expect(changetype<string>(literal)).toBe("static text");
  });

  it("grows a small block in place up to its size, and moves it with its bytes beyond", () => {
    const ptr = higress_alloc(20);
    for (let i: u32 = 0; i < 20; i++) store<u8>(ptr + i, <u8>i);
    expect(higress_realloc(ptr, <usize>sizeOf(ptr))).toBe(ptr);
    const moved = higress_realloc(ptr, 2000);
    expect(moved).not.toBe(ptr);
    for (let i: u32 = 0; i < 20; i++) expect(load<u8>(moved + i)).toBe(<u8>i);
    expect(tagOf(ptr)).toBe(1);
    higress_free(moved);
  });

  it("carves many blocks of one class across chunks without overlap", () => {
    const count = 600;
    const blocks = new StaticArray<usize>(count);
    for (let i = 0; i < count; i++) {
      const ptr = higress_alloc(60);
      store<u32>(ptr, <u32>i);
      store<u32>(ptr, <u32>i, 56);
      blocks[i] = ptr;
    }
    for (let i = 0; i < count; i++) {
      expect(load<u32>(blocks[i])).toBe(<u32>i);
      expect(load<u32>(blocks[i], 56)).toBe(<u32>i);
    }
    for (let i = 0; i < count; i++) higress_free(blocks[i]);
  });
});
