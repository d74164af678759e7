// The raw workload, except that each value read back becomes a string with AssemblyScript's own
// String.UTF8.decode, as a plugin written on the raw ABI does when it uses the value (and as the
// SDK's GetHttpRequestHeader returns it): the like-for-like raw plugin for a string-reading
// workload. The stub runtime's bump allocator never frees, so its allocations are cheaper than a
// collected heap's.

import {
  CONTINUE, KEY, KEY_SIZE, proxy_get_header_map_value, proxy_remove_header_map_value, proxy_replace_header_map_value,
  REQUEST_HEADERS, RETURN_PTR, RETURN_SIZE, VALUE, VALUE_SIZE,
} from "./raw-host";

export * from "./raw-callbacks";

// Where the last value read back is kept, so the decode is not optimised away.
let lastValue: string = "";

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
