import "server-only";

const WINDOW_MS = 15 * 60 * 1000;
const PER_NAME = 5;
/** Password checks running at once (scrypt, ~100 ms of CPU each): more wait a second. */
const MAX_IN_FLIGHT = 4;

const state = globalThis as typeof globalThis & { __queuescopeSignInFailures?: { byName: Map<string, number[]>; inFlight: number } };

function failures() {
  state.__queuescopeSignInFailures ??= { byName: new Map(), inFlight: 0 };
  return state.__queuescopeSignInFailures;
}

/**
 * Seconds until another sign-in attempt for this name is allowed, or 0: five failures for one
 * name in 15 minutes lock that name. Keyed by name, not address: behind a proxy every request may
 * come from the same address. Nothing locks every user at once, so guesses at made-up names
 * cannot keep the real ones out.
 */
export function signInRetryAfter(username: string, now = Date.now()): number {
  const mine = (failures().byName.get(username.toLowerCase()) ?? []).filter((t) => t > now - WINDOW_MS);
  return mine.length >= PER_NAME ? Math.ceil((mine[0]! + WINDOW_MS - now) / 1000) : 0;
}

export function recordSignInFailure(username: string, now = Date.now()): void {
  const f = failures();
  const key = username.toLowerCase();
  f.byName.set(key, [...(f.byName.get(key) ?? []).filter((t) => t > now - WINDOW_MS), now]);
}

export function clearSignInFailures(username: string): void {
  failures().byName.delete(username.toLowerCase());
}

export interface SignInAttempt {
  /** 0 when the password may be checked; otherwise seconds to wait. */
  retryAfter: number;
  /** "name": this name is locked; "busy": too many checks at once. */
  reason?: "name" | "busy";
  /** Call once the password was checked: a success forgets the name's failures. */
  end(ok: boolean): void;
}

/**
 * Starts a password check. The attempt counts as a failure from this moment, before the slow
 * check runs, so guesses sent in parallel cannot all pass the limit; a success takes it back.
 */
export function beginSignInAttempt(username: string, now = Date.now()): SignInAttempt {
  const noop = () => {};
  const wait = signInRetryAfter(username, now);
  if (wait > 0) return { retryAfter: wait, reason: "name", end: noop };
  const f = failures();
  if (f.inFlight >= MAX_IN_FLIGHT) return { retryAfter: 1, reason: "busy", end: noop };
  recordSignInFailure(username, now);
  f.inFlight++;
  let ended = false;
  return {
    retryAfter: 0,
    end(ok) {
      if (ended) return;
      ended = true;
      f.inFlight--;
      if (ok) clearSignInFailures(username);
    },
  };
}

export function resetSignInLimits(): void {
  state.__queuescopeSignInFailures = undefined;
}
