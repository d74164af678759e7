import { higress_alloc, higress_free, higress_realloc } from "../../assembly/runtime/allocator";

// The size word before a payload: its capacity above the two tag bits, as the runtime expects.
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

  it("tags small blocks in use with both bits, large ones with none", () => {
    const small = higress_alloc(1020);
    const large = higress_alloc(1021);
    expect(tagOf(small)).toBe(3);
    expect(tagOf(large)).toBe(0);
    higress_free(large);
    higress_free(small);
  });

  it("marks a freed small block free, and ignores freeing it again", () => {
    const ptr = higress_alloc(16);
    higress_free(ptr);
    expect(tagOf(ptr)).toBe(1);
    higress_free(ptr);
    // Listed once: the next two blocks of the class differ.
    const a = higress_alloc(16);
    const b = higress_alloc(16);
    expect(a).toBe(ptr);
    expect(b).not.toBe(ptr);
    expect(tagOf(ptr)).toBe(3);
    higress_free(a);
    higress_free(b);
  });

  it("ignores static data", () => {
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

// A deterministic pseudo-random sequence (xorshift32), so a failing run repeats.
let seed: u32 = 0x9e3779b9;
function random(below: u32): u32 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed % below;
}

// Fills a block with a pattern of its own and checks it later: blocks that overlap break it.
function fill(ptr: usize, size: usize, mark: u8): void {
  memory.fill(ptr, mark, size);
}
function intact(ptr: usize, size: usize, mark: u8): bool {
  for (let i: usize = 0; i < size; i++) if (load<u8>(ptr + i) != mark) return false;
  return true;
}

describe("large-block allocator", () => {
  it("hands out aligned large blocks whose size word covers the request", () => {
    for (let size: usize = 1021; size < 70000; size = size * 3 + 1) {
      const ptr = higress_alloc(size);
      expect(ptr & 15).toBe(0);
      expect(<usize>sizeOf(ptr)).toBeGreaterThanOrEqual(size);
      expect((sizeOf(ptr) + 4) & 15).toBe(0);
      fill(ptr, size, 0x5a);
      higress_free(ptr);
    }
  });

  it("gives the last block back to the end of the heap, so the next one starts there", () => {
    const a = higress_alloc(5000);
    higress_free(a);
    const b = higress_alloc(9000);
    expect(b).toBe(a);
    higress_free(b);
  });

  it("merges a freed block with free neighbours on both sides", () => {
    const a = higress_alloc(2000);
    const b = higress_alloc(2000);
    const c = higress_alloc(2000);
    const guard = higress_alloc(2000); // keeps the three off the end of the heap
    higress_free(a);
    higress_free(c);
    higress_free(b); // joins a and c into one block
    expect(tagOf(a)).toBe(2);
    const whole = higress_alloc(3 * 2000);
    expect(whole).toBe(a);
    higress_free(whole);
    higress_free(guard);
  });

  it("splits a free block that is much larger than asked, and reuses the rest", () => {
    const big = higress_alloc(20000);
    const guard = higress_alloc(2000);
    higress_free(big);
    const first = higress_alloc(3000);
    expect(first).toBe(big);
    const second = higress_alloc(3000);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThan(guard);
    higress_free(first);
    higress_free(second);
    higress_free(guard);
  });

  it("ignores a large block freed twice", () => {
    const a = higress_alloc(4000);
    const guard = higress_alloc(4000);
    higress_free(a);
    higress_free(a);
    const b = higress_alloc(4000);
    const c = higress_alloc(4000);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    higress_free(b);
    higress_free(c);
    higress_free(guard);
  });

  it("grows the last block of the heap in place, and moves others with their bytes", () => {
    const last = higress_alloc(3000);
    fill(last, 3000, 0x33);
    expect(higress_realloc(last, 50000)).toBe(last);
    expect(intact(last, 3000, 0x33)).toBe(true);
    const after = higress_alloc(2000);
    const moved = higress_realloc(last, 60000);
    expect(moved).not.toBe(last);
    expect(intact(moved, 3000, 0x33)).toBe(true);
    expect(tagOf(last)).toBe(2);
    higress_free(after);
    higress_free(moved);
  });

  it("keeps random blocks of all sizes apart and reuses memory once they are freed", () => {
    const slots = 200;
    const ptrs = new StaticArray<usize>(slots);
    const sizes = new StaticArray<usize>(slots);
    let pagesAfterFirstRound: i32 = 0;
    for (let round = 0; round < 4; round++) {
      for (let step = 0; step < 2000; step++) {
        const i = <i32>random(slots);
        const ptr = ptrs[i];
        if (ptr != 0) {
          expect(intact(ptr, sizes[i], <u8>i)).toBe(true);
          if (random(3) == 0) {
            // Grown or shrunk, keeping the bytes both sizes share.
            const size = <usize>random(random(2) == 0 ? 1200 : 20000);
            const moved = higress_realloc(ptr, size);
            const kept = min(size, sizes[i]);
            expect(intact(moved, kept, <u8>i)).toBe(true);
            fill(moved, size, <u8>i);
            ptrs[i] = moved;
            sizes[i] = size;
            continue;
          }
          higress_free(ptr);
          ptrs[i] = 0;
        } else {
          const size = <usize>random(random(2) == 0 ? 1200 : 20000);
          const fresh = higress_alloc(size);
          fill(fresh, size, <u8>i);
          ptrs[i] = fresh;
          sizes[i] = size;
        }
      }
      for (let i = 0; i < slots; i++) {
        if (ptrs[i] == 0) continue;
        expect(intact(ptrs[i], sizes[i], <u8>i)).toBe(true);
        higress_free(ptrs[i]);
        ptrs[i] = 0;
      }
      // The same workload again fits in the memory the first round grew.
      if (round == 0) pagesAfterFirstRound = memory.size();
      else expect(memory.size()).toBeLessThanOrEqual(pagesAfterFirstRound + 1);
    }
  });
});
