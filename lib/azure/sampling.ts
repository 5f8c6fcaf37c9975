import "server-only";
import type { AccountConfig } from "@/lib/config/accounts";
import type { SampledQueue } from "@/lib/metrics/round";
import { LIST_PAGE_QUEUES } from "@/lib/util/sampling-limits";
import { getServiceClient } from "./clients";
import { storageCall, toAppError } from "./errors";

export interface SampleCalls {
  listPages: number;
  properties: number;
  peeks: number;
}

export interface AccountSample {
  queues: SampledQueue[];
  /** Queues whose count could not be read this round (a slow or failed call): left out, not zero. */
  failed: string[];
  calls: SampleCalls;
}

/** Queues a round may fail to read before the whole round is given up (storage gone silent or refusing). */
function failureBudget(queues: number): number {
  return Math.max(3, Math.floor(queues / 100));
}

export interface SampleOptions {
  /** Get Queue Properties and peeks in flight at once. */
  concurrency: number;
  /** When the ages are measured from (the round's start). */
  at: Date;
  signal?: AbortSignal;
  /** Only queues with this prefix (tests share one emulator account). */
  prefix?: string;
}

/**
 * One sampling pass over an account: every queue's approximate count (Get Queue Properties) and,
 * for a non-empty queue, the insertedOn of a one-message peek. Azure does not promise FIFO, so the
 * peeked message is the oldest only as an estimate. Every call goes through the interactive client
 * and its deadline: a silent endpoint ends the pass within seconds instead of wedging it. A few
 * queues that fail (one slow call among 10,000) are reported as failed; more than 1 % (at least 3)
 * stop the pass with the first error, and the caller retries next round.
 */
export async function sampleAccountQueues(account: AccountConfig, opts: SampleOptions): Promise<AccountSample> {
  const service = getServiceClient(account);
  const calls: SampleCalls = { listPages: 0, properties: 0, peeks: 0 };
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await storageCall(() =>
      service
        .listQueues({ prefix: opts.prefix || undefined })
        .byPage({ continuationToken: marker, maxPageSize: LIST_PAGE_QUEUES })
        .next(),
    );
    calls.listPages++;
    const value = page.value as { queueItems?: { name: string }[]; continuationToken?: string } | undefined;
    names.push(...(value?.queueItems ?? []).map((q) => q.name));
    marker = value?.continuationToken || undefined;
    opts.signal?.throwIfAborted();
  } while (marker);

  const results: (SampledQueue | undefined)[] = new Array(names.length);
  const failed: string[] = [];
  const budget = failureBudget(names.length);
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (failed.length <= budget && next < names.length && !opts.signal?.aborted) {
      const i = next++;
      const name = names[i]!;
      try {
        results[i] = await sampleQueue(account, name, opts.at, calls);
      } catch (err) {
        const mapped = toAppError(err);
        if (mapped.code === "queue_not_found") continue; // deleted since the listing
        firstError ??= mapped;
        failed.push(name);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, names.length)) }, worker));
  if (failed.length > budget) throw firstError;
  opts.signal?.throwIfAborted();
  return { queues: results.filter((q): q is SampledQueue => q !== undefined), failed, calls };
}

async function sampleQueue(account: AccountConfig, name: string, at: Date, calls: SampleCalls): Promise<SampledQueue> {
  const queue = getServiceClient(account).getQueueClient(name);
  calls.properties++;
  const props = await queue.getProperties();
  const count = props.approximateMessagesCount ?? 0;
  if (count === 0) return { name, count, oldestAgeSeconds: null };
  calls.peeks++;
  const peeked = await queue.peekMessages({ numberOfMessages: 1 });
  const oldest = peeked.peekedMessageItems[0]?.insertedOn;
  // A count above zero with nothing visible: every message is invisible (being processed) or the count lags.
  const oldestAgeSeconds = oldest ? Math.max(0, Math.round((at.getTime() - oldest.getTime()) / 1000)) : null;
  return { name, count, oldestAgeSeconds };
}
