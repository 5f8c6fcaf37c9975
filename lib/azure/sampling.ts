import "server-only";
import type { AccountConfig } from "@/lib/config/accounts";
import type { SampledQueue } from "@/lib/metrics/round";
import { getServiceClient } from "./clients";
import { storageCall, toAppError } from "./errors";

export interface SampleCalls {
  listPages: number;
  properties: number;
  peeks: number;
}

export interface AccountSample {
  queues: SampledQueue[];
  calls: SampleCalls;
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
 * and its deadline: a silent endpoint ends the pass within seconds instead of wedging it. The first
 * failure other than a queue deleted meanwhile stops the pass (the caller retries next round).
 */
export async function sampleAccountQueues(account: AccountConfig, opts: SampleOptions): Promise<AccountSample> {
  const service = getServiceClient(account);
  const calls: SampleCalls = { listPages: 0, properties: 0, peeks: 0 };
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await storageCall(() => service.listQueues({ prefix: opts.prefix || undefined }).byPage({ continuationToken: marker, maxPageSize: 5000 }).next());
    calls.listPages++;
    const value = page.value as { queueItems?: { name: string }[]; continuationToken?: string } | undefined;
    names.push(...(value?.queueItems ?? []).map((q) => q.name));
    marker = value?.continuationToken || undefined;
    opts.signal?.throwIfAborted();
  } while (marker);

  const results: (SampledQueue | undefined)[] = new Array(names.length);
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < names.length && !opts.signal?.aborted) {
      const i = next++;
      const name = names[i]!;
      try {
        results[i] = await sampleQueue(account, name, opts.at, calls);
      } catch (err) {
        const mapped = toAppError(err);
        if (mapped.code !== "queue_not_found") failure ??= mapped;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, names.length)) }, worker));
  if (failure !== undefined) throw failure;
  opts.signal?.throwIfAborted();
  return { queues: results.filter((q): q is SampledQueue => q !== undefined), calls };
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
