import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { beginSignInAttempt, clearSignInFailures, recordSignInFailure, resetSignInLimits, signInRetryAfter } from "@/lib/auth/rate-limit";

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

describe("attempts", () => {
  it("counts an attempt as a failure before the password is checked, so parallel guesses cannot all pass", () => {
    const started = [1, 2, 3, 4].map(() => beginSignInAttempt("alice"));
    for (const a of started) expect(a.retryAfter).toBe(0);
    for (const a of started) a.end(false);
    expect(beginSignInAttempt("alice").retryAfter).toBe(0); // the fifth: allowed, and now locked
    const sixth = beginSignInAttempt("alice");
    expect(sixth).toMatchObject({ retryAfter: 15 * 60, reason: "name" });
  });

  it("takes the failure back when the password was right", () => {
    fail("alice", 3);
    const a = beginSignInAttempt("alice");
    a.end(true);
    fail("alice", 4);
    expect(signInRetryAfter("alice")).toBe(0);
  });

  it("runs at most four password checks at once; the fifth waits a second, and counts nothing", () => {
    const running = ["a", "b", "c", "d"].map((n) => beginSignInAttempt(n));
    expect(beginSignInAttempt("e")).toMatchObject({ retryAfter: 1, reason: "busy" });
    expect(signInRetryAfter("e")).toBe(0);
    running[0]!.end(false);
    running[0]!.end(false); // a second end() changes nothing
    expect(beginSignInAttempt("e").retryAfter).toBe(0);
    expect(beginSignInAttempt("f")).toMatchObject({ reason: "busy" });
  });

  it("never locks a name because of failures for other names (no lock-out of everyone)", () => {
    for (let i = 0; i < 500; i++) fail(`made-up-${i}`);
    expect(signInRetryAfter("alice")).toBe(0);
    expect(beginSignInAttempt("alice").retryAfter).toBe(0);
  });

  it("starts over after resetSignInLimits", () => {
    fail("alice", 5);
    for (let i = 0; i < 4; i++) beginSignInAttempt(`user${i}`);
    resetSignInLimits();
    expect(signInRetryAfter("alice")).toBe(0);
    expect(beginSignInAttempt("bob").retryAfter).toBe(0);
  });
});
