// What depth sampling costs a day in storage transactions: pure arithmetic, shared by the server
// (from the last round's counts) and the settings page (an estimate before the first round).
import { HISTORY_SHARDS, LIST_PAGE_QUEUES, TRANSACTION_ACTIONS, TRANSACTION_CHARS } from "./sampling-limits";

const DAY_SECONDS = 86_400;
/** Closed 15-min windows and hours a day: each writes its downsampled chunks, about as many transactions as a round's raw points. */
export const DOWNSAMPLES_PER_DAY = 96 + 24;
/** History chunks a round writes at most: one per shard and the account total's. */
const CHUNKS_MAX = HISTORY_SHARDS + 1;
/** The latest round stores a queue's figures and its 48-point sparkline: about this many characters. */
const LATEST_CHARS_PER_QUEUE = 200;

export function roundsPerDay(intervalSeconds: number): number {
  return Math.floor(DAY_SECONDS / intervalSeconds);
}

/** State-store transactions of one round: its raw history points, and the latest round (head, parts, old parts deleted). */
export interface RoundWrites {
  seriesWrites: number;
  latestWrites: number;
}

/** One round of `queues` queues, before any was measured. */
export function estimateRoundWrites(queues: number): RoundWrites {
  const chunks = Math.min(CHUNKS_MAX, queues + 1);
  const chars = queues * LATEST_CHARS_PER_QUEUE;
  // Head and parts in one transaction when they fit; else the parts in full ones, then the head.
  const latest = chars <= TRANSACTION_CHARS ? 1 : Math.ceil(chars / TRANSACTION_CHARS) + 1;
  // And one more: the parts of the round before the previous one are deleted.
  return { seriesWrites: Math.ceil(chunks / TRANSACTION_ACTIONS), latestWrites: latest + 1 };
}

/** Queue-service calls of one round of `queues` queues, peeks aside (one per non-empty queue comes on top). */
export function estimateQueueCalls(queues: number): number {
  return Math.max(1, Math.ceil(queues / LIST_PAGE_QUEUES)) + queues;
}

/**
 * Blob calls on the sampler's lease, per sampled account: the leader renews every third of the
 * lease; every other instance running samplers asks for it every `followSeconds` (or each
 * interval, if shorter), and each ask is two refused calls (create-if-absent, then Acquire Lease).
 */
export function leaseCallsPerDay(leaseSeconds: number, followSeconds: number, intervalSeconds: number) {
  return {
    renewals: Math.floor((DAY_SECONDS * 3) / leaseSeconds),
    perFollower: 2 * Math.floor(DAY_SECONDS / Math.min(followSeconds, intervalSeconds)),
  };
}

/** The state store's transactions a day for one sampled account, with the one leader and no follower. */
export function stateStorePerDay(writes: RoundWrites, rounds: number, renewals: number): number {
  return rounds * (writes.seriesWrites + writes.latestWrites) + DOWNSAMPLES_PER_DAY * writes.seriesWrites + renewals;
}
