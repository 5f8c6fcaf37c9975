// After a failed round the sampler tries again sooner than the interval, backing off while it keeps failing.
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "@/lib/metrics/sampler";

describe("retryDelayMs", () => {
  it("retries a first failure after 5 s, doubles while it keeps failing, and never waits more than the interval", () => {
    const minute = 60_000;
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, minute))).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
    expect(retryDelayMs(1_000, minute)).toBe(minute);
    // The shortest interval (5 s) is kept as it is.
    expect(retryDelayMs(1, 5_000)).toBe(5_000);
    expect(retryDelayMs(3, 5_000)).toBe(5_000);
  });
});
