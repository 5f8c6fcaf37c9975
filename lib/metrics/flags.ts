import "server-only";

/**
 * What one queue's latest sample means, as pure functions of the figures the sampler keeps. The
 * definitions the UI and alerts rely on:
 * - netPerMinute: messages per minute, added minus removed, smoothed over rounds (an exponential
 *   average of each round's change, half weight to the newest), so one burst does not flip it.
 * - growing: the depth rose since the previous sample and the smoothed net rate is positive.
 * - stalled: depth > 0, unchanged for at least N minutes, and the oldest message is at least N
 *   minutes old (it aged all that time: nothing took it). N is QUEUESCOPE_STALL_MINUTES.
 * - drainEtaSeconds: when the queue is not empty and the smoothed net rate is negative, the time
 *   to empty at that rate; null otherwise.
 */
export interface QueueFigures {
  count: number;
  previousCount: number | null;
  oldestAgeSeconds: number | null;
  /** Seconds (epoch) since when the count has been what it is. */
  unchangedSince: number;
  netPerMinute: number | null;
}

export interface QueueFlags {
  growing: boolean;
  stalled: boolean;
  drainEtaSeconds: number | null;
}

const SMOOTHING = 0.5;

/** The smoothed rate after one more round: `seconds` between the two samples. */
export function nextNetPerMinute(
  previousRate: number | null,
  previousCount: number | null,
  count: number,
  seconds: number,
): number | null {
  if (previousCount === null || seconds <= 0) return previousRate;
  const instant = ((count - previousCount) * 60) / seconds;
  const rate = previousRate === null ? instant : SMOOTHING * instant + (1 - SMOOTHING) * previousRate;
  return Math.round(rate * 100) / 100;
}

export function queueFlags(q: QueueFigures, nowSeconds: number, stallMinutes: number): QueueFlags {
  const stallSeconds = stallMinutes * 60;
  const rate = q.netPerMinute ?? 0;
  const growing = q.previousCount !== null && q.count > q.previousCount && rate > 0;
  const stalled =
    q.count > 0 && nowSeconds - q.unchangedSince >= stallSeconds && (q.oldestAgeSeconds ?? 0) >= stallSeconds;
  const drainEtaSeconds = q.count > 0 && rate < 0 ? Math.round((q.count / -rate) * 60) : null;
  return { growing, stalled, drainEtaSeconds };
}
