import { describe, expect, it } from "vitest";
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
