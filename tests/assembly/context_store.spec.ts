import { ContextStore } from "../../assembly/wrapper/context_store";

class Box {
  constructor(public label: string) {}
}

class Other {}

describe("ContextStore", () => {
  it("reads values back with the type they were stored as", () => {
    const store = new ContextStore();
    store.set<i64>("n", 42);
    store.set<string>("s", "text");
    store.set<Box>("b", new Box("kept"));
    expect(store.getOr<i64>("n", -1)).toBe(42);
    expect(store.getOr<string>("s", "")).toBe("text");
    expect(store.find<Box>("b")!.label).toBe("kept");
  });

  it("treats another type or a missing key as a miss", () => {
    const store = new ContextStore();
    store.set<i32>("n", 1);
    store.set<Box>("b", new Box("x"));
    expect(store.getOr<i64>("n", -1)).toBe(-1);
    expect(store.holds<i32>("n")).toBe(true);
    expect(store.find<Other>("b")).toBeNull();
    expect(store.find<Box>("missing")).toBeNull();
    expect(store.getOr<string>("missing", "fallback")).toBe("fallback");
  });

  it("keeps stored objects alive across a full collection", () => {
    const store = new ContextStore();
    store.set<Box>("b", new Box("survives"));
    __collect();
    for (let i = 0; i < 1000; i++) new Box("garbage " + i.toString());
    __collect();
    expect(store.find<Box>("b")!.label).toBe("survives");
  });

  it("replaces and deletes", () => {
    const store = new ContextStore();
    store.set<string>("k", "a");
    store.set<i64>("k", 2);
    expect(store.getOr<i64>("k", 0)).toBe(2);
    expect(store.delete("k")).toBe(true);
    expect(store.has("k")).toBe(false);
    expect(store.delete("k")).toBe(false);
  });
});
