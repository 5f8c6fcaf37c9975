import { describe, expect, it } from "vitest";
import { childPath, containerPaths, searchTree, shallowPaths } from "@/lib/messages/json-tree";

const doc = { a: { b: [1, { c: "Needle" }] }, list: Array.from({ length: 60 }, (_, i) => ({ i })), k: "x" };
const p = (...keys: (string | number)[]) => keys.reduce<string>((path, k) => childPath(path, k), "");

describe("json tree", () => {
  it("lists every container for expand-all", () => {
    const all = containerPaths(doc);
    expect(all.has("")).toBe(true);
    expect(all.has(p("a", "b", 1))).toBe(true);
    expect(all.has(p("list", 59))).toBe(true);
    expect(all.has(p("k"))).toBe(false);
    expect(all.size).toBe(1 + 3 + 1 + 60);
  });

  it("starts a large document open two levels deep, skipping big containers", () => {
    const open = shallowPaths(doc, 2, 50);
    expect([...open].sort()).toEqual(["", p("a"), p("a", "b")].sort());
  });

  it("keeps keys that differ only in how they would join apart", () => {
    expect(p("a.b")).not.toBe(p("a", "b"));
  });

  it("finds keys and values, opens their ancestors and says how far each must page", () => {
    const found = searchTree(doc, "needle");
    expect([...found.hits]).toEqual([p("a", "b", 1, "c")]);
    expect([...found.open].sort()).toEqual(["", p("a"), p("a", "b"), p("a", "b", 1)].sort());
    expect(found.reach.get(p("a", "b"))).toBe(2);
    const deep = searchTree(doc, "i");
    expect(deep.reach.get(p("list"))).toBe(60);
    expect(deep.hits.has(p("list", 59, "i"))).toBe(true);
    expect(searchTree(doc, "").hits.size).toBe(0);
  });
});
