import "server-only";
import type { AlertCondition } from "@/lib/validation/alerts";

/**
 * The per-(rule, queue) hysteresis state machine, pure so it can be tested without storage.
 *
 * ok ──holds──▶ pending ──holds for forSeconds──▶ FIRING ──clear──▶ resolving ──clear for resolveSeconds──▶ RESOLVED (ok)
 *  ▲              │ not holding                      ▲                  │ not clear
 *  └──────────────┘                                  └──────────────────┘
 *
 * Only the two capitalised steps are transitions (recorded, paged). "Clear" is stricter than
 * "not holding" for threshold conditions (a 10% margin below the threshold), and it must last
 * resolveSeconds, so a queue hovering at the threshold or flapping every round pages once.
 */
export type Phase = "ok" | "pending" | "firing" | "resolving";

export interface MachineState {
  phase: Phase;
  /** Since when the condition has held (pending), or when the alert fired (firing, resolving). */
  since: number | null;
  /** Since when the condition has been clear (resolving). */
  clearSince: number | null;
}

export const INITIAL: MachineState = { phase: "ok", since: null, clearSince: null };

export interface Reading {
  /** The condition holds this round. */
  holds: boolean;
  /** The condition is clearly over (past the margin) this round. */
  clear: boolean;
}

export interface Step {
  next: MachineState;
  transition: "firing" | "resolved" | null;
}

/** How long a condition must stay clear before a firing alert resolves. */
export function resolveSeconds(forSeconds: number, intervalSeconds: number): number {
  return Math.max(forSeconds, 2 * intervalSeconds);
}

export function step(
  state: MachineState,
  reading: Reading,
  at: number,
  forSeconds: number,
  resolveAfter: number,
): Step {
  switch (state.phase) {
    case "ok":
    case "pending": {
      if (!reading.holds) return { next: INITIAL, transition: null };
      const since = state.phase === "pending" && state.since !== null ? state.since : at;
      if (at - since >= forSeconds * 1000)
        return { next: { phase: "firing", since: at, clearSince: null }, transition: "firing" };
      return { next: { phase: "pending", since, clearSince: null }, transition: null };
    }
    case "firing":
    case "resolving": {
      if (!reading.clear) return { next: { phase: "firing", since: state.since, clearSince: null }, transition: null };
      const clearSince = state.phase === "resolving" && state.clearSince !== null ? state.clearSince : at;
      if (at - clearSince >= resolveAfter * 1000) return { next: INITIAL, transition: "resolved" };
      return { next: { phase: "resolving", since: state.since, clearSince }, transition: null };
    }
  }
}

export interface Sample {
  at: number;
  count: number;
  oldestAgeSeconds: number | null;
}

/** Hysteresis band for threshold conditions: clear only at or below 90% of the threshold. */
const MARGIN = 0.9;

/**
 * Reads one condition from this round's sample and the previous one (null when this instance has
 * none yet: rate and stall conditions then neither hold nor clear, so nothing moves on a guess).
 * `value` is what the webhook reports: the depth, the age, or the net rate per minute.
 */
export function readCondition(
  condition: AlertCondition,
  threshold: number,
  now: Sample,
  prev: Sample | null,
): Reading & { value: number } {
  switch (condition) {
    case "depth_above":
      return { value: now.count, holds: now.count > threshold, clear: now.count <= Math.floor(threshold * MARGIN) };
    case "age_above": {
      const age = now.oldestAgeSeconds ?? 0;
      return { value: age, holds: age > threshold, clear: age <= threshold * MARGIN };
    }
    case "not_empty":
      return { value: now.count, holds: now.count > 0, clear: now.count === 0 };
    case "growing": {
      if (!prev || now.at <= prev.at) return { value: 0, holds: false, clear: false };
      const rate = ((now.count - prev.count) * 60_000) / (now.at - prev.at);
      const value = Math.round(rate * 100) / 100;
      return {
        value,
        holds: rate > threshold,
        clear: rate <= Math.min(0, threshold) || (threshold > 0 && rate <= threshold * MARGIN),
      };
    }
    case "stalled": {
      if (now.count === 0) return { value: 0, holds: false, clear: true };
      if (!prev) return { value: now.count, holds: false, clear: false };
      const unchanged = now.count === prev.count;
      const aging =
        now.oldestAgeSeconds !== null && prev.oldestAgeSeconds !== null && now.oldestAgeSeconds > prev.oldestAgeSeconds;
      return { value: now.count, holds: unchanged && aging, clear: !unchanged };
    }
  }
}
