import { describe, expect, it } from "vitest";
import { parseJsonSource, prettyJson, type JsonContainer, type JsonNode } from "@/lib/messages/json-source";
import { containerIds, lineText, longerThan, searchTree, shallowIds, visibleLines } from "@/lib/messages/json-tree";

const text = JSON.stringify({
  a: { b: [1, { c: "Needle" }] },
  list: Array.from({ length: 60 }, (_, i) => ({ i })),
  k: "x",
});
const doc = parseJsonSource(text)!;

/** The node at a path of entry indexes from the root. */
const at = (...indexes: number[]): JsonNode =>
  indexes.reduce<JsonNode>((n, i) => (n as JsonContainer).children[i]!, doc);
const everything = () => Number.MAX_SAFE_INTEGER;

describe("json tree", () => {
  it("lists every container for expand-all", () => {
    const all = containerIds(doc);
    expect(all.has(doc.id)).toBe(true);
    expect(all.has(at(0, 0, 1).id)).toBe(true);
    expect(all.has(at(1, 59).id)).toBe(true);
    expect(all.has(at(2).id)).toBe(false);
    expect(all.size).toBe(1 + 3 + 1 + 60);
  });

  it("starts a large document open two levels deep, skipping big containers", () => {
    expect([...shallowIds(doc, 2, 50)].sort()).toEqual([doc.id, at(0).id, at(0, 0).id].sort());
  });

  it("finds keys and values, opens their ancestors and says how far each must page", () => {
    const found = searchTree(doc, "needle");
    expect([...found.hits]).toEqual([at(0, 0, 1, 0).id]);
    expect([...found.open].sort()).toEqual([doc.id, at(0).id, at(0, 0).id, at(0, 0, 1).id].sort());
    expect(found.reach.get(at(0, 0).id)).toBe(2);
    const deep = searchTree(doc, "i");
    expect(deep.reach.get(at(1).id)).toBe(60);
    expect(deep.hits.has(at(1, 59, 0).id)).toBe(true);
    expect(searchTree(doc, "").hits.size).toBe(0);
  });

  it("opens every path to a hit when a later hit sits higher up, in a deep document too", () => {
    const root = parseJsonSource('[[["x", 1], "x"], "x", [[0, ["x"]]]]')!;
    const node = (...indexes: number[]) => indexes.reduce<JsonNode>((n, i) => (n as JsonContainer).children[i]!, root);
    const found = searchTree(root, "x");
    expect(found.hits.size).toBe(4);
    expect([...found.open].sort()).toEqual(
      [root.id, node(0).id, node(0, 0).id, node(2).id, node(2, 0).id, node(2, 0, 1).id].sort(),
    );
    expect([root, node(0), node(0, 0), node(2), node(2, 0), node(2, 0, 1)].map((n) => found.reach.get(n.id))).toEqual([
      3, 2, 1, 1, 2, 1,
    ]);
    // 500 levels, then 30,000 items: each hit walks up only as far as the first container it already reached.
    const wide = parseJsonSource("[".repeat(499) + Array(30_000).fill("7").join(",") + "]".repeat(499))!;
    const deep = searchTree(wide, "7");
    expect(deep.hits.size).toBe(30_000);
    expect(deep.open.size).toBe(499);
  });

  it("searches numbers as written and escaped strings as they read", () => {
    const root = parseJsonSource(String.raw`{"id":12345678901234567890,"big":1e400,"city":"Z\u00fcrich"}`)!;
    const [id, big, city] = (root as JsonContainer).children;
    expect([...searchTree(root, "4567890").hits]).toEqual([id!.id]);
    expect([...searchTree(root, "1e400").hits]).toEqual([big!.id]);
    expect(searchTree(root, "infinity").hits.size).toBe(0);
    expect([...searchTree(root, "zürich").hits]).toEqual([city!.id]);
    expect([...searchTree(root, "u00fc").hits]).toEqual([city!.id]);
  });

  it("shows keys in written order and duplicate keys as separate lines", () => {
    const root = parseJsonSource('{"10":1,"2":2,"2":3}')!;
    const lines = visibleLines(root, containerIds(root), everything).map(lineText);
    expect(lines).toEqual(["▾ {", '    "10": 1,', '    "2": 2,', '    "2": 3', "  }"]);
    expect(new Set(visibleLines(root, containerIds(root), everything).map((l) => l.key)).size).toBe(5);
  });

  it("fully expanded, reads as the raw view's pretty text", () => {
    const source = '{"id":12345678901234567890,"e":{},"l":[[],[-0,{"x":[1e400]}]],"s":"a\\"b"}';
    const root = parseJsonSource(source)!;
    const lines = visibleLines(root, containerIds(root), everything).map((l) =>
      lineText(l).replace(/[▾▸] /, "  ").slice(2),
    );
    expect(lines.join("\n")).toBe(prettyJson(source));
  });

  it("pages a container to what shown() allows and says how many are left", () => {
    const lines = visibleLines(doc, containerIds(doc), (n) => (n.id === at(1).id ? 5 : 1000));
    const more = lines.find((l) => l.kind === "more")!;
    expect(lineText(more)).toBe("      55 more items");
    expect(lines.filter((l) => l.depth === 2 && l.kind === "value" && l.node.kind === "object")).toHaveLength(5);
    expect(longerThan(doc, 59)).toBe(1);
    expect(longerThan(doc, 60)).toBe(0);
  });

  it("folds a closed container onto one line with its size", () => {
    const lines = visibleLines(doc, new Set([doc.id]), everything).map(lineText);
    expect(lines).toEqual(["▾ {", '  ▸ "a": { 1 key },', '  ▸ "list": [ 60 items ],', '    "k": "x"', "  }"]);
  });
});
