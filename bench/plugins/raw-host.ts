// What the raw benchmark plugins share: the three host imports they call, the key and value as
// UTF-8 in static data, and the cells the host writes a returned value's address and size into.
// No SDK. Built with the stub runtime (see raw.asconfig.json).

@external("env", "proxy_get_header_map_value")
export declare function proxy_get_header_map_value(mapType: i32, keyPtr: usize, keySize: usize, valuePtrPtr: usize, valueSizePtr: usize): i32;
@external("env", "proxy_replace_header_map_value")
export declare function proxy_replace_header_map_value(mapType: i32, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): i32;
@external("env", "proxy_remove_header_map_value")
export declare function proxy_remove_header_map_value(mapType: i32, keyPtr: usize, keySize: usize): i32;

export const REQUEST_HEADERS: i32 = 0;
export const CONTINUE: u32 = 0;
export const KEY: usize = memory.data<u8>([0x78, 0x2d, 0x62, 0x65, 0x6e, 0x63, 0x68, 0x2d, 0x68, 0x65, 0x61, 0x64, 0x65, 0x72]); // x-bench-header
export const KEY_SIZE: usize = 14;
export const VALUE: usize = memory.data<u8>([0x62, 0x65, 0x6e, 0x63, 0x68, 0x2d, 0x76, 0x61, 0x6c, 0x75, 0x65]); // bench-value
export const VALUE_SIZE: usize = 11;
// Where the host writes the pointer and size of a value it returns.
export const RETURN_PTR: usize = memory.data(8, 8);
export const RETURN_SIZE: usize = RETURN_PTR + 4;
