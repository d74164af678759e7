import { addRoot, findRoot, removeRoot } from "../../assembly/runtime/contexts";
import { RootContext } from "../../assembly/runtime/root_context";

describe("contexts: roots", () => {
  it("removes one root and keeps the others findable", () => {
    const a = new RootContext(101, "a");
    const b = new RootContext(102, "b");
    const c = new RootContext(103, "c");
    addRoot(a);
    addRoot(b);
    addRoot(c);
    removeRoot(102);
    expect(findRoot(102)).toBeNull();
    expect(findRoot(101)).toBe(a);
    expect(findRoot(103)).toBe(c);
    // An unknown id changes nothing.
    removeRoot(999);
    expect(findRoot(101)).toBe(a);
    expect(findRoot(103)).toBe(c);
    removeRoot(103);
    removeRoot(101);
    expect(findRoot(101)).toBeNull();
    expect(findRoot(103)).toBeNull();
  });
});
