import { describe, expect, it } from "vitest";
import { selectionRange } from "@/components/queues/use-queue-selection";

const shown = ["a", "b", "c", "d", "e"];

describe("selectionRange", () => {
  it("is the clicked row alone without shift", () => {
    expect(selectionRange(shown, "a", "d", false)).toEqual(["d"]);
  });

  it("runs from the anchor to the clicked row, in either direction", () => {
    expect(selectionRange(shown, "b", "d", true)).toEqual(["b", "c", "d"]);
    expect(selectionRange(shown, "e", "c", true)).toEqual(["c", "d", "e"]);
  });

  it("is the clicked row alone when there is no anchor, or the filter hid it", () => {
    expect(selectionRange(shown, null, "c", true)).toEqual(["c"]);
    expect(selectionRange(shown, "gone", "c", true)).toEqual(["c"]);
  });
});
