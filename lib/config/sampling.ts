// Pure sampling configuration, read by the start check and by the sampler.
import { ConfigError } from "./accounts";

export const DEFAULT_SAMPLE_INTERVAL_SECONDS = 60;
export const MIN_SAMPLE_INTERVAL_SECONDS = 5;
export const DEFAULT_STALL_MINUTES = 10;

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min)
    throw new ConfigError(`${name}: must be a whole number of at least ${min} (got "${raw}")`);
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
