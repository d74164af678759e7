// Access to the guest's linear memory. Every read and write is bounds-checked and raises
// MemoryAccessError, which host calls report as InvalidMemoryAccess instead of crashing. The view is
// re-derived on each access because memory.grow detaches the previous ArrayBuffer.

import { MemoryAccessError } from "./errors.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Calls the module's allocator; returns 0 when it failed. */
export type Allocator = (size: number) => number;

export class GuestMemory {
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly allocate: Allocator,
  ) {}

  /** Current size of linear memory. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  private check(pointer: number, size: number): void {
    if (pointer < 0 || size < 0 || pointer + size > this.memory.buffer.byteLength) {
      throw new MemoryAccessError(pointer, size);
    }
  }

  /** A copy of guest bytes. */
  read(pointer: number, size: number): Uint8Array {
    this.check(pointer, size);
    return new Uint8Array(this.memory.buffer, pointer, size).slice();
  }

  /** Guest bytes decoded as UTF-8. */
  readString(pointer: number, size: number): string {
    return decoder.decode(this.read(pointer, size));
  }

  write(pointer: number, bytes: Uint8Array): void {
    this.check(pointer, bytes.length);
    new Uint8Array(this.memory.buffer).set(bytes, pointer);
  }

  writeU32(pointer: number, value: number): void {
    this.check(pointer, 4);
    new DataView(this.memory.buffer).setUint32(pointer, value >>> 0, true);
  }

  readU32(pointer: number): number {
    this.check(pointer, 4);
    return new DataView(this.memory.buffer).getUint32(pointer, true);
  }

  writeU64(pointer: number, value: bigint): void {
    this.check(pointer, 8);
    new DataView(this.memory.buffer).setBigUint64(pointer, BigInt.asUintN(64, value), true);
  }

  writeU16(pointer: number, value: number): void {
    this.check(pointer, 2);
    new DataView(this.memory.buffer).setUint16(pointer, value, true);
  }

  writeU8(pointer: number, value: number): void {
    this.check(pointer, 1);
    new Uint8Array(this.memory.buffer)[pointer] = value;
  }

  /**
   * Hands data to the guest the way the host does (copyToPointerSize): empty data is (0,0) without
   * calling the allocator; otherwise the guest's allocator provides the memory, which the guest then
   * owns. Returns false when the allocator returned 0 (the caller answers InvalidMemoryAccess).
   */
  copyOut(data: Uint8Array | string, pointerPointer: number, sizePointer: number): boolean {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    if (bytes.length === 0) {
      this.writeU32(pointerPointer, 0);
      this.writeU32(sizePointer, 0);
      return true;
    }
    const pointer = this.allocate(bytes.length);
    if (pointer === 0) return false;
    this.write(pointer, bytes);
    this.writeU32(pointerPointer, pointer);
    this.writeU32(sizePointer, bytes.length);
    return true;
  }
}
