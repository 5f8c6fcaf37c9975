import "server-only";
import { AppError } from "@/lib/api/error-codes";
import { toAppError } from "@/lib/azure/errors";
import { LeaseLost } from "@/lib/state/lease";
import { StateConflict } from "@/lib/state/store";

/**
 * Bounded retries of one storage step inside a job loop. Under load (a CPU-starved emulator, a
 * busy partition) a single call can time out or answer 503 while the next one works; failing the
 * whole job on it would leave a move half done for no reason. Only transient faults are retried,
 * and only a few times within a time budget, so storage that stays silent still fails the job
 * (with its locks freed) and a permanent refusal (403, a queue that is gone) fails it at once.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No new try starts once this long has passed since the first one started. */
  budgetMs: number;
}

export const JOB_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4_000, budgetMs: 60_000 };

function status(err: AppError): number | undefined {
  return (err.details as { status?: number } | undefined)?.status;
}

/** Timeouts, resets, 5xx and 503 ServerBusy: worth another try. 4xx, auth and conflicts are not. */
export function isTransient(err: unknown): boolean {
  if (err instanceof StateConflict) return false;
  if (err instanceof LeaseLost) return false;
  const e = toAppError(err);
  if (e.code === "storage_unreachable") return true;
  if (e.code === "storage_error") return (status(e) ?? 0) >= 500;
  // The state store: a refused credential is permanent, anything else (no answer, 5xx) is not.
  if (e.code === "state_unavailable") {
    const s = status(e);
    return s === undefined ? !/refused the credential/.test(e.message) : s >= 500 || s === 408;
  }
  return false;
}

/**
 * A failed try that may still have done its work: no answer at all, or a 5xx other than 503
 * ServerBusy (which says the request was not processed). A send retried after one of these may
 * leave a second copy.
 */
export function mayHaveLanded(err: unknown): boolean {
  const e = toAppError(err);
  return isTransient(err) && status(e) !== 503;
}

/** Waits `ms`, or less when `signal` fires. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export interface RetryOptions {
  signal: AbortSignal;
  policy?: RetryPolicy;
  /** Called before each retry with the fault that caused it (to count a possible duplicate). */
  onRetry?(err: unknown, attempt: number): void;
}

/** Runs `step`, retrying transient faults with jittered exponential backoff; rethrows the last fault. */
export async function withRetry<T>(step: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const policy = opts.policy ?? JOB_RETRY;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (err) {
      const again =
        attempt < policy.attempts && !opts.signal.aborted && isTransient(err) && Date.now() - started < policy.budgetMs;
      if (!again) throw err;
      opts.onRetry?.(err, attempt);
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await pause(ceiling / 2 + Math.random() * (ceiling / 2), opts.signal);
      if (opts.signal.aborted) throw err;
    }
  }
}
