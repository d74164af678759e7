// A MockHost whose host functions are observed: which ones the plugin called (to prove that a
// disabled log level makes no property read, or that a metric is defined once). It can also
// imitate a host that lacks some property names (an Envoy without the legacy or the `xds.*`
// names) by answering NotFound for those paths, and a host that refuses a call. MockHost has no
// public hook for any of this, so this wraps the function table it builds while loading the module.
import { MockHost } from "higress-as/host";

const NOT_FOUND = 1;

/**
 * Creates a MockHost like MockHost.create; `hideProperties` lists dotted property paths the host
 * answers NotFound for, `refuse` maps host function names ("proxy_define_metric") to the status
 * they answer instead of running. Returns the host and the list of "env.proxy_*" calls made, in
 * order, each with its property path when it is a property read.
 */
export async function createSpiedHost(wasm, options = {}, { hideProperties = [], refuse = {} } = {}) {
  const calls = [];
  const hidden = new Set(hideProperties.map((path) => path.split(".").join("\0")));
  const original = MockHost.prototype.hostFunctions;
  MockHost.prototype.hostFunctions = function spiedHostFunctions() {
    const table = original.call(this);
    for (const [name, impl] of Object.entries(table)) {
      if (!name.startsWith("env.")) continue;
      table[name] = (...args) => {
        if (name === "env.proxy_get_property") {
          const path = this.vm.memory.readString(args[0], args[1]);
          calls.push({ name, path: path.split("\0").join(".") });
          if (hidden.has(path)) return NOT_FOUND;
        } else {
          calls.push({ name });
        }
        const refusal = refuse[name.slice("env.".length)];
        return refusal === undefined ? impl(...args) : refusal;
      };
    }
    return table;
  };
  try {
    const host = await MockHost.create(wasm, options);
    return { host, calls };
  } finally {
    MockHost.prototype.hostFunctions = original;
  }
}

/** Calls of one host function in `calls` (optionally only property reads of `path`). */
export function callsOf(calls, name, path) {
  return calls.filter((c) => c.name === `env.${name}` && (path === undefined || c.path === path));
}
