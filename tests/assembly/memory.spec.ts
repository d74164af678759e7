import {
  allocateForHost,
  releasePendingAllocation,
  resetReturnCells,
  returnPtrCell,
  returnSizeCell,
  takeReturnedBuffer,
} from "../../assembly/abi/memory";
import { encodePropertyPath } from "../../assembly/abi/hostcalls";

// Plays the host: allocate through the plugin's allocator, copy bytes in, write pointer and size.
function hostReturns(text: string): void {
  const data = String.UTF8.encode(text);
  const ptr = allocateForHost(data.byteLength);
  memory.copy(ptr, changetype<usize>(data), data.byteLength);
  store<usize>(returnPtrCell(), ptr);
  store<usize>(returnSizeCell(), data.byteLength);
}

describe("host memory", () => {
  it("hands the host's bytes over as a managed ArrayBuffer, unpinned once", () => {
    resetReturnCells();
    hostReturns("value");
    const taken = takeReturnedBuffer();
    expect(String.UTF8.decode(taken)).toBe("value");
    // Unpinning again would abort ("Object is not pinned"); a second take must not do it.
    expect(takeReturnedBuffer().byteLength).toBe(0);
    __collect();
    expect(String.UTF8.decode(taken)).toBe("value");
  });

  it("turns (0, 0) into an empty buffer without an allocation", () => {
    resetReturnCells();
    expect(takeReturnedBuffer().byteLength).toBe(0);
  });

  it("unpins a block the host allocated but never handed back", () => {
    resetReturnCells();
    allocateForHost(16);
    releasePendingAllocation();
    releasePendingAllocation();
    __collect();
    expect(takeReturnedBuffer().byteLength).toBe(0);
  });

  it("answers 0 to an allocation the runtime could not serve", () => {
    expect(allocateForHost(<usize>0x7fffffff)).toBe(0);
  });

  it("ignores a pointer the allocator never handed out", () => {
    resetReturnCells();
    const foreign = new ArrayBuffer(4);
    store<usize>(returnPtrCell(), changetype<usize>(foreign));
    store<usize>(returnSizeCell(), 4);
    expect(takeReturnedBuffer().byteLength).toBe(0);
  });
});

describe("property paths", () => {
  it("joins segments with NUL and no trailing NUL", () => {
    const path = encodePropertyPath(["request", "path"]);
    expect(path.byteLength).toBe(12);
    expect(load<u8>(changetype<usize>(path) + 7)).toBe(0);
    expect(String.UTF8.decodeUnsafe(changetype<usize>(path) + 8, 4)).toBe("path");
  });

  it("encodes a single segment as itself", () => {
    expect(String.UTF8.decode(encodePropertyPath(["plugin_root_id"]))).toBe("plugin_root_id");
  });
});
