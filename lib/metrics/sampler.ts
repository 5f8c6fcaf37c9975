import "server-only";
import os from "node:os";
import { getAccountConfigs } from "@/lib/azure/accounts";
import { toAppError } from "@/lib/azure/errors";
import { sampleAccountQueues } from "@/lib/azure/sampling";
import type { AccountConfig } from "@/lib/config/accounts";
import { sampleIntervalSeconds, stallMinutes } from "@/lib/config/sampling";
import { FOLLOW_MS } from "@/lib/util/sampling-limits";
import { acquireLease, LEASE_SECONDS, type Lease } from "@/lib/state/lease";
import { deletePartition, StateConflict } from "@/lib/state/store";
import { nextNetPerMinute } from "./flags";
import {
  addTotal,
  forgetLatestCache,
  primeLatestCache,
  readLatestForWriter,
  shiftSpark,
  sparkStartFor,
  summarize,
  writeLatest,
  type LatestState,
  type QueueState,
} from "./latest";
import { publishSampleRound, type SampleRound } from "./round";
import {
  chunkStart,
  partitionOf,
  readChunksAt,
  SeriesWriter,
  SHARDS,
  shardOf,
  TIERS,
  TOTAL_KEY,
  TOTAL_SHARD,
  type ChunkData,
  type Tier,
} from "./series-store";

/** Get Queue Properties and peeks in flight per round. */
const CONCURRENCY = 64;
/** Closed windows downsampled per round at most (a leader back after a long pause catches up over rounds). */
const CATCH_UP = 8;

export const INSTANCE = `${os.hostname()}:${process.pid}`;

/** What the leader of one account keeps between rounds. */
export interface AccountSampler {
  account: AccountConfig;
  writer: SeriesWriter;
  state: LatestState | null;
  loaded: boolean;
  headEtag: string | null;
  parts: number;
  /** Epoch s since when this writer saw every round: before it, closed windows are read back from the store. */
  since: number;
  lease?: Lease;
  /** Only queues with this prefix (tests share one emulator account). */
  prefix?: string;
}

export function newAccountSampler(
  account: AccountConfig,
  opts: { prefix?: string; lease?: Lease } = {},
): AccountSampler {
  return {
    account,
    writer: new SeriesWriter(account.id),
    state: null,
    loaded: false,
    headEtag: null,
    parts: 0,
    since: Infinity,
    prefix: opts.prefix,
    lease: opts.lease,
  };
}

/** One full round: sample the account, then store and publish it. Answers the round and the queues it could not read. */
export async function sampleRound(
  s: AccountSampler,
  now = new Date(),
  signal?: AbortSignal,
): Promise<SampleRound & { failed: string[] }> {
  const sample = await sampleAccountQueues(s.account, { concurrency: CONCURRENCY, at: now, prefix: s.prefix, signal });
  const round: SampleRound = {
    account: s.account.id,
    at: now,
    intervalSeconds: sampleIntervalSeconds(),
    queues: sample.queues,
  };
  await recordRound(s, round, sample.calls, sample.failed);
  if (sample.failed.length)
    console.error(
      `Queuescope: sampler for account ${s.account.id}: ${sample.failed.length} queues could not be read this round (kept at their previous sample).`,
    );
  return { ...round, failed: sample.failed };
}

/**
 * Stores one round: raw points, the windows it closed downsampled (15 min from raw, hourly from
 * 15 min), retention, then the latest round; then tells the subscribers. The clock is the round's
 * `at`, so tests drive days of history without waiting.
 */
export async function recordRound(
  s: AccountSampler,
  round: SampleRound,
  calls = { listPages: 0, properties: 0, peeks: 0 },
  failed: string[] = [],
): Promise<void> {
  const at = Math.floor(round.at.getTime() / 1000);
  if (!s.loaded) {
    const stored = await readLatestForWriter(s.account.id);
    if (stored?.broken)
      console.error(
        `Queuescope: sampler for account ${s.account.id}: the stored latest round had lost its parts; this round replaces it.`,
      );
    s.state = stored?.state ?? null;
    s.headEtag = stored?.etag ?? null;
    s.parts = stored?.parts ?? 0;
    s.loaded = true;
    s.since = at;
  }
  if (s.state && at <= s.state.at) return; // an older or repeated round: already stored
  const state = advance(s.state, round, at, calls, failed);
  // A round of 10,000 queues is ~0.2 s of CPU in this process: done in slices, so that a page
  // request served by the same event loop waits behind one slice, not the whole round.
  await breathe();
  for (let i = 0; i < round.queues.length; i += SLICE) {
    for (const q of round.queues.slice(i, i + SLICE))
      s.writer.add("raw", shardOf(q.name), q.name, at, q.count, q.oldestAgeSeconds);
    await breathe();
  }
  s.writer.add("raw", TOTAL_SHARD, TOTAL_KEY, at, totalOf(state), null);
  s.lease?.assertHeld();
  const transactionsBefore = s.writer.stats.transactions;
  await s.writer.flush();
  state.calls = { ...state.calls, seriesWrites: s.writer.stats.transactions - transactionsBefore };
  await downsample15(s, state, at);
  s.lease?.assertHeld();
  await s.writer.flush();
  await downsample60(s, state);
  s.lease?.assertHeld();
  await s.writer.flush();
  await prune(s.account.id, state, at);
  s.writer.forgetBefore(at - 3600);
  s.lease?.assertHeld();
  const summary = summarize(state, stallMinutes());
  await breathe();
  s.lease?.assertHeld();
  let written: Awaited<ReturnType<typeof writeLatest>>;
  try {
    written = await writeLatest(s.account.id, state, summary, s.headEtag);
    s.headEtag = written.etag;
    s.parts = written.parts;
  } catch (err) {
    // Another leader wrote the head since: read its view on the next round instead of overwriting it.
    if (err instanceof StateConflict) s.loaded = false;
    forgetLatestCache(s.account.id);
    throw err;
  }
  s.state = state;
  // This instance's readers get the round as written, without reading back the ~2 MB it just stored
  // (the first page after every round paid for that read and its parse).
  if (written.etag) primeLatestCache(s.account.id, { state, summary, etag: written.etag, parts: written.parts });
  else forgetLatestCache(s.account.id);
  await publishSampleRound({ ...round, failed });
}

/** Queues written to the history per slice of a round. */
const SLICE = 1_000;

/** Lets the event loop serve what waits (page requests) before the next slice of a round. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

function advance(
  previous: LatestState | null,
  round: SampleRound,
  at: number,
  calls: LatestState["calls"],
  failed: string[],
): LatestState {
  const sparkStart = sparkStartFor(at);
  const queues = new Map<string, QueueState>();
  // A queue this round could not read keeps its previous figures (no new history point).
  for (const name of failed) {
    const old = previous?.queues.get(name);
    if (old) queues.set(name, { ...old, spark: shiftSpark(old.spark, previous!.sparkStart, sparkStart) });
  }
  for (const q of round.queues) {
    const old = previous?.queues.get(q.name);
    const seconds = previous ? at - previous.at : 0;
    // A copy: the previous round's state is still what readers of this instance's cache are served.
    const spark = old
      ? shiftSpark(old.spark, previous!.sparkStart, sparkStart).slice()
      : shiftSpark([], sparkStart, sparkStart);
    spark[spark.length - 1] = Math.max(spark[spark.length - 1] ?? 0, q.count);
    queues.set(q.name, {
      count: q.count,
      previousCount: old?.count ?? null,
      oldestAgeSeconds: q.oldestAgeSeconds,
      unchangedSince: old && old.count === q.count ? old.unchangedSince : at,
      netPerMinute: nextNetPerMinute(old?.netPerMinute ?? null, old?.count ?? null, q.count, seconds),
      spark,
    });
  }
  const m15 = chunkStart("raw", at);
  return {
    at,
    intervalSeconds: round.intervalSeconds,
    sampledBy: INSTANCE,
    calls,
    sparkStart,
    queues,
    total: addTotal(
      previous?.total.map(([t, c]) => [t, c] as [number, number]) ?? [],
      at,
      [...queues.values()].reduce((sum, q) => sum + q.count, 0),
    ),
    m15Done: previous?.m15Done ?? m15,
    h1Done: previous?.h1Done ?? Math.floor(at / 3600) * 3600,
    pruned: previous?.pruned ?? { raw: 0, m15: 0, h1: 0 },
  };
}

function totalOf(state: LatestState): number {
  let total = 0;
  for (const q of state.queues.values()) total += q.count;
  return total;
}

/** The chunks of a tier starting at `start`, by shard: from this writer when it saw the whole window, else from the store. */
async function chunksAt(s: AccountSampler, tier: Tier, start: number): Promise<Map<string, ChunkData>> {
  if (s.since <= start) {
    const out = new Map<string, ChunkData>();
    for (const shard of SHARD_KEYS) {
      const data = s.writer.known(tier, shard, start);
      if (data) out.set(shard, data);
    }
    if (out.size) return out;
  }
  return readChunksAt(s.account.id, tier, start);
}

const SHARD_KEYS = [TOTAL_SHARD, ...Array.from({ length: SHARDS }, (_, i) => String(i).padStart(3, "0"))];

/** 15-min points for every raw window this round closed (they read the raw chunks, so those are flushed first). */
async function downsample15(s: AccountSampler, state: LatestState, at: number): Promise<void> {
  const closed = chunkStart("raw", at);
  // Raw is kept 48 h: older windows cannot be downsampled any more.
  state.m15Done = Math.max(state.m15Done, closed - TIERS.raw.keepSeconds);
  for (let n = 0; n < CATCH_UP && state.m15Done < closed; n++) {
    const w = state.m15Done;
    for (const [shard, data] of await chunksAt(s, "raw", w)) {
      for (const [key, points] of data) {
        const [count, age] = peak(points.map((p) => [p[1], p[2]]));
        s.writer.add("m15", shard, key, w, count, age);
      }
    }
    state.m15Done = w + TIERS.m15.pointSeconds;
  }
}

/** Hourly points for every hour whose 15-min points are all written. */
async function downsample60(s: AccountSampler, state: LatestState): Promise<void> {
  const closed = Math.floor(state.m15Done / 3600) * 3600;
  state.h1Done = Math.max(state.h1Done, closed - TIERS.m15.keepSeconds);
  for (let n = 0; n < CATCH_UP && state.h1Done < closed; n++) {
    const h = state.h1Done;
    const day = chunkStart("m15", h);
    for (const [shard, data] of await chunksAt(s, "m15", day)) {
      for (const [key, points] of data) {
        const inHour = points.filter(([dt]) => day + dt >= h && day + dt < h + 3600);
        if (!inHour.length) continue;
        const [count, age] = peak(inHour.map((p) => [p[1], p[2]]));
        s.writer.add("h1", shard, key, h, count, age);
      }
    }
    state.h1Done = h + 3600;
  }
}

function peak(values: [number, number | null][]): [number, number | null] {
  let count = 0;
  let age: number | null = null;
  for (const [c, a] of values) {
    count = Math.max(count, c);
    if (a !== null) age = Math.max(age ?? 0, a);
  }
  return [count, age];
}

/** Where pruning starts when it never ran: a little before the oldest partition that can hold kept data. */
const FIRST_PRUNE_BACK: Record<Tier, number> = { raw: 3 * 86_400, m15: 62 * 86_400, h1: 62 * 86_400 };

/** Deletes whole partitions once their newest data is past the tier's retention, each once (a watermark says how far). */
async function prune(account: string, state: LatestState, at: number): Promise<void> {
  for (const tier of ["raw", "m15", "h1"] as const) {
    const horizon = at - TIERS[tier].keepSeconds;
    let t = state.pruned[tier] || horizon - FIRST_PRUNE_BACK[tier];
    while (partitionEnd(tier, t) <= horizon) {
      await deletePartition("samples", partitionOf(account, tier, t));
      t = partitionEnd(tier, t);
      state.pruned[tier] = t;
    }
    if (!state.pruned[tier]) state.pruned[tier] = t;
  }
}

/** Epoch s when the partition holding `t` ends (its last chunk's data ends then too, for day-sized chunks). */
function partitionEnd(tier: Tier, t: number): number {
  const d = new Date(t * 1000);
  if (tier === "raw") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) / 1000;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
}

// ---- the loop: one leader per account across instances ----

interface Runtime {
  stopped: boolean;
  /** Aborts the rounds in flight on stop, so a shutdown does not wait for a round of 10,000 queues. */
  stopping: AbortController;
  loops: Map<string, { sampler: AccountSampler | null; wake: () => void; done: Promise<void> }>;
}

const g = globalThis as typeof globalThis & { __queuescopeSampler?: Runtime };

/** True when this instance runs samplers: QUEUESCOPE_WORKERS=0 serves the UI and API only. */
export function samplingEnabled(): boolean {
  return process.env.QUEUESCOPE_WORKERS !== "0";
}

function sleep(ms: number, wakeRef: { wake: () => void }): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    wakeRef.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

function log(account: string, what: string, err: unknown): void {
  console.error(`Queuescope: sampler for account ${account}: ${what}: ${toAppError(err).message}`);
}

/**
 * How long after a failed round the next one starts: 5 s, then doubling, never more than the
 * interval. A blip costs seconds of history instead of a whole interval; storage that keeps
 * failing (throttling) is asked less and less often, and never more than once per 5 s.
 */
export function retryDelayMs(failures: number, intervalMs: number): number {
  return Math.min(intervalMs, 5_000 * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}

async function loop(
  rt: Runtime,
  account: AccountConfig,
  slot: { sampler: AccountSampler | null; wake: () => void },
): Promise<void> {
  const interval = sampleIntervalSeconds() * 1000;
  let failures = 0;
  while (!rt.stopped) {
    const s = slot.sampler;
    if (!s?.lease || !s.lease.held()) {
      if (s?.lease) console.log(`Queuescope: sampler for account ${account.id}: lease lost, following.`);
      slot.sampler = null;
      const lease = await acquireLease(`sampler-${account.id}`).catch((err) => {
        log(account.id, "cannot reach the lease", err);
        return null;
      });
      if (rt.stopped) {
        await lease?.release();
        return;
      }
      if (!lease) {
        await sleep(Math.min(FOLLOW_MS, interval), slot);
        continue;
      }
      console.log(`Queuescope: sampler for account ${account.id}: leading on ${INSTANCE}.`);
      slot.sampler = newAccountSampler(account, { lease });
    }
    const started = Date.now();
    let wait: number;
    try {
      await sampleRound(slot.sampler!, new Date(), AbortSignal.any([slot.sampler!.lease!.lost, rt.stopping.signal]));
      failures = 0;
      wait = interval - (Date.now() - started);
    } catch (err) {
      wait = retryDelayMs(++failures, interval);
      log(account.id, `round failed, retrying in ${Math.round(wait / 1000)} s`, err);
    }
    if (!rt.stopped) await sleep(Math.max(0, wait), slot);
  }
}

/** Starts one sampler loop per account that is sampled (the server calls it once at start). */
export function startSamplers(): void {
  if (!samplingEnabled() || g.__queuescopeSampler) return;
  const rt: Runtime = { stopped: false, stopping: new AbortController(), loops: new Map() };
  g.__queuescopeSampler = rt;
  for (const account of getAccountConfigs()) {
    if (!account.sample) continue;
    const slot = { sampler: null as AccountSampler | null, wake: () => undefined, done: Promise.resolve() };
    slot.done = loop(rt, account, slot).catch((err) => log(account.id, "stopped", err));
    rt.loops.set(account.id, slot);
  }
}

/** Stops every loop and releases the leases, so another instance leads at once (SIGTERM, tests). */
export async function stopSamplers(): Promise<void> {
  const rt = g.__queuescopeSampler;
  if (!rt) return;
  rt.stopped = true;
  rt.stopping.abort();
  g.__queuescopeSampler = undefined;
  for (const slot of rt.loops.values()) slot.wake();
  await Promise.race([
    Promise.all([...rt.loops.values()].map((s) => s.done)),
    new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000).unref()),
  ]);
  await Promise.all([...rt.loops.values()].map((s) => s.sampler?.lease?.release()));
}

/** Which accounts this instance leads right now (e2e and the settings page). */
export function leadingAccounts(): string[] {
  const rt = g.__queuescopeSampler;
  return rt ? [...rt.loops].filter(([, s]) => s.sampler?.lease?.held()).map(([id]) => id) : [];
}
