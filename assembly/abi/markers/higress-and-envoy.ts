// The default: Higress scans exports in order and takes 0.2.100 (real StopIteration from headers
// callbacks); plain Envoy does not know that name, skips it and takes 0.2.1.

/** ABI marker Higress picks. */
export function proxy_abi_version_0_2_100(): void {}
/** ABI marker plain Envoy picks. */
export function proxy_abi_version_0_2_1(): void {}
