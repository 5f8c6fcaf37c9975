import "server-only";
import { createHash } from "node:crypto";
import { updateRecord } from "@/lib/state/atomic";
import { deleteRecord, odata, queryRecords } from "@/lib/state/store";

const WINDOW_MS = 15 * 60 * 1000;
const PER_NAME = 5;
const PARTITION = "sign-in";
/** How often an instance clears out names nobody tried for a whole window. */
const PURGE_EVERY_MS = 10 * 60 * 1000;

const state = globalThis as typeof globalThis & { __queuescopeLimitsPurgedAt?: number };

/** Any text can be typed as a name: the row key is its digest (lower case: names are case-insensitive). */
const rowKey = (username: string) => createHash("sha256").update(username.toLowerCase()).digest("hex").slice(0, 40);

interface LimitRecord {
  [field: string]: string;
  /** JSON array of attempt times (ms) inside the window. */
  attempts: string;
}

const inWindow = (r: LimitRecord | null, now: number) =>
  (r ? (JSON.parse(r.attempts) as number[]) : []).filter((t) => t > now - WINDOW_MS);

export interface SignInAttempt {
  /** 0 when the password may be checked; otherwise seconds to wait. */
  retryAfter: number;
  /** Call once the password was checked: a success forgets the name's failures. */
  end(ok: boolean): Promise<void>;
}

/**
 * Starts a password check: five attempts per name in 15 minutes, counted in the state store so
 * every instance sees the same count (an ETag-guarded record per name). The attempt counts from
 * this moment, before the slow check runs, so guesses sent in parallel (to one instance or
 * several) cannot all pass; a success takes it back. Keyed by name, not address: behind a proxy
 * every request may come from the same address. Nothing limits all names at once, and made-up
 * names cost no password check (see checkCredentials), so guesses cannot keep real users out.
 */
export async function beginSignInAttempt(username: string, now = Date.now()): Promise<SignInAttempt> {
  const key = rowKey(username);
  let retryAfter = 0;
  await updateRecord<LimitRecord>("limits", PARTITION, key, (current) => {
    const attempts = inWindow(current, now);
    if (attempts.length >= PER_NAME) {
      retryAfter = Math.max(1, Math.ceil((attempts[0]! + WINDOW_MS - now) / 1000));
      return undefined;
    }
    retryAfter = 0;
    return { attempts: JSON.stringify([...attempts, now]) };
  });
  void purgeStale(now);
  if (retryAfter > 0) return { retryAfter, end: async () => {} };
  let ended = false;
  return {
    retryAfter: 0,
    async end(ok) {
      if (ended || !ok) return;
      ended = true;
      await deleteRecord("limits", PARTITION, key);
    },
  };
}

/** Seconds until another attempt for this name is allowed, or 0. */
export async function signInRetryAfter(username: string, now = Date.now()): Promise<number> {
  const [record] = await queryRecords<LimitRecord>("limits", {
    partitionKey: PARTITION,
    filter: odata`RowKey eq ${rowKey(username)}`,
    limit: 1,
  });
  const attempts = inWindow(record ?? null, now);
  return attempts.length >= PER_NAME ? Math.ceil((attempts[0]! + WINDOW_MS - now) / 1000) : 0;
}

/** Names tried with made-up values would otherwise stay in the table forever. */
async function purgeStale(now: number): Promise<void> {
  if (now - (state.__queuescopeLimitsPurgedAt ?? 0) < PURGE_EVERY_MS) return;
  state.__queuescopeLimitsPurgedAt = now;
  try {
    const stale = await queryRecords("limits", {
      partitionKey: PARTITION,
      filter: odata`Timestamp lt ${new Date(now - WINDOW_MS)}`,
      limit: 1000,
    });
    for (const r of stale) await deleteRecord("limits", PARTITION, r.rowKey, r.etag);
  } catch {
    // a record changed in between, or the store is busy: the next purge gets it
  }
}

/** Forgets every name's attempts, on every instance (tests). */
export async function resetSignInLimits(): Promise<void> {
  state.__queuescopeLimitsPurgedAt = undefined;
  for (const r of await queryRecords("limits", { partitionKey: PARTITION }))
    await deleteRecord("limits", PARTITION, r.rowKey);
}
