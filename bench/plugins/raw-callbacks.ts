// The callbacks every raw benchmark plugin exports, doing nothing; each plugin re-exports these
// and adds its own proxy_on_request_headers.

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

export function proxy_on_done(contextId: u32): u32 {
  return 1;
}

export function proxy_on_delete(contextId: u32): void {}
