// The snapshot as the queue page's first HTML carries it: one tuple per queue and each sparkline as
// text, about a fifth of the JSON the snapshot API answers (field names and `null`s repeated
// 10,000 times), so the page the browser parses and hydrates first stays small.
import type { SnapshotDto, SnapshotQueueDto } from "@/lib/validation/metrics";

type Row = [
  name: string,
  count: number,
  previousCount: number | null,
  oldestAgeSeconds: number | null,
  netPerMinute: number | null,
  /** 1 growing, 2 stalled, 3 both. */
  flags: number,
  drainEtaSeconds: number | null,
  /** Comma-separated, empty where there is no sample. */
  spark: string,
];

export interface PackedSnapshot extends Omit<SnapshotDto, "queues"> {
  rows: Row[];
}

export function packSnapshot(s: SnapshotDto): PackedSnapshot {
  const { queues, ...rest } = s;
  return {
    ...rest,
    rows: queues.map((q) => [
      q.name,
      q.count,
      q.previousCount,
      q.oldestAgeSeconds,
      q.netPerMinute,
      (q.growing ? 1 : 0) | (q.stalled ? 2 : 0),
      q.drainEtaSeconds,
      q.spark.map((v) => (v === null ? "" : String(v))).join(","),
    ]),
  };
}

export function unpackSnapshot(p: PackedSnapshot): SnapshotDto {
  const { rows, ...rest } = p;
  const queues: SnapshotQueueDto[] = rows.map(([name, count, previousCount, oldest, rate, flags, eta, spark]) => ({
    name,
    count,
    previousCount,
    oldestAgeSeconds: oldest,
    netPerMinute: rate,
    growing: (flags & 1) !== 0,
    stalled: (flags & 2) !== 0,
    drainEtaSeconds: eta,
    // Always 48 points when sampled; an empty text is an empty spark.
    spark: spark === "" ? [] : spark.split(",").map((v) => (v === "" ? null : Number(v))),
  }));
  return { ...rest, queues };
}
