import "server-only";

const WINDOW_MS = 15 * 60 * 1000;
const PER_NAME = 5;
const GLOBAL_PER_MINUTE = 60;

const state = globalThis as typeof globalThis & { __queuescopeSignInFailures?: { byName: Map<string, number[]>; all: number[] } };

function failures() {
  state.__queuescopeSignInFailures ??= { byName: new Map(), all: [] };
  return state.__queuescopeSignInFailures;
}

/**
 * Seconds until another sign-in attempt for this name is allowed, or 0. Five failures for one name
 * in 15 minutes lock that name; 60 failures a minute across all names (spraying) lock everyone.
 * Keyed by name, not address: behind a proxy every request may come from the same address.
 */
export function signInRetryAfter(username: string, now = Date.now()): number {
  const f = failures();
  const mine = (f.byName.get(username.toLowerCase()) ?? []).filter((t) => t > now - WINDOW_MS);
  f.all = f.all.filter((t) => t > now - 60_000);
  if (mine.length >= PER_NAME) return Math.ceil((mine[0]! + WINDOW_MS - now) / 1000);
  if (f.all.length >= GLOBAL_PER_MINUTE) return Math.ceil((f.all[0]! + 60_000 - now) / 1000);
  return 0;
}

export function recordSignInFailure(username: string, now = Date.now()): void {
  const f = failures();
  const key = username.toLowerCase();
  f.byName.set(key, [...(f.byName.get(key) ?? []).filter((t) => t > now - WINDOW_MS), now]);
  f.all.push(now);
}

export function clearSignInFailures(username: string): void {
  failures().byName.delete(username.toLowerCase());
}

export function resetSignInLimits(): void {
  state.__queuescopeSignInFailures = undefined;
}
