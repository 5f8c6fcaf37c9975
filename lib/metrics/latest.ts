import "server-only";
import { getRecord, queryRecords, transact, StateConflict, type TransactionAction } from "@/lib/state/store";
import { isPoisonQueue, queueFlags } from "./flags";

/**
 * The latest round of an account, in partition `<account>|latest` of the `samples` table: a `head`
 * row (when, how often, the leader's watermarks, the overview summary) and `part|NNN` rows with
 * every queue's latest figures and its 24 h sparkline. Head and parts go in one entity-group
 * transaction when they fit in one (about 13,000 queues), so a reader sees one round whole; the
 * snapshot, the listing and /api/metrics read it with one query, without the queue service.
 */
export const SPARK_POINTS = 48;
export const SPARK_SECONDS = 1800;
const PROP_CHARS = 30_000;
const PART_PROPS = 14;
const MAX_TRANSACTION_CHARS = 3_000_000;
const SUMMARY_TOP = 10;
export const TOTAL_WINDOW_SECONDS = 900;
const TOTAL_POINTS = 96;

export interface QueueState {
  count: number;
  previousCount: number | null;
  oldestAgeSeconds: number | null;
  unchangedSince: number;
  netPerMinute: number | null;
  /** Max count per 30-min window, oldest first, the last window being the current one. */
  spark: (number | null)[];
}

export interface RoundCalls {
  listPages: number;
  properties: number;
  peeks: number;
}

export interface LatestState {
  /** Round start, epoch seconds. */
  at: number;
  intervalSeconds: number;
  sampledBy: string;
  calls: RoundCalls;
  /** Start of the spark's first window. */
  sparkStart: number;
  queues: Map<string, QueueState>;
  /** Max account total per 15-min window over the last 24 h: [start s, count]. */
  total: [number, number][];
  /** m15 points exist for every window that ended by this (epoch s); h1 likewise. */
  m15Done: number;
  h1Done: number;
  /** Partitions older than these were deleted (epoch s of the next one to look at). */
  pruned: { raw: number; m15: number; h1: number };
}

export interface QueueBrief {
  name: string;
  count: number;
  oldestAgeSeconds: number | null;
  netPerMinute: number | null;
}

export interface LatestSummary {
  sampledAt: string;
  intervalSeconds: number;
  queueCount: number;
  total: number;
  totalSeries: { at: string; count: number }[];
  topGrowing: QueueBrief[];
  oldest: QueueBrief[];
  poisonNotEmpty: QueueBrief[];
  stalled: QueueBrief[];
  calls: RoundCalls;
}

type PartRow = [
  name: string,
  count: number,
  prev: number | null,
  age: number | null,
  since: number,
  rate: number | null,
  spark: (number | null)[],
];

interface Head {
  at: number;
  interval: number;
  by: string;
  parts: number;
  sparkStart: number;
  m15Done: number;
  h1Done: number;
  pruned: string;
  summary: string;
}

export function brief(name: string, q: QueueState): QueueBrief {
  return { name, count: q.count, oldestAgeSeconds: q.oldestAgeSeconds, netPerMinute: q.netPerMinute };
}

export function summarize(state: LatestState, stallMinutes: number): LatestSummary {
  const all = [...state.queues].map(([name, q]) => ({ name, q, flags: queueFlags(q, state.at, stallMinutes) }));
  const top = (list: typeof all, by: (x: (typeof all)[number]) => number) =>
    list
      .sort((a, b) => by(b) - by(a) || a.name.localeCompare(b.name))
      .slice(0, SUMMARY_TOP)
      .map((x) => brief(x.name, x.q));
  let total = 0;
  for (const x of all) total += x.q.count;
  return {
    sampledAt: new Date(state.at * 1000).toISOString(),
    intervalSeconds: state.intervalSeconds,
    queueCount: all.length,
    total,
    totalSeries: state.total.map(([at, count]) => ({ at: new Date(at * 1000).toISOString(), count })),
    topGrowing: top(
      all.filter((x) => x.flags.growing),
      (x) => x.q.netPerMinute ?? 0,
    ),
    oldest: top(
      all.filter((x) => x.q.oldestAgeSeconds !== null),
      (x) => x.q.oldestAgeSeconds ?? 0,
    ),
    poisonNotEmpty: top(
      all.filter((x) => x.q.count > 0 && isPoisonQueue(x.name)),
      (x) => x.q.count,
    ),
    stalled: top(
      all.filter((x) => x.flags.stalled),
      (x) => x.q.oldestAgeSeconds ?? 0,
    ),
    calls: state.calls,
  };
}

/** Adds this round's total to the 24 h series of 15-min maxima. */
export function addTotal(series: [number, number][], at: number, total: number): [number, number][] {
  const window = Math.floor(at / TOTAL_WINDOW_SECONDS) * TOTAL_WINDOW_SECONDS;
  const kept = series.filter(([t]) => t > window - TOTAL_POINTS * TOTAL_WINDOW_SECONDS);
  const last = kept.at(-1);
  if (last && last[0] === window) last[1] = Math.max(last[1], total);
  else kept.push([window, total]);
  return kept;
}

/** Moves every spark so its last window is the one holding `at`, then records `count` there. */
export function sparkStartFor(at: number): number {
  return Math.floor(at / SPARK_SECONDS) * SPARK_SECONDS - (SPARK_POINTS - 1) * SPARK_SECONDS;
}

export function shiftSpark(spark: (number | null)[], fromStart: number, toStart: number): (number | null)[] {
  const shift = Math.round((toStart - fromStart) / SPARK_SECONDS);
  if (shift === 0 && spark.length === SPARK_POINTS) return spark;
  const out: (number | null)[] = new Array(SPARK_POINTS).fill(null);
  for (let i = 0; i < SPARK_POINTS; i++) {
    const from = i + shift;
    if (from >= 0 && from < spark.length) out[i] = spark[from] ?? null;
  }
  return out;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [""];
}

function partitionOf(account: string): string {
  return `${account}|latest`;
}

/**
 * Writes the state as the account's latest round. `etag` is the head's ETag as last written or read
 * (null: create-if-absent); a StateConflict means another leader wrote since, so this one stops.
 */
export async function writeLatest(
  account: string,
  state: LatestState,
  summary: LatestSummary,
  etag: string | null,
  previousParts: number,
): Promise<{ etag: string | null; parts: number }> {
  const rows: PartRow[] = [...state.queues].map(([name, q]) => [
    name,
    q.count,
    q.previousCount,
    q.oldestAgeSeconds,
    q.unchangedSince,
    q.netPerMinute,
    q.spark,
  ]);
  // ~2 MB at 10,000 queues: built and encoded in separate turns of the event loop.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const json = JSON.stringify(rows);
  await new Promise<void>((resolve) => setImmediate(resolve));
  const pieces = chunks(json, PROP_CHARS);
  const partitionKey = partitionOf(account);
  const parts: TransactionAction[] = [];
  for (let i = 0; i * PART_PROPS < pieces.length; i++) {
    const props: Record<string, string | number> = { round: state.at };
    const mine = pieces.slice(i * PART_PROPS, (i + 1) * PART_PROPS);
    mine.forEach((p, j) => (props[`d${j}`] = p));
    props.n = mine.length;
    parts.push(["upsert", { partitionKey, rowKey: `part|${String(i).padStart(3, "0")}`, ...props }, "Replace"]);
  }
  const head: Head = {
    at: state.at,
    interval: state.intervalSeconds,
    by: state.sampledBy,
    parts: parts.length,
    sparkStart: state.sparkStart,
    m15Done: state.m15Done,
    h1Done: state.h1Done,
    pruned: JSON.stringify(state.pruned),
    summary: JSON.stringify(summary),
  };
  const headEntity = { partitionKey, rowKey: "head", ...head };
  const headAction: TransactionAction = etag ? ["update", headEntity, "Replace", { etag }] : ["create", headEntity];
  const stale: TransactionAction[] = [];
  for (let i = parts.length; i < previousParts; i++)
    stale.push(["delete", { partitionKey, rowKey: `part|${String(i).padStart(3, "0")}` }]);
  if (json.length <= MAX_TRANSACTION_CHARS && parts.length + stale.length < 100) {
    const etags = await transact("samples", [headAction, ...parts, ...stale]);
    return { etag: etags.get("head") ?? null, parts: parts.length };
  }
  // Too large for one transaction: parts first, the head last; readers match parts to the head's round.
  for (const p of parts) await transact("samples", [p]);
  const etags = await transact("samples", [headAction]);
  for (const s of stale) await transact("samples", [s]).catch(() => undefined);
  return { etag: etags.get("head") ?? null, parts: parts.length };
}

export interface StoredLatest {
  state: LatestState;
  summary: LatestSummary;
  etag: string;
  parts: number;
}

/** The account's latest round as stored, or null when it was never sampled. One query (a few pages past ~4 MB). */
export async function readLatest(account: string): Promise<StoredLatest | null> {
  for (let attempt = 0; ; attempt++) {
    const rows = await queryRecords<Record<string, unknown>>("samples", { partitionKey: partitionOf(account) });
    const head = rows.find((r) => r.rowKey === "head") as (Head & { etag: string }) | undefined;
    if (!head) return null;
    const parts = rows.filter((r) => r.rowKey.startsWith("part|")).slice(0, Number(head.parts));
    if (parts.some((p) => Number(p.round) !== Number(head.at)) && attempt < 2) continue; // a large round being written
    let json = "";
    for (const p of parts) for (let i = 0; i < Number(p.n); i++) json += String(p[`d${i}`] ?? "");
    const list = (json ? JSON.parse(json) : []) as PartRow[];
    const queues = new Map<string, QueueState>();
    for (const [name, count, previousCount, oldestAgeSeconds, unchangedSince, netPerMinute, spark] of list) {
      queues.set(name, { count, previousCount, oldestAgeSeconds, unchangedSince, netPerMinute, spark });
    }
    const summary = JSON.parse(head.summary) as LatestSummary;
    const state: LatestState = {
      at: Number(head.at),
      intervalSeconds: Number(head.interval),
      sampledBy: String(head.by),
      calls: summary.calls,
      sparkStart: Number(head.sparkStart),
      queues,
      total: summary.totalSeries.map((p) => [Date.parse(p.at) / 1000, p.count]),
      m15Done: Number(head.m15Done),
      h1Done: Number(head.h1Done),
      pruned: JSON.parse(head.pruned) as LatestState["pruned"],
    };
    return { state, summary, etag: head.etag, parts: Number(head.parts) };
  }
}

/** Only the head's summary (the overview): one point read, however many queues the account has. */
export async function readLatestSummary(account: string): Promise<LatestSummary | null> {
  const head = await getRecord<Head>("samples", partitionOf(account), "head");
  return head ? (JSON.parse(head.summary) as LatestSummary) : null;
}

const CACHE_MS = 2_000;
interface Cached {
  at: number;
  value: Promise<StoredLatest | null>;
}
const cache = globalThis as typeof globalThis & { __queuescopeLatest?: Map<string, Cached> };

/**
 * readLatest for readers (listing, snapshot, metrics): requests within 2 s share one answer; after
 * that the head's ETag is checked with one point read and the parsed round is reused while it is
 * unchanged, so a round of 10,000 queues is read and parsed once per round, not once per request.
 */
export function readLatestCached(account: string): Promise<StoredLatest | null> {
  const map = (cache.__queuescopeLatest ??= new Map());
  const hit = map.get(account);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = (async () => {
    const previous = hit ? await hit.value.catch(() => null) : null;
    if (previous) {
      const head = await getRecord<Head>("samples", partitionOf(account), "head");
      if (head?.etag === previous.etag) return previous;
    }
    return readLatest(account);
  })();
  map.set(account, { at: Date.now(), value });
  value.catch(() => map.delete(account));
  return value;
}

export function forgetLatestCache(account?: string): void {
  if (account) cache.__queuescopeLatest?.delete(account);
  else cache.__queuescopeLatest?.clear();
}

export { StateConflict };
