// The build adds this file as an entry so a plugin exports the ABI callbacks without writing a
// line for it. It re-exports them by package name, not by relative path: the plugin imports
// "higress-as" by name too, and asc keeps one copy of a file per import path, so only a shared
// path gives the callbacks and the plugin the same runtime (the same registered root contexts).
export * from "higress-as/assembly/runtime/exports";
