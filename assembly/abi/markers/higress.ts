// Only the 0.2.100 marker: the module loads in Higress alone; plain Envoy refuses it with
// "Missing or unknown Proxy-Wasm ABI version".

/** ABI marker only Higress understands. */
export function proxy_abi_version_0_2_100(): void {}
