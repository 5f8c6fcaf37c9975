import { describe, expect, it } from "vitest";
import { firstScreen, unpackFirstScreen, viewKey, type FirstScreenView } from "@/lib/queues/first-screen";
import { packSnapshot, unpackSnapshot } from "@/lib/queues/snapshot-codec";
import type { SnapshotDto } from "@/lib/validation/metrics";

const spark = (values: (number | null)[]) => [...new Array<null>(48 - values.length).fill(null), ...values];

const snapshot: SnapshotDto = {
  sampledAt: "2026-12-01T22:00:00.000Z",
  intervalSeconds: 60,
  sampled: true,
  sampledBy: "host:1",
  sparkStart: "2026-11-30T22:30:00.000Z",
  sparkSeconds: 1800,
  stallMinutes: 10,
  queues: [
    {
      name: "orders",
      count: 12,
      previousCount: 10,
      oldestAgeSeconds: 30,
      netPerMinute: 2.5,
      growing: true,
      stalled: false,
      drainEtaSeconds: null,
      spark: spark([0, 4, 12]),
    },
    {
      name: "orders-poison",
      count: 5,
      previousCount: 5,
      oldestAgeSeconds: 7200,
      netPerMinute: 0,
      growing: false,
      stalled: true,
      drainEtaSeconds: null,
      spark: spark([5, 5]),
    },
    {
      name: "emails",
      count: 3,
      previousCount: null,
      oldestAgeSeconds: null,
      netPerMinute: -0.5,
      growing: true,
      stalled: true,
      drainEtaSeconds: 360,
      spark: spark([]),
    },
  ],
};

describe("the packed snapshot of the queue page's first HTML", () => {
  it("unpacks to exactly the snapshot it was packed from", () => {
    expect(unpackSnapshot(packSnapshot(snapshot))).toEqual(snapshot);
  });

  it("survives JSON, as it crosses from the server, and is much smaller", () => {
    const packed = JSON.stringify(packSnapshot(snapshot));
    expect(unpackSnapshot(JSON.parse(packed))).toEqual(snapshot);
    expect(packed.length).toBeLessThan(JSON.stringify(snapshot).length / 2);
  });

  it("keeps an empty spark empty", () => {
    const empty = { ...snapshot, queues: [{ ...snapshot.queues[0]!, spark: [] }] };
    expect(unpackSnapshot(packSnapshot(empty)).queues[0]!.spark).toEqual([]);
  });
});

describe("firstScreen", () => {
  const byName: FirstScreenView = { filter: "", prefix: "", poisonOnly: false, sort: "name", descending: false };

  it("is the whole round when it fits", () => {
    const f = unpackFirstScreen(JSON.stringify(firstScreen(snapshot, byName, 3)));
    expect(f).toEqual({ data: snapshot, partial: null });
  });

  it("keeps the view's first rows and counts the view's figures over every row", () => {
    const view = { ...byName, sort: "depth", descending: true } as const;
    const f = unpackFirstScreen(JSON.stringify(firstScreen(snapshot, view, 2)));
    expect(f.data.queues.map((q) => q.name)).toEqual(["orders", "orders-poison"]);
    expect(f.partial).toEqual({ view: viewKey(view), shown: 3, all: 3, total: 20, counted: 3, maxDepth: 12 });
  });

  it("honours the prefix, the filter and the flags", () => {
    const poison = { ...byName, prefix: "orders", only: { stalled: true } };
    expect(firstScreen(snapshot, poison, 1).partial).toMatchObject({ shown: 1, all: 2, total: 5, maxDepth: 5 });
    expect(firstScreen(snapshot, { ...byName, filter: "nothing" }, 1).partial).toMatchObject({ shown: 0, all: 3 });
    expect(viewKey(poison)).not.toBe(viewKey({ ...poison, only: {} }));
  });
});
