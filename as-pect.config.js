// as-pect runs the AssemblyScript unit tests in tests/assembly: code of the SDK that needs no
// host (pair codec, tick scheduling, host-memory handling). Whatever needs a host is tested in
// Node against MockHost (tests/*.test.js).
export default {
  entries: ["tests/assembly/**/*.spec.ts"],
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
