import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/api/error-codes";
import { deleteRecord, getRecord, StateConflict, transact } from "@/lib/state/store";
import { readJobRecord } from "./records";

/**
 * Queue locks across every instance: one row per (account, queue) in the "locks" table, created
 * for all the queues a job reads or writes in one transaction, so of N simultaneous starts
 * exactly one wins and a job holds all its queues or none. A clear or delete outside a job takes
 * the same lock for as long as it runs.
 */
interface LockRow {
  holder: string;
  kind: string;
  /** For locks held by a request (not a job): when they lapse if the instance died holding them. */
  expiresAt?: string;
  /** When the lock was taken: a job's record is written just after its lock. */
  lockedAt?: string;
}

/** How long a job lock without a job record is taken for one being started (it is written right after). */
const RECORD_GRACE_MS = 60_000;

/** Lock-table row keys are queue names: already safe ([a-z0-9-]). */
async function isStale(row: LockRow): Promise<boolean> {
  if (row.expiresAt) return Date.parse(row.expiresAt) < Date.now();
  const job = await readJobRecord(row.holder);
  if (!job) return !row.lockedAt || Date.now() - Date.parse(row.lockedAt) > RECORD_GRACE_MS;
  return job.job.state !== "running";
}

function conflict(queue: string, row: LockRow): AppError {
  if (row.expiresAt)
    return new AppError(
      "job_conflict",
      `"${queue}" is being changed by another request (${row.kind}); try again in a moment.`,
      { queue },
    );
  return new AppError(
    "job_conflict",
    `A ${row.kind} job is using "${queue}" (job ${row.holder}). Wait for it to finish or cancel it.`,
    { jobId: row.holder, queue },
  );
}

/**
 * Locks every queue in `queues` for `holder`, or throws 409 job_conflict naming the job that
 * holds one of them. Locks left by a finished or vanished holder are cleared and the lock retried.
 */
export async function lockQueues(
  account: string,
  queues: string[],
  holder: string,
  kind: string,
  expiresAt?: Date,
): Promise<void> {
  const names = [...new Set(queues)];
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await transact(
        "locks",
        names.map((q) => [
          "create",
          {
            partitionKey: account,
            rowKey: q,
            holder,
            kind,
            expiresAt: expiresAt?.toISOString(),
            lockedAt: new Date().toISOString(),
          },
        ]),
      );
      return;
    } catch (err) {
      if (!(err instanceof StateConflict)) throw err;
    }
    let cleared = false;
    for (const q of names) {
      const row = await getRecord<LockRow>("locks", account, q);
      if (!row || row.holder === holder) continue;
      if (!(await isStale(row))) throw conflict(q, row);
      await deleteRecord("locks", account, q, row.etag).catch(() => undefined);
      cleared = true;
    }
    if (!cleared && attempt > 0) break;
  }
  throw new AppError(
    "job_conflict",
    `Another job or request took one of ${names.map((q) => `"${q}"`).join(", ")} at the same moment; try again.`,
  );
}

/** Releases the locks `holder` has on `queues` (others' locks are left alone). */
export async function unlockQueues(account: string, queues: string[], holder: string): Promise<void> {
  for (const q of new Set(queues)) {
    const row = await getRecord<LockRow>("locks", account, q);
    if (row?.holder === holder) await deleteRecord("locks", account, q, row.etag);
  }
}

/** The job or request holding `queue`, if any (a stale lock counts as none). */
export async function lockHolder(account: string, queue: string): Promise<string | null> {
  const row = await getRecord<LockRow>("locks", account, queue);
  return row && !(await isStale(row)) ? row.holder : null;
}

/**
 * Runs a one-off change (a clear, a queue delete) while holding the queue's lock, so it can never
 * run under a job that moves messages in or out of that queue.
 */
export async function withQueueLock<T>(
  account: string,
  queue: string,
  kind: string,
  fn: () => Promise<T>,
  maxSeconds = 300,
): Promise<T> {
  const holder = `request-${randomUUID()}`;
  await lockQueues(account, [queue], holder, kind, new Date(Date.now() + maxSeconds * 1000));
  try {
    return await fn();
  } finally {
    await unlockQueues(account, [queue], holder).catch(() => undefined); // lapses by itself at expiresAt
  }
}
