// The latest round split in parts (accounts past ~13,000 queues, here a few queues with the sizes
// shrunk) on a real Azurite: two leaders writing at once, and readers mid-read, never see a mix of
// two rounds; parts nobody can read any more are deleted; a head write whose answer was lost, or a
// head whose parts are gone, never stops the sampler.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AccountConfig } from "@/lib/config/accounts";
import {
  forgetLatestCache,
  LATEST_LIMITS,
  readLatest,
  readLatestCached,
  readLatestSummary,
  StateConflict,
  summarize,
  writeLatest,
  type LatestState,
  type QueueState,
} from "@/lib/metrics/latest";
import { newAccountSampler, recordRound } from "@/lib/metrics/sampler";
import { deleteRows, getRecord, queryRecords, transact } from "@/lib/state/store";
import { uniquePrefix } from "../support/api";

/**
 * The next transaction writing a row that `match` picks fails: after it committed (its answer was
 * lost, and the client's retry was refused with 412), or before.
 */
const fault = vi.hoisted(() => ({ match: null as ((rowKey: string) => boolean) | null, commit: false }));
vi.mock("@/lib/state/store", async (importOriginal) => {
  const store = await importOriginal<typeof import("@/lib/state/store")>();
  const transact: typeof store.transact = async (name, actions) => {
    const hit = fault.match && actions.some(([, e]) => fault.match!(e.rowKey));
    if (!hit) return store.transact(name, actions);
    fault.match = null;
    if (fault.commit) await store.transact(name, actions);
    throw new store.StateConflict("changed");
  };
  return { ...store, transact };
});

const QUEUES = 30;
const saved = { ...LATEST_LIMITS };

function round(at: number, count: number): LatestState {
  const queues = new Map<string, QueueState>();
  for (let i = 0; i < QUEUES; i++)
    queues.set(`queue-${String(i).padStart(3, "0")}`, {
      count,
      previousCount: null,
      oldestAgeSeconds: null,
      unchangedSince: at,
      netPerMinute: null,
      spark: new Array(48).fill(count),
    });
  return {
    at,
    intervalSeconds: 60,
    sampledBy: `writer-${count}`,
    calls: { listPages: 1, properties: QUEUES, peeks: 0 },
    sparkStart: at,
    queues,
    total: [],
    m15Done: at,
    h1Done: at,
    pruned: { raw: 0, m15: 0, h1: 0 },
  };
}

/** The same round as the sampler sees it. */
const sampled = (account: string, at: number, count: number) => ({
  account,
  at: new Date(at * 1000),
  intervalSeconds: 60,
  queues: [...round(at, count).queues.keys()].map((name) => ({ name, count, oldestAgeSeconds: null })),
});

const write = (account: string, state: LatestState, etag: string | null) =>
  writeLatest(account, state, summarize(state, 10), etag);

/** Every count of the stored round: one value when the round is whole. */
async function countsOf(account: string) {
  forgetLatestCache(account);
  const latest = await readLatest(account);
  return {
    at: latest?.state.at,
    size: latest?.state.queues.size,
    counts: new Set([...latest!.state.queues.values()].map((q) => q.count)),
  };
}

async function partRounds(account: string): Promise<string[]> {
  const rows = await queryRecords("samples", { partitionKey: `${account}|latest` });
  return [
    ...new Set(rows.filter((r) => r.rowKey !== "head").map((r) => String((r as { round?: number }).round))),
  ].sort();
}

describe("the latest round in parts", () => {
  beforeAll(() => {
    // ~8,000 characters of rows: 40 properties of 200, 2 per part, too big for one transaction.
    Object.assign(LATEST_LIMITS, { propChars: 200, partProps: 2, maxTransactionChars: 1_000 });
  });
  afterAll(() => void Object.assign(LATEST_LIMITS, saved));

  it("a replaced leader writing late leaves the new leader's round whole, and none of its own parts", async () => {
    const account = uniquePrefix("lp");
    const a1 = await write(account, round(1_000, 1), null);
    expect(a1.parts).toBeGreaterThan(5);
    // B takes over from what it reads, and writes its round.
    const seen = await readLatest(account);
    const b = await write(account, round(1_060, 2), seen!.etag);
    // A still believes it leads: its parts go in first, its head is refused.
    await expect(write(account, round(1_120, 3), a1.etag)).rejects.toBeInstanceOf(StateConflict);

    expect(await countsOf(account)).toEqual({ at: 1_060, size: QUEUES, counts: new Set([2]) });
    expect(await partRounds(account)).toEqual(["1000", "1060"]);
    // And B goes on from its own head.
    await write(account, round(1_180, 4), b.etag);
    expect(await countsOf(account)).toEqual({ at: 1_180, size: QUEUES, counts: new Set([4]) });
  });

  it("a reader holding the previous head still reads its round; one holding an older one reads the newest", async () => {
    const account = uniquePrefix("lp");
    let etag: string | null = null;
    const heads = [];
    for (const [i, at] of [1_000, 1_060, 1_120].entries()) {
      etag = (await write(account, round(at, i + 1), etag)).etag;
      heads.push(await getRecord<never>("samples", `${account}|latest`, "head"));
    }
    // The round before the previous one is deleted once the head moved past it.
    expect(await partRounds(account)).toEqual(["1060", "1120"]);
    const previous = await readLatest(account, heads[1] as never);
    expect(previous?.state.at).toBe(1_060);
    expect(new Set([...previous!.state.queues.values()].map((q) => q.count))).toEqual(new Set([2]));
    // Its parts are gone: read again from the head as it is now, never a mix.
    const stale = await readLatest(account, heads[0] as never);
    expect(stale?.state.at).toBe(1_120);
    expect(new Set([...stale!.state.queues.values()].map((q) => q.count))).toEqual(new Set([3]));
    // The head says what storing it cost: the parts' transactions, the head's, and one deletion.
    const calls = (await readLatestSummary(account))!.calls;
    expect(calls.latestWrites).toBeGreaterThanOrEqual(3);
  });

  it("a round that fits in one transaction: head and parts in it, the parts of two rounds ago deleted after", async () => {
    Object.assign(LATEST_LIMITS, saved);
    try {
      const account = uniquePrefix("lp");
      let etag: string | null = null;
      for (const [i, at] of [1_000, 1_060, 1_120].entries()) etag = (await write(account, round(at, i + 1), etag)).etag;
      expect(await partRounds(account)).toEqual(["1060", "1120"]);
      expect((await readLatestSummary(account))!.calls.latestWrites).toBe(2);
      expect(await countsOf(account)).toEqual({ at: 1_120, size: QUEUES, counts: new Set([3]) });
    } finally {
      Object.assign(LATEST_LIMITS, { propChars: 200, partProps: 2, maxTransactionChars: 1_000 });
    }
  });

  it("reads and replaces a round stored before parts were keyed by round", async () => {
    const account = uniquePrefix("lp");
    const state = round(900, 7);
    const rows = JSON.stringify(
      [...state.queues].map(([name, q]) => [name, q.count, null, null, q.unchangedSince, null, q.spark]),
    );
    const partitionKey = `${account}|latest`;
    const head = {
      partitionKey,
      rowKey: "head",
      at: 900,
      interval: 60,
      by: "old",
      parts: 1,
      sparkStart: 900,
      m15Done: 900,
      h1Done: 900,
      pruned: JSON.stringify(state.pruned),
      summary: JSON.stringify(summarize(state, 10)),
    };
    await transact("samples", [
      ["create", head],
      ["create", { partitionKey, rowKey: "part|000", round: 900, n: 1, d0: rows }],
    ]);
    expect(await countsOf(account)).toEqual({ at: 900, size: QUEUES, counts: new Set([7]) });
    let etag = (await readLatest(account))!.etag;
    etag = (await write(account, round(960, 8), etag)).etag!;
    expect(await countsOf(account)).toEqual({ at: 960, size: QUEUES, counts: new Set([8]) });
    await write(account, round(1_020, 9), etag);
    expect(await partRounds(account)).toEqual(["1020", "960"]);
  });

  it("a head write that committed but whose answer was lost keeps its parts: the round reads, the writer goes on", async () => {
    const account = uniquePrefix("lp");
    const first = await write(account, round(1_000, 1), null);
    Object.assign(fault, { match: (k: string) => k === "head", commit: true });
    const second = await write(account, round(1_060, 2), first.etag);
    expect(fault.match).toBeNull();
    expect(second.etag).toBe((await getRecord("samples", `${account}|latest`, "head"))!.etag);
    expect(await partRounds(account)).toEqual(["1000", "1060"]);
    expect(await countsOf(account)).toEqual({ at: 1_060, size: QUEUES, counts: new Set([2]) });
    await write(account, round(1_120, 3), second.etag);
    expect(await countsOf(account)).toEqual({ at: 1_120, size: QUEUES, counts: new Set([3]) });
  });

  it("a head whose parts are gone: readers answer state_unavailable until the next sampler round replaces it", async () => {
    const account = uniquePrefix("lp");
    const partitionKey = `${account}|latest`;
    const first = await write(account, round(1_000, 1), null);
    await write(account, round(1_060, 2), first.etag);
    const parts = (await queryRecords("samples", { partitionKey })).filter((r) => r.rowKey !== "head");
    await deleteRows(
      "samples",
      partitionKey,
      parts.map((r) => r.rowKey),
    );
    forgetLatestCache(account);
    await expect(readLatest(account)).rejects.toMatchObject({ code: "state_unavailable" });

    const sampler = newAccountSampler({ id: account } as AccountConfig);
    await recordRound(sampler, sampled(account, 1_120, 3));
    expect(await countsOf(account)).toEqual({ at: 1_120, size: QUEUES, counts: new Set([3]) });
    // The head's watermarks survived; the queues start over (their figures were in the lost parts).
    const healed = (await readLatest(account))!.state;
    expect(healed.m15Done).toBe(1_060);
    expect([...healed.queues.values()].every((q) => q.previousCount === null)).toBe(true);
    await recordRound(sampler, sampled(account, 1_180, 4));
    const next = (await readLatest(account))!.state;
    expect(next.at).toBe(1_180);
    expect([...next.queues.values()].every((q) => q.count === 4 && q.previousCount === 3)).toBe(true);
    expect(await partRounds(account)).toEqual(["1120", "1180"]);
  });

  it("a part write that fails part-way takes the parts it wrote with it", async () => {
    const account = uniquePrefix("lp");
    const first = await write(account, round(1_000, 1), null);
    // Two parts per transaction here: the first group commits, the second fails.
    Object.assign(fault, { match: (k: string) => k.endsWith("|003"), commit: false });
    await expect(write(account, round(1_060, 2), first.etag)).rejects.toBeInstanceOf(StateConflict);
    expect(await partRounds(account)).toEqual(["1000"]);
    await write(account, round(1_060, 2), first.etag);
    expect(await countsOf(account)).toEqual({ at: 1_060, size: QUEUES, counts: new Set([2]) });
  });

  it("parts of a round whose head was never written (a crash between them) go with the next leader's first write", async () => {
    const account = uniquePrefix("lp");
    const partitionKey = `${account}|latest`;
    await write(account, round(1_000, 1), null);
    await transact("samples", [
      ["create", { partitionKey, rowKey: "p|1030.deadbeef|000", round: 1_030, n: 1, d0: "[]" }],
      ["create", { partitionKey, rowKey: "p|1030.deadbeef|001", round: 1_030, n: 1, d0: "[]" }],
    ]);
    const sampler = newAccountSampler({ id: account } as AccountConfig);
    await recordRound(sampler, sampled(account, 1_060, 2));
    expect(await partRounds(account)).toEqual(["1000", "1060"]);
    const looked = (await readLatestSummary(account))!.calls.latestWrites!;
    // A round after its own needs no look: the round before the previous one goes by its keys.
    await recordRound(sampler, sampled(account, 1_120, 3));
    expect(await partRounds(account)).toEqual(["1060", "1120"]);
    expect((await readLatestSummary(account))!.calls.latestWrites).toBe(looked - 1);
  });
  it("the instance that stored a round serves it to its own readers from memory, without reading it back", async () => {
    const account = uniquePrefix("lp");
    const sampler = newAccountSampler({ id: account } as AccountConfig);
    await recordRound(sampler, sampled(account, 1_000, 1));
    expect((await readLatestCached(account))!.state).toBe(sampler.state);
    // Another instance, with nothing in memory, reads the same round from the store.
    forgetLatestCache(account);
    const read = (await readLatestCached(account))!;
    expect(read.state).not.toBe(sampler.state);
    expect(read.state.at).toBe(1_000);
    expect(read.state.queues.size).toBe(sampler.state!.queues.size);
  });
});
