import { describe, expect, it } from "vitest";
import {
  DOWNSAMPLES_PER_DAY,
  estimateQueueCalls,
  estimateRoundWrites,
  leaseCallsPerDay,
  roundsPerDay,
  stateStorePerDay,
} from "@/lib/util/sampling-cost";

describe("what sampling costs the state store a day", () => {
  it("lease: the leader renews every third of the lease; a follower asks twice every 5 s", () => {
    // 30 s lease: a renewal every 10 s.
    expect(leaseCallsPerDay(30, 5, 60)).toEqual({ renewals: 8_640, perFollower: 34_560 });
    expect(leaseCallsPerDay(60, 5, 60).renewals).toBe(4_320);
    // An interval shorter than 5 s cannot happen (5 s is the minimum), but the follower never asks less often than a round.
    expect(leaseCallsPerDay(15, 5, 5)).toEqual({ renewals: 17_280, perFollower: 34_560 });
  });

  it("a round's writes: history chunks 100 to a transaction (≤ 257 chunks), the latest round in one when it fits", () => {
    expect(estimateRoundWrites(0)).toEqual({ seriesWrites: 1, latestWrites: 2 });
    expect(estimateRoundWrites(99)).toEqual({ seriesWrites: 1, latestWrites: 2 });
    expect(estimateRoundWrites(100)).toEqual({ seriesWrites: 2, latestWrites: 2 });
    // 10,000 queues: 257 chunks in 3 transactions; ~2 MB of latest round in one.
    expect(estimateRoundWrites(10_000)).toEqual({ seriesWrites: 3, latestWrites: 2 });
    // 50,000 queues: ~10 MB, in four part transactions, then the head, then the old parts' deletion.
    expect(estimateRoundWrites(50_000)).toEqual({ seriesWrites: 3, latestWrites: 6 });
  });

  it("a day: rounds × writes, downsampling 120 times the raw writes, and the renewals", () => {
    expect(roundsPerDay(60)).toBe(1_440);
    expect(roundsPerDay(7)).toBe(12_342);
    expect(DOWNSAMPLES_PER_DAY).toBe(120);
    // 10,000 queues every 60 s with a 30 s lease: 1,440 × 5 + 120 × 3 + 8,640.
    expect(stateStorePerDay({ seriesWrites: 3, latestWrites: 2 }, 1_440, 8_640)).toBe(16_200);
    expect(stateStorePerDay({ seriesWrites: 1, latestWrites: 1 }, 288, 0)).toBe(696);
  });

  it("the queue service before a round: list pages of 5,000 and one property read per queue", () => {
    expect(estimateQueueCalls(0)).toBe(1);
    expect(estimateQueueCalls(5_000)).toBe(5_001);
    expect(estimateQueueCalls(10_001)).toBe(10_004);
  });
});
