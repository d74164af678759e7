// Only the 0.2.1 marker: Higress then behaves as plain Envoy does (StopIteration from a headers
// callback becomes StopAllIterationAndWatermark), so a plugin is tested against one behaviour.

/** ABI marker plain Envoy and Higress both understand. */
export function proxy_abi_version_0_2_1(): void {}
