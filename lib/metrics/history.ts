import "server-only";
import { toAppError } from "@/lib/azure/errors";
import type { AccountConfig } from "@/lib/config/accounts";
import { sampleIntervalSeconds, stallMinutes } from "@/lib/config/sampling";
import { listJobRecords } from "@/lib/jobs/records";
import type {
  AccountHistoryDto,
  HistoryRange,
  JobMarkerDto,
  OverviewAccountDto,
  QueueHistoryDto,
  QueueSampleFields,
  SamplingCostDto,
  SnapshotDto,
  StateStoreCostDto,
} from "@/lib/validation/metrics";
import type { QueueSummary } from "@/lib/validation/queues";
import { createLoader } from "nuqs/server";
import { firstScreen, viewKey, type FirstScreenView } from "@/lib/queues/first-screen";
import { queueListParams, queueTableView } from "@/lib/url-state";
import { LEASE_SECONDS } from "@/lib/state/lease";
import { FOLLOW_MS } from "@/lib/util/sampling-limits";
import { estimateRoundWrites, leaseCallsPerDay, roundsPerDay, stateStorePerDay } from "@/lib/util/sampling-cost";
import { firingAlerts } from "./alerts";
import { queueFlags } from "./flags";
import {
  readLatestCached,
  readLatestSummary,
  SPARK_SECONDS,
  type LatestSummary,
  type QueueState,
  type StoredLatest,
} from "./latest";
import { readShard, seriesOf, shardOf, TOTAL_KEY, TOTAL_SHARD, type Tier } from "./series-store";

const RANGES: Record<HistoryRange, { seconds: number; tier: Tier; pointSeconds: number | null }> = {
  "1h": { seconds: 3600, tier: "raw", pointSeconds: null },
  "24h": { seconds: 86_400, tier: "raw", pointSeconds: null },
  "7d": { seconds: 7 * 86_400, tier: "m15", pointSeconds: 900 },
  "30d": { seconds: 30 * 86_400, tier: "m15", pointSeconds: 900 },
  "1y": { seconds: 365 * 86_400, tier: "h1", pointSeconds: 3600 },
};

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

async function seriesFor(account: string, shard: string, key: string, range: HistoryRange, now: number) {
  const spec = RANGES[range];
  const from = now - spec.seconds;
  const chunks = await readShard(account, spec.tier, shard, from, now);
  return seriesOf(chunks, key, from, now);
}

async function intervalFor(account: string, range: HistoryRange): Promise<number> {
  const fixed = RANGES[range].pointSeconds;
  if (fixed) return fixed;
  // The head alone (one point read): the whole latest round is megabytes at 10,000 queues.
  const summary = await readLatestSummary(account).catch(() => null);
  return summary?.intervalSeconds ?? sampleIntervalSeconds();
}

/** Jobs of this account that read or wrote `queue` and ran at some time in [from, to]. */
async function jobMarkers(account: string, queue: string, from: number, to: number): Promise<JobMarkerDto[]> {
  const records = await listJobRecords();
  return records
    .map((r) => r.job)
    .filter((j) => j.account === account && (j.source === queue || j.target === queue))
    .filter(
      (j) =>
        Date.parse(j.createdAt) < (to + 1) * 1000 && (j.finishedAt === null || Date.parse(j.finishedAt) >= from * 1000),
    )
    .map((j) => ({ id: j.id, kind: j.kind, state: j.state, startedAt: j.createdAt, finishedAt: j.finishedAt }))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export async function queueHistory(
  account: AccountConfig,
  queue: string,
  range: HistoryRange,
  now = new Date(),
): Promise<QueueHistoryDto> {
  const to = Math.floor(now.getTime() / 1000);
  const [points, intervalSeconds, jobs, latest] = await Promise.all([
    seriesFor(account.id, shardOf(queue), queue, range, to),
    intervalFor(account.id, range),
    jobMarkers(account.id, queue, to - RANGES[range].seconds, to),
    latestFor(account),
  ]);
  const q = latest?.state.queues.get(queue);
  return {
    intervalSeconds,
    samples: points.map(([at, count, age]) => ({ at: iso(at), count, oldestAgeSeconds: age })),
    jobs,
    // The round as the listing reads it (parsed once per round on this server): the queue page
    // never downloads the whole account's snapshot for one queue's figures.
    latest:
      latest && q
        ? {
            count: q.count,
            sampledAt: iso(latest.state.at),
            intervalSeconds: latest.state.intervalSeconds,
            ...fieldsOf(latest, q),
          }
        : null,
  };
}

export async function accountHistory(
  account: AccountConfig,
  range: HistoryRange,
  now = new Date(),
): Promise<AccountHistoryDto> {
  const to = Math.floor(now.getTime() / 1000);
  const [points, intervalSeconds] = await Promise.all([
    seriesFor(account.id, TOTAL_SHARD, TOTAL_KEY, range, to),
    intervalFor(account.id, range),
  ]);
  return { intervalSeconds, samples: points.map(([at, count]) => ({ at: iso(at), count })) };
}

function fieldsOf(latest: StoredLatest, q: QueueState): Omit<QueueSampleFields, "sampledAt"> {
  return {
    previousCount: q.previousCount,
    oldestAgeSeconds: q.oldestAgeSeconds,
    netPerMinute: q.netPerMinute,
    ...queueFlags(q, latest.state.at, stallMinutes()),
  };
}

/** The listing waits this long at most for the latest round; a slow state store must not hold the queue table. */
const LISTING_WAIT_MS = 1_500;

async function latestFor(account: AccountConfig): Promise<StoredLatest | null> {
  if (!account.sample) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LISTING_WAIT_MS)));
  // A state store that does not answer leaves the fields out rather than failing the listing.
  const latest = await Promise.race([readLatestCached(account.id).catch(() => null), late]);
  clearTimeout(timer);
  return latest;
}

/** A queue the latest round did not see (new since, or never sampled) is listed without the fields. */
function lookup(latest: StoredLatest | null): (q: QueueSummary) => QueueSummary {
  return (q) => {
    const s = latest?.state.queues.get(q.name);
    if (!latest || !s) return q;
    return { ...q, sampledAt: iso(latest.state.at), ...fieldsOf(latest, s) };
  };
}

/** Adds each listed queue's latest sample: the latest round is read once (shared for 2 s), never per queue. */
export async function withLatestSamples(account: AccountConfig, queues: QueueSummary[]): Promise<QueueSummary[]> {
  return queues.map(lookup(await latestFor(account)));
}

/** The same, for a listing that arrives page by page (the NDJSON stream). */
export async function latestSamplesLookup(account: AccountConfig): Promise<(q: QueueSummary) => QueueSummary> {
  return lookup(await latestFor(account));
}

/** The latest round for the queue table's first paint: one state-store query, no queue-service call. */
export async function accountSnapshot(account: AccountConfig): Promise<SnapshotDto> {
  const base = {
    sparkSeconds: SPARK_SECONDS,
    stallMinutes: stallMinutes(),
    intervalSeconds: sampleIntervalSeconds(),
    sampledBy: null,
  };
  if (!account.sample)
    return { ...base, sampledAt: null, sampled: false, reason: "sampling_disabled", sparkStart: null, queues: [] };
  const latest = await readLatestCached(account.id);
  if (!latest)
    return { ...base, sampledAt: null, sampled: true, reason: "not_sampled_yet", sparkStart: null, queues: [] };
  const queues = [...latest.state.queues].map(([name, q]) => ({
    name,
    count: q.count,
    ...fieldsOf(latest, q),
    spark: q.spark,
  }));
  queues.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    ...base,
    intervalSeconds: latest.state.intervalSeconds,
    sampledAt: iso(latest.state.at),
    sampledBy: latest.state.sampledBy,
    sampled: true,
    sparkStart: iso(latest.state.sparkStart),
    queues,
  };
}

/**
 * The snapshot for the queue page's server render, or null (not sampled, too slow, or the state
 * store failing): the page then paints as before and the browser asks for it, so a silent state
 * store delays nothing by more than the listing's wait.
 */
export async function pageSnapshot(
  account: AccountConfig,
  view: FirstScreenView,
): Promise<{ json: string | null; at: number }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LISTING_WAIT_MS)));
  const json = await Promise.race([firstScreenJson(account, view).catch(() => null), late]);
  clearTimeout(timer);
  return { json, at: Date.now() };
}

const rounds = globalThis as typeof globalThis & {
  __queuescopeRounds?: Map<string, { etag: string; snapshot: SnapshotDto; json?: string; views: Map<string, string> }>;
};

/**
 * The latest stored round as the snapshot, converted once per stored round and shared by the
 * snapshot API and the page's first screens; null when the account has no stored round.
 */
async function storedRound(account: AccountConfig) {
  const latest = account.sample ? await readLatestCached(account.id) : null;
  if (!latest) return null;
  const memo = (rounds.__queuescopeRounds ??= new Map());
  let hit = memo.get(account.id);
  if (hit?.etag !== latest.etag) {
    hit = { etag: latest.etag, snapshot: await accountSnapshot(account), views: new Map() };
    memo.set(account.id, hit);
  }
  return hit;
}

const DEFAULT_VIEW = queueTableView(createLoader(queueListParams)({}));

/** After a round this instance stored: the unfiltered first screen is built before a page asks for it. */
export async function warmFirstScreen(account: AccountConfig): Promise<void> {
  await firstScreenJson(account, DEFAULT_VIEW);
}

/** The first screen of a view as JSON text: each view's (a sort and a filter of every row) once per round. */
async function firstScreenJson(account: AccountConfig, view: FirstScreenView): Promise<string | null> {
  const round = await storedRound(account);
  if (!round) return null;
  const key = viewKey(view);
  let json = round.views.get(key);
  if (json === undefined) {
    json = JSON.stringify(firstScreen(round.snapshot, view));
    // A handful of views per round is the common case; a crawler of every filter is not kept.
    if (round.views.size >= 32) round.views.clear();
    round.views.set(key, json);
  }
  return json;
}

/** The snapshot as JSON text, built once per stored round (megabytes at 10,000 queues). */
export async function accountSnapshotJson(account: AccountConfig): Promise<string> {
  const round = await storedRound(account);
  if (!round) return JSON.stringify(await accountSnapshot(account));
  return (round.json ??= JSON.stringify(round.snapshot));
}

/** Every configured account's summary, each with the alerts firing on it; one failing account does not hide the others. */
export async function overview(accounts: AccountConfig[]): Promise<OverviewAccountDto[]> {
  const [summaries, firing] = await Promise.all([
    Promise.all(accounts.map(overviewOf)),
    firingAlerts().catch(() => []),
  ]);
  return summaries.map((s) => ({ ...s, alertsFiring: firing.filter((f) => f.account === s.id) }));
}

export async function overviewOf(account: AccountConfig): Promise<OverviewAccountDto> {
  const empty: OverviewAccountDto = {
    id: account.id,
    name: account.name,
    sampled: account.sample,
    sampledAt: null,
    intervalSeconds: null,
    queueCount: null,
    totalNow: null,
    total: [],
    topGrowing: [],
    oldest: [],
    poisonNotEmpty: [],
    stalled: [],
    alertsFiring: [],
  };
  if (!account.sample) return empty;
  try {
    const s = await readLatestSummary(account.id);
    if (!s) return empty;
    return {
      ...empty,
      sampledAt: s.sampledAt,
      intervalSeconds: s.intervalSeconds,
      queueCount: s.queueCount,
      totalNow: s.total,
      total: s.totalSeries,
      topGrowing: s.topGrowing,
      oldest: s.oldest,
      poisonNotEmpty: s.poisonNotEmpty,
      stalled: s.stalled,
    };
  } catch (err) {
    const e = toAppError(err);
    return { ...empty, error: { code: e.code, message: e.message } };
  }
}

/**
 * What sampling this account costs in storage transactions a day: the account's queue service
 * (from the last round's calls) and, apart, Queuescope's state store (the round's writes,
 * downsampling and the sampler's lease).
 */
export async function samplingCost(account: AccountConfig): Promise<SamplingCostDto> {
  const summary = account.sample ? await readLatestSummary(account.id) : null;
  const intervalSeconds = summary?.intervalSeconds ?? sampleIntervalSeconds();
  const rounds = roundsPerDay(intervalSeconds);
  const calls = summary?.calls;
  const perRound = calls ? { listPages: calls.listPages, properties: calls.properties, peeks: calls.peeks } : null;
  const total = perRound ? perRound.listPages + perRound.properties + perRound.peeks : 0;
  return {
    sampled: account.sample,
    intervalSeconds,
    sampledAt: summary?.sampledAt ?? null,
    perRound: perRound ? { ...perRound, total } : null,
    perDay: perRound ? total * rounds : null,
    roundsPerDay: rounds,
    stateStore: stateStoreCost(summary, intervalSeconds),
  };
}

function stateStoreCost(summary: LatestSummary | null, intervalSeconds: number): StateStoreCostDto {
  const followSeconds = FOLLOW_MS / 1000;
  const lease = leaseCallsPerDay(LEASE_SECONDS, followSeconds, intervalSeconds);
  const { seriesWrites, latestWrites } = summary?.calls ?? {};
  // Rounds stored before the state store's writes were counted: estimated from their queue count.
  const measured = seriesWrites !== undefined && latestWrites !== undefined ? { seriesWrites, latestWrites } : null;
  const writes = measured ?? (summary ? estimateRoundWrites(summary.queueCount) : null);
  return {
    perRound: writes ? { ...writes, total: writes.seriesWrites + writes.latestWrites, estimated: !measured } : null,
    leaseSeconds: LEASE_SECONDS,
    leaseRenewalsPerDay: lease.renewals,
    followerCallsPerDay: lease.perFollower,
    followSeconds,
    perDay: writes ? stateStorePerDay(writes, roundsPerDay(intervalSeconds), lease.renewals) : null,
  };
}
