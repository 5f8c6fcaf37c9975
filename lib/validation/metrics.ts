import { z } from "./zod";
import type { FiringAlertDto } from "./alerts";
import type { JobKind, JobState } from "./jobs";

export const HISTORY_RANGES = ["1h", "24h", "7d", "30d", "1y"] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

export const historyQuerySchema = z.strictObject({
  range: z.enum(HISTORY_RANGES, { error: "range is one of 1h, 24h, 7d, 30d, 1y." }).default("24h"),
});

/** One point of a queue's history; `oldestAgeSeconds` is null when the queue was empty (or nothing was visible). */
export interface SampleDto {
  at: string;
  count: number;
  oldestAgeSeconds: number | null;
}

export interface JobMarkerDto {
  id: string;
  kind: JobKind;
  state: JobState;
  startedAt: string;
  finishedAt: string | null;
}

export interface QueueHistoryDto {
  /** Seconds between two points: the sampling interval up to 24 h, 900 for 7 d and 30 d, 3600 for 1 y. */
  intervalSeconds: number;
  samples: SampleDto[];
  /** Jobs that read or wrote this queue and ran during the range (move, clear, send, export). */
  jobs: JobMarkerDto[];
  /** The queue in the latest sampling round; null when that round did not see it (or none ran). */
  latest: QueueLatestDto | null;
}

export interface QueueLatestDto extends QueueSampleFields {
  count: number;
  sampledAt: string;
  /** Seconds between rounds: the next figures come no sooner. */
  intervalSeconds: number;
}

export interface AccountHistoryDto {
  intervalSeconds: number;
  samples: { at: string; count: number }[];
}

/** The latest sample of one queue, as the queue listing and the snapshot carry it. */
export interface QueueSampleFields {
  sampledAt: string | null;
  /** The count one round earlier; null for a queue first seen in the latest round. */
  previousCount: number | null;
  /** Estimate: the insertedOn of a one-message peek (Azure does not guarantee order). */
  oldestAgeSeconds: number | null;
  /** Smoothed net change in messages per minute (positive: growing). */
  netPerMinute: number | null;
  growing: boolean;
  stalled: boolean;
  /** Seconds until empty at the current net rate, when it is draining. */
  drainEtaSeconds: number | null;
}

export interface SnapshotQueueDto extends Omit<QueueSampleFields, "sampledAt"> {
  name: string;
  count: number;
  /** Max depth per 30-min window over the last 24 h, oldest first (48 points; null where no sample). */
  spark: (number | null)[];
}

export interface SnapshotDto {
  /** Null when the account was never sampled (sampling off, or the first round has not run yet). */
  sampledAt: string | null;
  intervalSeconds: number;
  sampled: boolean;
  /** The instance (host:pid) that ran the round: the account's sampler leader then. */
  sampledBy: string | null;
  /** "not_sampled_yet" | "sampling_disabled" when sampledAt is null. */
  reason?: "not_sampled_yet" | "sampling_disabled";
  /** Start of the first spark window; each window is `sparkSeconds` long. */
  sparkStart: string | null;
  sparkSeconds: number;
  stallMinutes: number;
  queues: SnapshotQueueDto[];
}

export interface QueueBriefDto {
  name: string;
  count: number;
  oldestAgeSeconds: number | null;
  netPerMinute: number | null;
}

export interface OverviewAccountDto {
  id: string;
  name: string;
  sampled: boolean;
  sampledAt: string | null;
  intervalSeconds: number | null;
  queueCount: number | null;
  totalNow: number | null;
  /** Max account total per 15-min window over the last 24 h. */
  total: { at: string; count: number }[];
  topGrowing: QueueBriefDto[];
  oldest: QueueBriefDto[];
  poisonNotEmpty: QueueBriefDto[];
  stalled: QueueBriefDto[];
  /** Alerts firing now on this account's queues. */
  alertsFiring: FiringAlertDto[];
  /** Set when this account's summary could not be read (the others are still answered). */
  error?: { code: string; message: string };
}

export interface OverviewDto {
  accounts: OverviewAccountDto[];
}

export interface SamplingCostDto {
  sampled: boolean;
  intervalSeconds: number;
  sampledAt: string | null;
  /** From the last round: list pages + one Get Queue Properties per queue + one peek per non-empty queue. */
  perRound: { listPages: number; properties: number; peeks: number; total: number } | null;
  perDay: number | null;
  roundsPerDay: number;
  /** Queuescope's own state store (tables and the lease blob): billed apart from the account. */
  stateStore: StateStoreCostDto;
}

export interface StateStoreCostDto {
  /** One round's transactions; `estimated` from the last round's queue count when it did not count them. */
  perRound: { seriesWrites: number; latestWrites: number; total: number; estimated: boolean } | null;
  leaseSeconds: number;
  /** The leader's lease renewals a day (every third of QUEUESCOPE_LEASE_SECONDS). */
  leaseRenewalsPerDay: number;
  /** What each other instance running samplers adds a day: it asks for the lease every `followSeconds`. */
  followerCallsPerDay: number;
  followSeconds: number;
  /** Round writes, downsampling and renewals a day; null until a round has run. */
  perDay: number | null;
}
