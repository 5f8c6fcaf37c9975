import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/api/error-codes";
import {
  deleteRows,
  getRecord,
  odata,
  queryRecords,
  transact,
  StateConflict,
  type StoredEntity,
  type TransactionAction,
} from "@/lib/state/store";
import { isPoisonQueue } from "@/lib/queues/poison";
import { TRANSACTION_ACTIONS, TRANSACTION_CHARS } from "@/lib/util/sampling-limits";
import { queueFlags } from "./flags";

/**
 * The latest round of an account, in partition `<account>|latest` of the `samples` table: a `head`
 * row (when, how often, the leader's watermarks, the overview summary) and part rows with every
 * queue's latest figures and its 24 h sparkline. Part rows are keyed by their round
 * (`p|<round id>|NNN`) and the head names its round's: a round's parts are never overwritten, so a
 * reader that matched them to the head never mixes two rounds, even when a replaced leader writes
 * late. Head and parts go in one entity-group transaction when they fit (about 13,000 queues);
 * past that the parts are written first and the head, conditional on its ETag, last. The previous
 * round's parts stay one more round for readers still reading them; older ones are then deleted.
 * Parts no head names (a write that failed part-way, a crash between parts and head) are removed
 * by the writer's catch, else by the next write that replaces a head this process did not write.
 */
export const SPARK_POINTS = 48;
export const SPARK_SECONDS = 1800;
/** Sizes of the stored round; tests shrink them to split a small round in parts. */
export const LATEST_LIMITS = { propChars: 30_000, partProps: 14, maxTransactionChars: TRANSACTION_CHARS };
/** Parts read by a reader whose head keeps moving on (each time two rounds passed mid-read) before it gives up. */
const READ_ATTEMPTS = 4;
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
  /** State-store transactions of the round's history points (raw chunks); absent in rounds stored before it was counted. */
  seriesWrites?: number;
  /** State-store transactions that stored the latest round (head, parts, the deletion of old parts). */
  latestWrites?: number;
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
  /** The row-key prefix of this round's parts; absent in heads written before parts were keyed by round (`part|`). */
  pk?: string;
  /** The previous round's parts (`PartsRef` as JSON), kept until the next round for readers mid-read. */
  prev?: string;
}

interface PartsRef {
  pk: string;
  parts: number;
}

const LEGACY_PK = "part|";

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

const partKey = (pk: string, i: number) => `${pk}${String(i).padStart(3, "0")}`;

interface HeadRefs {
  parts: PartsRef;
  prev: PartsRef | null;
}

/**
 * What this process last wrote or read as an account's head: which parts it names, and the round's
 * before. `own`: this process wrote it and deleted what its write replaced, so no part row older
 * than its round is left unnamed.
 */
const heads = globalThis as typeof globalThis & {
  __queuescopeLatestHeads?: Map<string, HeadRefs & { etag: string; own: boolean }>;
};
const knownHeads = () => (heads.__queuescopeLatestHeads ??= new Map());

function refsOf(head: Head): HeadRefs {
  return {
    parts: { pk: head.pk ?? LEGACY_PK, parts: Number(head.parts) },
    prev: head.prev ? (JSON.parse(head.prev) as PartsRef) : null,
  };
}

/** The head the next write replaces (the one with `etag`): from memory, else one point read. Null when it changed since. */
async function headBefore(account: string, etag: string): Promise<(HeadRefs & { own: boolean }) | null> {
  const known = knownHeads().get(account);
  if (known?.etag === etag) return known;
  const head = await getRecord<Head>("samples", partitionOf(account), "head");
  return head?.etag === etag ? { ...refsOf(head), own: false } : null;
}

/** Groups of entity-group transactions: at most TRANSACTION_ACTIONS actions and `maxTransactionChars` of data each. */
function transactions(actions: TransactionAction[], size: (a: TransactionAction) => number): TransactionAction[][] {
  const out: TransactionAction[][] = [];
  let current: TransactionAction[] = [];
  let chars = 0;
  for (const a of actions) {
    if (
      current.length >= TRANSACTION_ACTIONS ||
      (current.length && chars + size(a) > LATEST_LIMITS.maxTransactionChars)
    ) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(a);
    chars += size(a);
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Deletes part rows nobody reads any more. Best effort (a leftover costs storage, never a wrong
 * read): false when some may be left, so that the next write looks for leftovers.
 */
async function deleteParts(partitionKey: string, rowKeys: string[]): Promise<boolean> {
  return deleteRows("samples", partitionKey, rowKeys).then(
    () => true,
    () => false,
  );
}

const keysOf = (ref: PartsRef, count = ref.parts) => Array.from({ length: count }, (_, i) => partKey(ref.pk, i));

/**
 * Part rows of rounds before `round` that neither the new head nor its `prev` names: the round
 * before the previous one, and leftovers of writes that failed. A writer that loaded the head
 * written next skips rounds up to that head's, so no row picked here is one still to be named.
 */
async function unnamedParts(partitionKey: string, round: number, prev: PartsRef | null): Promise<string[]> {
  const rows = await queryRecords<{ round: number }>("samples", {
    partitionKey,
    filter: odata`RowKey ge ${"p"} and RowKey lt ${"q"} and round lt ${round}`,
  });
  return rows.map((r) => r.rowKey).filter((k) => !prev || !k.startsWith(prev.pk));
}

/**
 * Writes the state as the account's latest round. `etag` is the head's ETag as last written or read
 * (null: create-if-absent); a StateConflict means another leader wrote since, so this one stops
 * (and removes the parts it wrote: nothing names them).
 * The head write can fail although it committed: the table client retries a call whose answer was
 * lost and the retry is refused (412, 409), or the deadline ends a call the service carried out.
 * The stored head says which: when it names this round's parts, the write succeeded.
 */
export async function writeLatest(
  account: string,
  state: LatestState,
  summary: LatestSummary,
  etag: string | null,
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
  const { propChars, partProps, maxTransactionChars } = LATEST_LIMITS;
  const pieces = chunks(json, propChars);
  const partitionKey = partitionOf(account);
  const pk = `p|${state.at}.${randomBytes(4).toString("hex")}|`;
  const parts: TransactionAction[] = [];
  for (let i = 0; i * partProps < pieces.length; i++) {
    const props: Record<string, string | number> = { round: state.at };
    const mine = pieces.slice(i * partProps, (i + 1) * partProps);
    mine.forEach((p, j) => (props[`d${j}`] = p));
    props.n = mine.length;
    parts.push(["upsert", { partitionKey, rowKey: partKey(pk, i), ...props }, "Replace"]);
  }
  const before = etag ? await headBefore(account, etag) : null;
  const prev = before?.parts ?? null;
  // No reader needs the round before the one being replaced once this head is written. When this
  // process did not write the head it replaces, a failed write may also have left parts: one query
  // finds both (none when the head changed since `etag`: this write will be refused).
  const look = etag === null || (before !== null && !before.own);
  const expired = before?.own
    ? before.prev
      ? keysOf(before.prev)
      : []
    : look
      ? await unnamedParts(partitionKey, state.at, prev).catch(() => null)
      : null;
  const whole = json.length <= maxTransactionChars && parts.length < TRANSACTION_ACTIONS;
  const partGroups = whole ? [] : transactions(parts, (a) => propChars * Number(a[1].n ?? 0));
  const latestWrites =
    (whole ? 1 : partGroups.length + 1) + (look ? 1 : 0) + Math.ceil((expired?.length ?? 0) / TRANSACTION_ACTIONS);
  const head: Head = {
    at: state.at,
    interval: state.intervalSeconds,
    by: state.sampledBy,
    parts: parts.length,
    sparkStart: state.sparkStart,
    m15Done: state.m15Done,
    h1Done: state.h1Done,
    pruned: JSON.stringify(state.pruned),
    summary: JSON.stringify({ ...summary, calls: { ...summary.calls, latestWrites } }),
    pk,
    ...(prev ? { prev: JSON.stringify(prev) } : {}),
  };
  const headEntity = { partitionKey, rowKey: "head", ...head };
  const headAction: TransactionAction = etag ? ["update", headEntity, "Replace", { etag }] : ["create", headEntity];
  let written: string | null;
  let attempted = 0;
  try {
    if (whole) {
      written = (await transact("samples", [headAction, ...parts])).get("head") ?? null;
    } else {
      for (const group of partGroups) {
        attempted += group.length;
        await transact("samples", group);
      }
      written = (await transact("samples", [headAction])).get("head") ?? null;
    }
  } catch (err) {
    knownHeads().delete(account);
    const stored = await getRecord<Head>("samples", partitionKey, "head").catch(() => undefined);
    if (stored && stored.pk === pk) written = stored.etag;
    else {
      // When the store did not answer, whether a head names them is unknown: the parts stay, for
      // the next write's look for leftovers (this process forgot the head, so it looks).
      if (stored !== undefined && attempted) await deleteParts(partitionKey, keysOf({ pk, parts: attempted }));
      throw err;
    }
  }
  const swept = expired ? await deleteParts(partitionKey, expired) : false;
  if (written) knownHeads().set(account, { etag: written, ...refsOf(head), own: swept });
  return { etag: written, parts: parts.length };
}

export interface StoredLatest {
  state: LatestState;
  summary: LatestSummary;
  etag: string;
  parts: number;
}

/**
 * The head's parts, in order; null when they are not all there any more (the head moved on twice
 * since it was read, or a broken head: its parts were deleted).
 */
async function readParts(account: string, head: Head): Promise<Record<string, unknown>[] | null> {
  const { pk, parts: n } = refsOf(head).parts;
  if (n === 0) return [];
  const rows = await queryRecords<Record<string, unknown>>("samples", {
    partitionKey: partitionOf(account),
    filter: odata`RowKey ge ${partKey(pk, 0)} and RowKey le ${partKey(pk, 999)}`,
  });
  const byKey = new Map(rows.map((r) => [r.rowKey, r]));
  const parts = Array.from({ length: n }, (_, i) => byKey.get(partKey(pk, i)));
  // Heads from before round-keyed parts reused `part|NNN`: their rows say which round they hold.
  const whole = parts.every((p) => p && (head.pk || Number(p.round) === Number(head.at)));
  return whole ? (parts as Record<string, unknown>[]) : null;
}

/** Head and parts of one round, read until they match; `broken`: the last head read, whose parts never were all there. */
async function readRound(
  account: string,
  head?: StoredEntity<Head> | null,
): Promise<StoredLatest | { broken: StoredEntity<Head> } | null> {
  for (let attempt = 1; ; attempt++) {
    head ??= await getRecord<Head>("samples", partitionOf(account), "head");
    if (!head) return null;
    const parts = await readParts(account, head);
    if (parts) return parseLatest(account, head, parts);
    if (attempt >= READ_ATTEMPTS) return { broken: head };
    head = null;
  }
}

/**
 * The account's latest round as stored, or null when it was never sampled: the head (one point
 * read, or the one the caller just read) and its parts (one range query, a few pages past ~4 MB).
 * Never a mix of two rounds: parts that are no longer there mean a newer head, read again.
 */
export async function readLatest(account: string, head?: StoredEntity<Head> | null): Promise<StoredLatest | null> {
  const read = await readRound(account, head);
  if (read && "broken" in read)
    throw new AppError(
      "state_unavailable",
      `The latest sampling round of ${account} kept changing while it was read, or lost its parts (the next round replaces it); try again.`,
    );
  return read;
}

/**
 * readLatest for a sampler taking over, which must be able to replace any head: a broken head (its
 * parts gone, so readers fail until it is replaced) answers its own fields and no queue, with
 * `broken`; the history's watermarks and the account total live in the head, so they carry on.
 * Whatever happened while this process did not lead, its first write looks for leftover parts.
 */
export async function readLatestForWriter(account: string): Promise<(StoredLatest & { broken?: true }) | null> {
  const read = await readRound(account);
  const latest = read && "broken" in read ? { ...parseLatest(account, read.broken, []), broken: true as const } : read;
  const known = knownHeads().get(account);
  if (known) known.own = false;
  return latest;
}

function parseLatest(account: string, head: StoredEntity<Head>, parts: Record<string, unknown>[]): StoredLatest {
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
  const known = knownHeads().get(account);
  knownHeads().set(account, { etag: head.etag, ...refsOf(head), own: known?.etag === head.etag && known.own });
  return { state, summary, etag: head.etag, parts: Number(head.parts) };
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
    if (!previous) return readLatest(account);
    const head = await getRecord<Head>("samples", partitionOf(account), "head");
    return head?.etag === previous.etag ? previous : readLatest(account, head);
  })();
  map.set(account, { at: Date.now(), value });
  value.catch(() => map.delete(account));
  return value;
}

/** What the instance that wrote a round serves its own readers (the head's ETag still checked after 2 s). */
export function primeLatestCache(account: string, latest: StoredLatest): void {
  (cache.__queuescopeLatest ??= new Map()).set(account, { at: Date.now(), value: Promise.resolve(latest) });
}

export function forgetLatestCache(account?: string): void {
  if (account) cache.__queuescopeLatest?.delete(account);
  else cache.__queuescopeLatest?.clear();
}

export { StateConflict };
