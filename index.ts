// asc resolves `import ... from "higress-as"` to node_modules/higress-as/index.ts (it does not
// read package.json's ascMain), so this file points there. The API lives in assembly/index.ts.
export * from "./assembly/index";
