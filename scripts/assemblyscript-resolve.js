// Module resolve hook (registered by test-assemblyscript.js through NODE_OPTIONS): `assemblyscript`
// and its subpaths resolve from another install, so the tests compile with that compiler version
// while the repository keeps the one it pins.
let installParent;

/** Receives the URL of a file inside the other install's folder. */
export function initialize(data) {
  installParent = data.installParent;
}

export function resolve(specifier, context, nextResolve) {
  if (specifier === "assemblyscript" || specifier.startsWith("assemblyscript/")) {
    return nextResolve(specifier, { ...context, parentURL: installParent });
  }
  return nextResolve(specifier, context);
}
