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

  it("lists keys in insertion order, a replaced key in its place, a deleted one gone", () => {
    const store = new ContextStore();
    store.set<i32>("a", 1);
    store.set<i32>("b", 2);
    store.set<i32>("c", 3);
    store.set<string>("a", "again");
    expect(store.keys().join(",")).toBe("a,b,c");
    expect(store.delete("b")).toBe(true);
    expect(store.keys().join(",")).toBe("a,c");
    expect(store.getOr<i32>("c", 0)).toBe(3);
    expect(store.getOr<string>("a", "")).toBe("again");
  });

  it("keeps many keys apart", () => {
    const store = new ContextStore();
    for (let i = 0; i < 300; i++) store.set<i32>("key-" + i.toString(), i);
    for (let i = 0; i < 300; i += 2) store.delete("key-" + i.toString());
    for (let i = 0; i < 300; i++) expect(store.getOr<i32>("key-" + i.toString(), -1)).toBe(i % 2 == 0 ? -1 : i);
    expect(store.keys().length).toBe(150);
  });
});
