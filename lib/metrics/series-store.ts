import "server-only";
import {
  odata,
  queryRecords,
  StateConflict,
  transact,
  getRecord,
  type StateEntity,
  type TransactionAction,
} from "@/lib/state/store";
import { HISTORY_SHARDS, TRANSACTION_ACTIONS, TRANSACTION_CHARS } from "@/lib/util/sampling-limits";

/**
 * Depth history in the state store's `samples` table.
 *
 * Queues are spread over SHARDS shards by a hash of their name; the account total is the shard
 * "tot". A *chunk* entity holds the points of every queue of one shard over one stretch of time,
 * as JSON `{"<queue>": [[dt, count, oldestAgeSeconds|null], …]}` (dt: seconds from the chunk's
 * start), split over string properties d0…dN of at most 30,000 characters (a property holds
 * 64 KiB of UTF-16; an entity 1 MiB, so at most 15 of them).
 *
 * | tier | point            | chunk  | PartitionKey              | RowKey              | kept     |
 * |------|------------------|--------|---------------------------|---------------------|----------|
 * | raw  | each round       | 15 min | `<account>|raw|<YYYYMMDD>` | `<shard>|<start s>` | 48 hours |
 * | m15  | 15-min window    | 1 day  | `<account>|m15|<YYYYMM>`   | `<shard>|<start s>` | 30 days  |
 * | h1   | hour             | 1 day  | `<account>|h1|<YYYYMM>`    | `<shard>|<start s>` | 1 year   |
 *
 * A downsampled point is the window's maximum count and maximum oldest age (ops care about the
 * peak), at the window's start. Costs:
 * - A round writes one raw chunk per shard that has queues (≤ 257 entities, all in one partition):
 *   ⌈entities / 100⌉ entity-group transactions (3 for 10,000 queues), never one write per queue.
 *   Closing a 15-min window or an hour adds as many for m15 / h1.
 * - One queue over 24 h: its shard's raw chunks in ≤ 2 day partitions, 1 range query each; over
 *   30 d: its shard's m15 chunks in ≤ 2 month partitions. The account total likewise ("tot").
 * Every write is conditional (ETag, or create-if-absent); a conflict re-reads the chunk and merges
 * by dt, so a round written twice, or by two leaders during a lease handover, leaves each point
 * once and never drops another writer's points. Old partitions are deleted whole (retention).
 */
export const SHARDS = HISTORY_SHARDS;
export const TOTAL_SHARD = "tot";
/** The series key of the account total inside the "tot" chunks. */
export const TOTAL_KEY = "*";
export type Tier = "raw" | "m15" | "h1";
export type Point = [dt: number, count: number, age: number | null];

export const TIERS: Record<Tier, { chunkSeconds: number; pointSeconds: number; keepSeconds: number }> = {
  raw: { chunkSeconds: 900, pointSeconds: 0, keepSeconds: 48 * 3600 },
  m15: { chunkSeconds: 86_400, pointSeconds: 900, keepSeconds: 30 * 86_400 },
  h1: { chunkSeconds: 86_400, pointSeconds: 3600, keepSeconds: 365 * 86_400 },
};

const PROP_CHARS = 30_000;
const MAX_PROPS = 15;
const MAX_ATTEMPTS = 4;

export function shardOf(queue: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < queue.length; i++) h = Math.imul(h ^ queue.charCodeAt(i), 0x01000193) >>> 0;
  return String(h % SHARDS).padStart(3, "0");
}

function utc(seconds: number) {
  const d = new Date(seconds * 1000);
  return {
    y: String(d.getUTCFullYear()),
    m: String(d.getUTCMonth() + 1).padStart(2, "0"),
    d: String(d.getUTCDate()).padStart(2, "0"),
  };
}

export function chunkStart(tier: Tier, seconds: number): number {
  const size = TIERS[tier].chunkSeconds;
  return Math.floor(seconds / size) * size;
}

export function partitionOf(account: string, tier: Tier, start: number): string {
  const { y, m, d } = utc(start);
  return `${account}|${tier}|${tier === "raw" ? y + m + d : y + m}`;
}

export function rowOf(shard: string, start: number): string {
  return `${shard}|${String(start).padStart(10, "0")}`;
}

/** The partitions that hold chunks starting in [from, to], oldest first. */
export function partitionsBetween(account: string, tier: Tier, from: number, to: number): string[] {
  const out: string[] = [];
  for (let t = chunkStart(tier, from); t <= to; t += TIERS[tier].chunkSeconds) {
    const p = partitionOf(account, tier, t);
    if (out.at(-1) !== p) out.push(p);
  }
  return out;
}

export type ChunkData = Map<string, Point[]>;

function pack(data: ChunkData): Record<string, string | number> {
  const json = JSON.stringify(Object.fromEntries(data));
  const parts = Math.ceil(json.length / PROP_CHARS);
  if (parts > MAX_PROPS)
    throw new Error(
      `a history chunk grew past ${MAX_PROPS * PROP_CHARS} characters (${data.size} queues in one shard)`,
    );
  const out: Record<string, string | number> = { n: parts };
  for (let i = 0; i < parts; i++) out[`d${i}`] = json.slice(i * PROP_CHARS, (i + 1) * PROP_CHARS);
  return out;
}

function unpack(e: Record<string, unknown>): ChunkData {
  const n = Number(e.n ?? 0);
  let json = "";
  for (let i = 0; i < n; i++) json += String(e[`d${i}`] ?? "");
  if (!json) return new Map();
  return new Map(Object.entries(JSON.parse(json) as Record<string, Point[]>));
}

function isSorted(points: Point[]): boolean {
  for (let i = 1; i < points.length; i++) if (points[i - 1]![0] >= points[i]![0]) return false;
  return true;
}

/** Adds `extra` points into `into` (same dt: the newer wins), keeping each series sorted. */
export function mergeChunk(into: ChunkData, extra: ChunkData): ChunkData {
  for (const [key, points] of extra) {
    const mine = into.get(key);
    if (!mine) {
      into.set(key, [...points]);
      continue;
    }
    // The usual case (a round adds a later point to each series): appended, no re-sort.
    if (!points.length) continue;
    if (!mine.length || (mine.at(-1)![0] < points[0]![0] && isSorted(points))) {
      into.set(key, mine.concat(points));
      continue;
    }
    const byDt = new Map(mine.map((p) => [p[0], p]));
    for (const p of points) byDt.set(p[0], p);
    into.set(
      key,
      [...byDt.values()].sort((a, b) => a[0] - b[0]),
    );
  }
  return into;
}

interface Chunk {
  partitionKey: string;
  rowKey: string;
  start: number;
  tier: Tier;
  /** Null until written or read back: the first write is create-if-absent. */
  etag: string | null;
  data: ChunkData;
  /** Points not yet written. */
  pending: ChunkData;
}

export interface WriteStats {
  transactions: number;
  entities: number;
  conflicts: number;
}

/**
 * The leader's write side: points are added in memory and written by `flush`, each chunk
 * conditionally on the ETag it last wrote or read. Kept only by the instance that holds the
 * account's sampler lease; a new leader starts empty and learns the stored chunks on its first
 * conflict.
 */
export class SeriesWriter {
  private chunks = new Map<string, Chunk>();
  readonly stats: WriteStats = { transactions: 0, entities: 0, conflicts: 0 };

  constructor(readonly account: string) {}

  add(tier: Tier, shard: string, key: string, at: number, count: number, age: number | null): void {
    const start = chunkStart(tier, at);
    const partitionKey = partitionOf(this.account, tier, start);
    const rowKey = rowOf(shard, start);
    const id = `${partitionKey}\n${rowKey}`;
    let chunk = this.chunks.get(id);
    if (!chunk)
      this.chunks.set(
        id,
        (chunk = { partitionKey, rowKey, start, tier, etag: null, data: new Map(), pending: new Map() }),
      );
    const point: Point = [at - start, count, age];
    const pending = chunk.pending.get(key);
    if (!pending) chunk.pending.set(key, [point]);
    else if (pending.at(-1)![0] < point[0]) pending.push(point);
    else mergeChunk(chunk.pending, new Map([[key, [point]]]));
  }

  /** The points this writer knows of for one chunk (written, read back or pending). */
  known(tier: Tier, shard: string, start: number): ChunkData | undefined {
    const chunk = this.chunks.get(`${partitionOf(this.account, tier, start)}\n${rowOf(shard, start)}`);
    return chunk ? mergeChunk(mergeChunk(new Map(), chunk.data), chunk.pending) : undefined;
  }

  /** Forgets chunks that started before `seconds` (their windows are closed and written). */
  forgetBefore(seconds: number): void {
    for (const [id, c] of this.chunks)
      if (c.start + TIERS[c.tier].chunkSeconds <= seconds && c.pending.size === 0) this.chunks.delete(id);
  }

  async flush(): Promise<void> {
    const dirty = [...this.chunks.values()].filter((c) => c.pending.size > 0);
    const byPartition = new Map<string, Chunk[]>();
    for (const c of dirty) byPartition.set(c.partitionKey, [...(byPartition.get(c.partitionKey) ?? []), c]);
    let failure: unknown;
    for (const chunks of byPartition.values()) {
      for (const group of groups(chunks)) {
        try {
          await this.writeGroup(group);
        } catch (err) {
          failure ??= err;
        }
      }
    }
    if (failure !== undefined) throw failure;
  }

  private async writeGroup(group: Chunk[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const actions: TransactionAction[] = group.map((c) => {
        const entity: StateEntity = {
          partitionKey: c.partitionKey,
          rowKey: c.rowKey,
          b: c.start,
          ...pack(mergeChunk(mergeChunk(new Map(), c.data), c.pending)),
        };
        return c.etag ? ["update", entity, "Replace", { etag: c.etag }] : ["create", entity];
      });
      try {
        const etags = await transact("samples", actions);
        this.stats.transactions++;
        this.stats.entities += group.length;
        for (const c of group) {
          mergeChunk(c.data, c.pending);
          c.pending = new Map();
          c.etag = etags.get(c.rowKey) ?? null;
          // Without an ETag back the next write reads the chunk first (create fails, then merge).
        }
        return;
      } catch (err) {
        if (!(err instanceof StateConflict) || attempt >= MAX_ATTEMPTS) throw err;
        this.stats.conflicts++;
        // Someone else wrote one of these chunks (a previous leader, or this round written twice):
        // read them back and merge, so their points stay and ours are added once.
        await Promise.all(group.map((c) => this.reload(c)));
      }
    }
  }

  private async reload(c: Chunk): Promise<void> {
    const stored = await getRecord<Record<string, unknown>>("samples", c.partitionKey, c.rowKey);
    c.data = stored ? mergeChunk(unpack(stored), c.data) : c.data;
    c.etag = stored?.etag ?? null;
  }
}

function charsOf(c: Chunk): number {
  let n = 200;
  for (const [k, pts] of c.data) n += k.length + pts.length * 16;
  for (const [k, pts] of c.pending) n += k.length + pts.length * 16;
  return n;
}

function groups(chunks: Chunk[]): Chunk[][] {
  const out: Chunk[][] = [];
  let current: Chunk[] = [];
  let chars = 0;
  for (const c of chunks) {
    const size = charsOf(c);
    if (current.length >= TRANSACTION_ACTIONS || (current.length > 0 && chars + size > TRANSACTION_CHARS)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(c);
    chars += size;
  }
  if (current.length) out.push(current);
  return out;
}

/** Every stored chunk of one shard whose start lies in [from, to]: one range query per partition. */
export async function readShard(
  account: string,
  tier: Tier,
  shard: string,
  from: number,
  to: number,
): Promise<{ start: number; data: ChunkData }[]> {
  const first = chunkStart(tier, from);
  const pages = await Promise.all(
    partitionsBetween(account, tier, first, to).map((partitionKey) =>
      queryRecords<Record<string, unknown>>("samples", {
        partitionKey,
        filter: odata`RowKey ge ${rowOf(shard, first)} and RowKey le ${rowOf(shard, to)}`,
      }),
    ),
  );
  return pages.flat().map((e) => ({ start: Number(e.b), data: unpack(e) }));
}

/** Every stored chunk of a tier that starts exactly at `start` (all shards): used to downsample a closed window. */
export async function readChunksAt(account: string, tier: Tier, start: number): Promise<Map<string, ChunkData>> {
  const rows = await queryRecords<Record<string, unknown>>("samples", {
    partitionKey: partitionOf(account, tier, start),
    filter: odata`b eq ${start}`,
  });
  return new Map(rows.map((e) => [e.rowKey.split("|")[0]!, unpack(e)]));
}

/** One series from chunks, as absolute [at seconds, count, age] within [from, to]. */
export function seriesOf(chunks: { start: number; data: ChunkData }[], key: string, from: number, to: number): Point[] {
  const out: Point[] = [];
  for (const c of chunks.sort((a, b) => a.start - b.start)) {
    const points = c.data.get(key);
    if (!points) continue;
    for (const [dt, count, age] of points) {
      const at = c.start + dt;
      if (at >= from && at <= to) out.push([at, count, age]);
    }
  }
  return out;
}

export { StateConflict };
