// Pure queue-table logic shared by the page and its tests: poison detection, merge, sort, filter, totals.
import type { SnapshotQueueDto } from "@/lib/validation/metrics";
import type { QueueSummary } from "@/lib/validation/queues";
import { isPoisonQueue, parentOf } from "./poison";

export { parentOf } from "./poison";

export type SortKey = "name" | "depth" | "delta" | "rate" | "age" | "eta" | "flags";
export const SORT_KEYS: readonly SortKey[] = ["name", "depth", "delta", "rate", "age", "eta", "flags"];

export const ROW_FLAGS = ["poisonNotEmpty", "stalled", "growing"] as const;

/** Row filters beyond the text filter; every one set must hold. */
export interface RowFlagsFilter {
  poisonNotEmpty?: boolean;
  stalled?: boolean;
  growing?: boolean;
}

export interface TableView {
  filter: string;
  poisonOnly: boolean;
  sort: SortKey;
  descending: boolean;
  only?: RowFlagsFilter;
}

/** The latest sample's figures for one row; all null for a queue the sampler has not seen. */
export interface RowSample {
  /** Count minus the previous round's count, from the latest sample. */
  delta: number | null;
  netPerMinute: number | null;
  oldestAgeSeconds: number | null;
  drainEtaSeconds: number | null;
  growing: boolean;
  stalled: boolean;
  spark: (number | null)[] | null;
}

export interface QueueRow extends Omit<QueueSummary, keyof RowSample>, RowSample {
  poison: boolean;
  /** The parent queue's name when this is a poison queue and the parent exists. */
  parent: string | null;
}

const NO_SAMPLE: RowSample = {
  delta: null,
  netPerMinute: null,
  oldestAgeSeconds: null,
  drainEtaSeconds: null,
  growing: false,
  stalled: false,
  spark: null,
};

/** From the snapshot, else from the fields the listing carries (it has no sparkline). */
function sampleOf(s: SnapshotQueueDto | undefined, q: QueueSummary): RowSample {
  if (!s) {
    if (!q.sampledAt) return NO_SAMPLE;
    const prev = q.previousCount ?? null;
    return {
      delta: prev === null || q.approximateMessagesCount === undefined ? null : q.approximateMessagesCount - prev,
      netPerMinute: q.netPerMinute ?? null,
      oldestAgeSeconds: q.oldestAgeSeconds ?? null,
      drainEtaSeconds: q.drainEtaSeconds ?? null,
      growing: !!q.growing,
      stalled: !!q.stalled,
      spark: null,
    };
  }
  return {
    delta: s.previousCount === null ? null : s.count - s.previousCount,
    netPerMinute: s.netPerMinute,
    oldestAgeSeconds: s.oldestAgeSeconds,
    drainEtaSeconds: s.drainEtaSeconds,
    growing: s.growing,
    stalled: s.stalled,
    spark: s.spark,
  };
}

/**
 * One row per queue: the listing's names once it is complete (`listed`), the snapshot's before
 * that, so the first paint needs no queue-service call. A live count beats the listing's, which
 * beats the sampled one.
 */
export function mergeRows(
  queues: QueueSummary[],
  counts: Record<string, number>,
  snapshot: SnapshotQueueDto[] = [],
  listed = true,
): QueueRow[] {
  const sampled = new Map(snapshot.map((s) => [s.name, s]));
  const byName = new Map<string, QueueSummary>();
  if (!listed) for (const s of snapshot) byName.set(s.name, { name: s.name, metadata: {} });
  for (const q of queues) byName.set(q.name, q);
  const rows: QueueRow[] = [];
  for (const q of byName.values()) {
    const s = sampled.get(q.name);
    const parent = parentOf(q.name);
    rows.push({
      ...q,
      ...sampleOf(s, q),
      approximateMessagesCount: counts[q.name] ?? q.approximateMessagesCount ?? s?.count,
      poison: isPoisonQueue(q.name),
      parent: parent && byName.has(parent) ? parent : null,
    });
  }
  return rows;
}

const FLAG_RANK = (r: QueueRow) => (r.stalled ? 2 : r.growing ? 1 : 0);
const NUMERIC: Record<Exclude<SortKey, "name">, (r: QueueRow) => number | null | undefined> = {
  depth: (r) => r.approximateMessagesCount,
  delta: (r) => r.delta,
  rate: (r) => r.netPerMinute,
  age: (r) => r.oldestAgeSeconds,
  eta: (r) => r.drainEtaSeconds,
  flags: (r) => FLAG_RANK(r),
};

/** A sorted copy; rows without the figure sort last in both directions, ties by name. */
export function sortRows(rows: QueueRow[], sort: SortKey, descending: boolean): QueueRow[] {
  const dir = descending ? -1 : 1;
  const figure = sort === "name" ? null : NUMERIC[sort];
  return [...rows].sort((a, b) => {
    if (figure) {
      const fa = figure(a);
      const fb = figure(b);
      const ma = fa === null || fa === undefined;
      const mb = fb === null || fb === undefined;
      if (ma !== mb) return ma ? 1 : -1;
      if (!ma && !mb && fa !== fb) return (fa - fb) * dir;
    }
    return a.name < b.name ? -dir : a.name > b.name ? dir : 0;
  });
}

/** Keeps the order: a keystroke costs one pass, not a sort. */
export function filterRows(rows: QueueRow[], view: Pick<TableView, "filter" | "poisonOnly" | "only">): QueueRow[] {
  const needle = view.filter.trim().toLowerCase();
  const only = view.only ?? {};
  if (!needle && !view.poisonOnly && !only.poisonNotEmpty && !only.stalled && !only.growing) return rows;
  return rows.filter((q) => {
    if (view.poisonOnly && !q.poison) return false;
    if (only.poisonNotEmpty && !(q.poison && (q.approximateMessagesCount ?? 0) > 0)) return false;
    if (only.stalled && !q.stalled) return false;
    if (only.growing && !q.growing) return false;
    return (
      !needle ||
      q.name.includes(needle) ||
      Object.entries(q.metadata).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(needle))
    );
  });
}

export function buildRows(
  queues: QueueSummary[],
  counts: Record<string, number>,
  view: TableView,
  snapshot: SnapshotQueueDto[] = [],
): QueueRow[] {
  return filterRows(sortRows(mergeRows(queues, counts, snapshot), view.sort, view.descending), view);
}

export function totalMessages(rows: QueueRow[]): { total: number; counted: number } {
  let total = 0;
  let counted = 0;
  for (const r of rows) {
    if (r.approximateMessagesCount === undefined) continue;
    total += r.approximateMessagesCount;
    counted++;
  }
  return { total, counted };
}
