// Merging history points: appending later points (the sampler's usual case) and merging out of
// order both keep each series sorted, one point per dt, the newer winning.
import { describe, expect, it } from "vitest";
import { mergeChunk, type ChunkData, type Point } from "@/lib/metrics/series-store";

const chunk = (entries: [string, Point[]][]): ChunkData => new Map(entries);

describe("mergeChunk", () => {
  it("appends later points, and merges earlier or equal ones in order with the newer winning", () => {
    const into = chunk([
      [
        "q",
        [
          [0, 1, null],
          [60, 2, null],
        ],
      ],
    ]);
    mergeChunk(into, chunk([["q", [[120, 3, 5]]]]));
    expect(into.get("q")).toEqual([
      [0, 1, null],
      [60, 2, null],
      [120, 3, 5],
    ]);
    // Same dt: the newer point replaces the stored one; an earlier dt lands in its place.
    mergeChunk(
      into,
      chunk([
        [
          "q",
          [
            [60, 9, 1],
            [30, 7, null],
          ],
        ],
      ]),
    );
    expect(into.get("q")).toEqual([
      [0, 1, null],
      [30, 7, null],
      [60, 9, 1],
      [120, 3, 5],
    ]);
    // Later points that are not in order are sorted, not appended as they came.
    mergeChunk(
      into,
      chunk([
        [
          "q",
          [
            [300, 1, null],
            [180, 2, null],
          ],
        ],
      ]),
    );
    expect(into.get("q")!.map((p) => p[0])).toEqual([0, 30, 60, 120, 180, 300]);
    // A new series is copied, not shared with the caller's array.
    const points: Point[] = [[0, 4, null]];
    mergeChunk(into, chunk([["r", points]]));
    points.push([60, 5, null]);
    expect(into.get("r")).toEqual([[0, 4, null]]);
  });
});
