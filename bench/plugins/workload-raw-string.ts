// The raw workload, except that each value read back becomes a string with AssemblyScript's own
// String.UTF8.decode, as a plugin written on the raw ABI does when it uses the value (and as the
// SDK's GetHttpRequestHeader returns it): the like-for-like raw plugin for a string-reading
// workload. The stub runtime's bump allocator never frees, so its allocations are cheaper than a
// collected heap's. Built with the stub runtime (see raw.asconfig.json).

@external("env", "proxy_get_header_map_value")
declare function proxy_get_header_map_value(mapType: i32, keyPtr: usize, keySize: usize, valuePtrPtr: usize, valueSizePtr: usize): i32;
@external("env", "proxy_replace_header_map_value")
declare function proxy_replace_header_map_value(mapType: i32, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): i32;
@external("env", "proxy_remove_header_map_value")
declare function proxy_remove_header_map_value(mapType: i32, keyPtr: usize, keySize: usize): i32;

const REQUEST_HEADERS: i32 = 0;
const CONTINUE: u32 = 0;
const KEY: usize = memory.data<u8>([0x78, 0x2d, 0x62, 0x65, 0x6e, 0x63, 0x68, 0x2d, 0x68, 0x65, 0x61, 0x64, 0x65, 0x72]); // x-bench-header
const KEY_SIZE: usize = 14;
const VALUE: usize = memory.data<u8>([0x62, 0x65, 0x6e, 0x63, 0x68, 0x2d, 0x76, 0x61, 0x6c, 0x75, 0x65]); // bench-value
const VALUE_SIZE: usize = 11;
const RETURN_PTR: usize = memory.data(8, 8);
const RETURN_SIZE: usize = RETURN_PTR + 4;

// Where the last value read back is kept, so the decode is not optimised away.
let lastValue: string = "";

export function proxy_abi_version_0_2_1(): void {}

export function malloc(size: usize): usize {
  return heap.alloc(size);
}

export function proxy_on_context_create(contextId: u32, parentId: u32): void {}

export function proxy_on_vm_start(rootId: u32, size: u32): u32 {
  return 1;
}

export function proxy_on_configure(rootId: u32, size: u32): u32 {
  return 1;
}

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  for (let i = 0; i < 20; i++) {
    proxy_replace_header_map_value(REQUEST_HEADERS, KEY, KEY_SIZE, VALUE, VALUE_SIZE);
    store<u32>(RETURN_PTR, 0);
    if (proxy_get_header_map_value(REQUEST_HEADERS, KEY, KEY_SIZE, RETURN_PTR, RETURN_SIZE) == 0) {
      const value = load<usize>(RETURN_PTR);
      if (value != 0) {
        lastValue = String.UTF8.decodeUnsafe(value, load<u32>(RETURN_SIZE));
        heap.free(value);
      }
    }
    proxy_remove_header_map_value(REQUEST_HEADERS, KEY, KEY_SIZE);
  }
  return CONTINUE;
}

export function proxy_on_done(contextId: u32): u32 {
  return 1;
}

export function proxy_on_delete(contextId: u32): void {}
