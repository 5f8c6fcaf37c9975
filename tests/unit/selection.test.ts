import { describe, expect, it } from "vitest";
import { pruneSelection, selectAll, selectRange, toggleOne } from "@/lib/messages/selection";

const visible = ["a", "b", "c", "d", "e"];
const receivedOnly = (id: string) => id !== "c";

describe("selection", () => {
  it("toggles one row, but never adds one that cannot be acted on", () => {
    expect([...toggleOne(new Set(), "a", receivedOnly)]).toEqual(["a"]);
    expect([...toggleOne(new Set(["a"]), "a", receivedOnly)]).toEqual([]);
    expect([...toggleOne(new Set(), "c", receivedOnly)]).toEqual([]);
  });

  it("adds the range between the anchor and the target in either direction, skipping peeked rows", () => {
    expect([...selectRange(new Set(), visible, "b", "e", receivedOnly)].sort()).toEqual(["b", "d", "e"]);
    expect([...selectRange(new Set(["a"]), visible, "e", "b", receivedOnly)].sort()).toEqual(["a", "b", "d", "e"]);
    expect([...selectRange(new Set(), visible, "d", "d", receivedOnly)]).toEqual(["d"]);
  });

  it("falls back to a toggle without an anchor or when the anchor is filtered away", () => {
    expect([...selectRange(new Set(), visible, null, "b", receivedOnly)]).toEqual(["b"]);
    expect([...selectRange(new Set(), visible, "zz", "b", receivedOnly)]).toEqual(["b"]);
    expect([...selectRange(new Set(["a"]), visible, "a", "gone", receivedOnly)]).toEqual(["a"]);
  });

  it("selects every matching row that can be acted on, and prunes rows no longer loaded", () => {
    expect([...selectAll(visible, receivedOnly)]).toEqual(["a", "b", "d", "e"]);
    expect([...pruneSelection(new Set(["a", "x"]), new Set(visible))]).toEqual(["a"]);
  });
});
