// Pure sampling and ownership configuration, read by the start check, the sampler and the leases.
import { ConfigError } from "./accounts";

export const DEFAULT_SAMPLE_INTERVAL_SECONDS = 60;
export const MIN_SAMPLE_INTERVAL_SECONDS = 5;
export const DEFAULT_STALL_MINUTES = 10;
export const DEFAULT_LEASE_SECONDS = 30;
/** What Blob Storage allows for a lease that is not infinite. */
const LEASE_RANGE = [15, 60] as const;

function positiveInteger(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max = Infinity,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new ConfigError(
      `${name}: must be a whole number ${max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`} (got "${raw}")`,
    );
  return Number(raw);
}

/** QUEUESCOPE_SAMPLE_INTERVAL: seconds between two rounds of an account (60 by default, 5 at least). */
export function sampleIntervalSeconds(env: Record<string, string | undefined> = process.env): number {
  return positiveInteger(
    env,
    "QUEUESCOPE_SAMPLE_INTERVAL",
    DEFAULT_SAMPLE_INTERVAL_SECONDS,
    MIN_SAMPLE_INTERVAL_SECONDS,
  );
}

/** QUEUESCOPE_STALL_MINUTES: how long a non-empty queue's depth must stay unchanged to be stalled (10 by default). */
export function stallMinutes(env: Record<string, string | undefined> = process.env): number {
  return positiveInteger(env, "QUEUESCOPE_STALL_MINUTES", DEFAULT_STALL_MINUTES, 1);
}

/**
 * QUEUESCOPE_LEASE_SECONDS: how long a job's or a sampler's lease lasts (30 by default, 15 to 60):
 * another instance adopts a dead owner's work this long after it died.
 */
export function leaseSeconds(env: Record<string, string | undefined> = process.env): number {
  return positiveInteger(env, "QUEUESCOPE_LEASE_SECONDS", DEFAULT_LEASE_SECONDS, ...LEASE_RANGE);
}
