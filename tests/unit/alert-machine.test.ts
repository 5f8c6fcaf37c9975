import { describe, expect, it } from "vitest";
import {
  INITIAL,
  readCondition,
  resolveSeconds,
  step,
  type MachineState,
  type Reading,
} from "@/lib/metrics/alert-machine";

const HOLDS: Reading = { holds: true, clear: false };
const CLEAR: Reading = { holds: false, clear: true };
const BAND: Reading = { holds: false, clear: false };

/** Runs readings one interval apart and answers the transitions, with the round index of each. */
function run(readings: Reading[], forSeconds: number, interval = 60, start: MachineState = INITIAL) {
  let state = start;
  const transitions: [number, string][] = [];
  readings.forEach((r, i) => {
    const { next, transition } = step(state, r, i * interval * 1000, forSeconds, resolveSeconds(forSeconds, interval));
    state = next;
    if (transition) transitions.push([i, transition]);
  });
  return { state, transitions };
}

describe("hysteresis state machine", () => {
  it("fires only once the condition has held for forSeconds", () => {
    expect(run([HOLDS, HOLDS, HOLDS], 120).transitions).toEqual([[2, "firing"]]);
    expect(run([HOLDS, HOLDS], 120).state.phase).toBe("pending");
  });

  it("fires at once with forSeconds 0, and never again while it holds", () => {
    expect(run([HOLDS, HOLDS, HOLDS, HOLDS], 0).transitions).toEqual([[0, "firing"]]);
  });

  it("a break before forSeconds starts the wait over", () => {
    expect(run([HOLDS, HOLDS, CLEAR, HOLDS, HOLDS, HOLDS], 120).transitions).toEqual([[5, "firing"]]);
    expect(run([HOLDS, HOLDS, BAND, HOLDS, HOLDS], 120).transitions).toEqual([]);
  });

  it("a queue flapping every round never pages", () => {
    expect(
      run(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? CLEAR : HOLDS)),
        60,
      ).transitions,
    ).toEqual([]);
  });

  it("resolves only after the condition has been clear for max(forSeconds, 2 intervals)", () => {
    expect(resolveSeconds(0, 60)).toBe(120);
    expect(resolveSeconds(600, 60)).toBe(600);
    expect(run([HOLDS, CLEAR, CLEAR, CLEAR], 0).transitions).toEqual([
      [0, "firing"],
      [3, "resolved"],
    ]);
  });

  it("flapping after firing keeps it firing: one page, no resolve, no second page", () => {
    const readings = [HOLDS, ...Array.from({ length: 30 }, (_, i) => (i % 2 ? HOLDS : CLEAR))];
    const { transitions, state } = run(readings, 0);
    expect(transitions).toEqual([[0, "firing"]]);
    expect(["firing", "resolving"]).toContain(state.phase);
  });

  it("inside the margin band a firing alert neither resolves nor re-fires", () => {
    const { transitions, state } = run([HOLDS, BAND, BAND, BAND, BAND, BAND], 0);
    expect(transitions).toEqual([[0, "firing"]]);
    expect(state.phase).toBe("firing");
  });

  it("keeps the time it fired while clearing, and resets the clear clock when it holds again", () => {
    const a = step(INITIAL, HOLDS, 1000, 0, 120).next;
    const b = step(a, CLEAR, 61_000, 0, 120).next;
    expect(b).toEqual({ phase: "resolving", since: 1000, clearSince: 61_000 });
    const c = step(b, HOLDS, 121_000, 0, 120).next;
    expect(c).toEqual({ phase: "firing", since: 1000, clearSince: null });
  });
});

describe("conditions", () => {
  const s = (count: number, age: number | null = null, at = 60_000) => ({ at, count, oldestAgeSeconds: age });

  it("depth_above holds above the threshold and clears only at 90% of it", () => {
    expect(readCondition("depth_above", 100, s(101), null)).toEqual({ value: 101, holds: true, clear: false });
    expect(readCondition("depth_above", 100, s(95), null)).toMatchObject({ holds: false, clear: false });
    expect(readCondition("depth_above", 100, s(90), null)).toMatchObject({ holds: false, clear: true });
  });

  it("age_above reads the oldest message's age; an empty queue is clear", () => {
    expect(readCondition("age_above", 300, s(3, 301), null)).toMatchObject({ value: 301, holds: true });
    expect(readCondition("age_above", 300, s(0, null), null)).toMatchObject({ value: 0, holds: false, clear: true });
  });

  it("not_empty holds with any message", () => {
    expect(readCondition("not_empty", 0, s(1), null)).toMatchObject({ holds: true, clear: false });
    expect(readCondition("not_empty", 0, s(0), null)).toMatchObject({ holds: false, clear: true });
  });

  it("growing compares with the previous sample as a rate per minute; without one it does not move", () => {
    expect(readCondition("growing", 0, s(10, null, 120_000), s(4, null, 60_000))).toEqual({
      value: 6,
      holds: true,
      clear: false,
    });
    expect(readCondition("growing", 0, s(4, null, 120_000), s(4, null, 60_000))).toMatchObject({
      value: 0,
      holds: false,
      clear: true,
    });
    expect(readCondition("growing", 0, s(10), null)).toEqual({ value: 0, holds: false, clear: false });
    expect(readCondition("growing", 10, s(29, null, 180_000), s(10, null, 60_000))).toMatchObject({
      value: 9.5,
      holds: false,
      clear: false,
    });
    expect(readCondition("growing", 10, s(19, null, 120_000), s(10, null, 60_000))).toMatchObject({
      value: 9,
      holds: false,
      clear: true,
    });
  });

  it("stalled holds when the depth is unchanged and the oldest message aged; a moving or empty queue is clear", () => {
    expect(readCondition("stalled", 0, s(5, 120, 120_000), s(5, 60, 60_000))).toMatchObject({ holds: true });
    expect(readCondition("stalled", 0, s(4, 120, 120_000), s(5, 60, 60_000))).toMatchObject({
      holds: false,
      clear: true,
    });
    expect(readCondition("stalled", 0, s(0, null, 120_000), s(5, 60, 60_000))).toMatchObject({
      holds: false,
      clear: true,
    });
    // Same depth but a younger oldest message: it is moving (consumed and refilled).
    expect(readCondition("stalled", 0, s(5, 10, 120_000), s(5, 60, 60_000))).toMatchObject({
      holds: false,
      clear: false,
    });
  });
});
