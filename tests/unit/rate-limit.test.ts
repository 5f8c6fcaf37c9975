import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearSignInFailures, recordSignInFailure, resetSignInLimits, signInRetryAfter } from "@/lib/auth/rate-limit";

const MIN = 60_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
  resetSignInLimits();
});
afterEach(() => {
  vi.useRealTimers();
  resetSignInLimits();
});

const fail = (name: string, times = 1) => {
  for (let i = 0; i < times; i++) recordSignInFailure(name);
};

describe("per user name", () => {
  it("allows four failures and locks the name for 15 minutes at the fifth", () => {
    fail("alice", 4);
    expect(signInRetryAfter("alice")).toBe(0);
    fail("alice");
    expect(signInRetryAfter("alice")).toBe(15 * 60);
  });

  it("ignores case and leaves other names alone", () => {
    fail("Alice", 3);
    fail("ALICE", 2);
    expect(signInRetryAfter("alice")).toBeGreaterThan(0);
    expect(signInRetryAfter("bob")).toBe(0);
  });

  it("unlocks when the oldest failure leaves the 15-minute window", () => {
    fail("alice", 5);
    vi.advanceTimersByTime(15 * MIN - 1000);
    expect(signInRetryAfter("alice")).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(signInRetryAfter("alice")).toBe(0);
  });

  it("counts a sliding window: failures spread over time lock only while five are recent", () => {
    for (let i = 0; i < 5; i++) {
      fail("alice");
      vi.advanceTimersByTime(4 * MIN);
    }
    // Failures at 0, 4, 8, 12, 16 min; now 20 min: the one at 0 and 4 have left the window.
    expect(signInRetryAfter("alice")).toBe(0);
    fail("alice");
    expect(signInRetryAfter("alice")).toBe(0);
    fail("alice");
    // 8, 12, 16, 20, 20 min: five in the window, the oldest (8 min) frees it at 23 min.
    expect(signInRetryAfter("alice")).toBe(3 * 60);
  });

  it("forgets a name's failures after a successful sign-in", () => {
    fail("alice", 4);
    clearSignInFailures("ALICE");
    fail("alice", 4);
    expect(signInRetryAfter("alice")).toBe(0);
  });
});

describe("across all names", () => {
  it("locks everyone after 60 failures in a minute (password spraying), for the rest of that minute", () => {
    for (let i = 0; i < 59; i++) fail(`user${i}`);
    expect(signInRetryAfter("someone-new")).toBe(0);
    vi.advanceTimersByTime(20_000);
    fail("user59");
    expect(signInRetryAfter("someone-new")).toBe(40);
    vi.advanceTimersByTime(40_000);
    expect(signInRetryAfter("someone-new")).toBe(0);
  });

  it("starts over after resetSignInLimits", () => {
    fail("alice", 5);
    for (let i = 0; i < 60; i++) fail(`user${i}`);
    resetSignInLimits();
    expect(signInRetryAfter("alice")).toBe(0);
    expect(signInRetryAfter("bob")).toBe(0);
  });
});
