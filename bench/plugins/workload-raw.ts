// The benchmark workload written directly on the host imports, with no SDK: the key and value are
// UTF-8 in static data, the value the host returns is read and freed at once. This is the floor
// every other plugin is measured against.

import {
  CONTINUE, KEY, KEY_SIZE, proxy_get_header_map_value, proxy_remove_header_map_value, proxy_replace_header_map_value,
  REQUEST_HEADERS, RETURN_PTR, RETURN_SIZE, VALUE, VALUE_SIZE,
} from "./raw-host";

export * from "./raw-callbacks";

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: u32): u32 {
  for (let i = 0; i < 20; i++) {
    proxy_replace_header_map_value(REQUEST_HEADERS, KEY, KEY_SIZE, VALUE, VALUE_SIZE);
    store<u32>(RETURN_PTR, 0);
    if (proxy_get_header_map_value(REQUEST_HEADERS, KEY, KEY_SIZE, RETURN_PTR, RETURN_SIZE) == 0) {
      const value = load<usize>(RETURN_PTR);
      // A plugin would look at the value here; the stub runtime reclaims the last block on free.
      if (value != 0) heap.free(value);
    }
    proxy_remove_header_map_value(REQUEST_HEADERS, KEY, KEY_SIZE);
  }
  return CONTINUE;
}
