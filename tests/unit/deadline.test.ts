import { afterEach, describe, expect, it, vi } from "vitest";
import { underDeadline } from "@/lib/azure/deadline";

/** A call that ends only when its signal aborts, with the signal's reason. */
const hangs = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });

/** An outer signal that counts the abort listeners still registered on it. */
function countedSignal() {
  const controller = new AbortController();
  let listeners = 0;
  const add = controller.signal.addEventListener.bind(controller.signal);
  const remove = controller.signal.removeEventListener.bind(controller.signal);
  controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
    listeners++;
    add(...args);
  }) as typeof add;
  controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
    listeners--;
    remove(...args);
  }) as typeof remove;
  return { controller, listeners: () => listeners };
}

describe("a storage call's client-side deadline", () => {
  afterEach(() => vi.useRealTimers());

  it("aborts a call that never answers once the deadline passes, as a TimeoutError", async () => {
    vi.useFakeTimers();
    const call = underDeadline(undefined, 3_000, hangs);
    const settled = expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    await vi.advanceTimersByTimeAsync(2_999);
    let done = false;
    void call.catch(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
  });

  it("aborts at once when the caller's signal aborts, with the caller's reason, and leaves nothing behind", async () => {
    vi.useFakeTimers();
    const outer = countedSignal();
    const call = underDeadline(outer.controller.signal, 60_000, hangs);
    expect(outer.listeners()).toBe(1);
    outer.controller.abort(new Error("cancelled"));
    await expect(call).rejects.toThrow("cancelled");
    expect(vi.getTimerCount()).toBe(0);
    expect(outer.listeners()).toBe(0);
  });

  it("leaves no listener on the caller's signal after the deadline fired", async () => {
    vi.useFakeTimers();
    const outer = countedSignal();
    const call = underDeadline(outer.controller.signal, 1_000, hangs);
    const settled = expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    await vi.advanceTimersByTimeAsync(1_000);
    await settled;
    expect(vi.getTimerCount()).toBe(0);
    expect(outer.listeners()).toBe(0);
    expect(outer.controller.signal.aborted).toBe(false);
  });

  it("leaves no timer and no listener on the caller's signal once the call ends", async () => {
    vi.useFakeTimers();
    const outer = countedSignal();
    for (let i = 0; i < 100; i++) await underDeadline(outer.controller.signal, 45_000, async () => i);
    await expect(
      underDeadline(outer.controller.signal, 45_000, async () => Promise.reject(new Error("409"))),
    ).rejects.toThrow("409");
    expect(vi.getTimerCount()).toBe(0);
    expect(outer.listeners()).toBe(0);
  });

  it("hands an already aborted signal straight to the call", async () => {
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await expect(underDeadline(controller.signal, 1_000, hangs)).rejects.toThrow("gone");
    let seen: AbortSignal | undefined;
    await underDeadline(controller.signal, 1_000, async (s) => (seen = s)).catch(() => undefined);
    expect(seen?.aborted).toBe(true);
  });
});
