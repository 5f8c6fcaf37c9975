import "server-only";

/**
 * What one sampling round of one account saw. The sampler (one leader per account, elected
 * through a lease) produces it; alert evaluation and anything else that reacts to fresh samples
 * subscribes with `onSampleRound`, so the sampler does not need to know its consumers.
 */
export interface SampledQueue {
  name: string;
  /** Approximate message count, as Get Queue Properties reported it. */
  count: number;
  /** Age in seconds of the oldest message (the insertedOn of a one-message peek); null when empty or unknown. */
  oldestAgeSeconds: number | null;
}

export interface SampleRound {
  account: string;
  /** When the round started. */
  at: Date;
  intervalSeconds: number;
  queues: SampledQueue[];
  /**
   * Queues the round listed but could not read (a timeout, a throttled call). They are neither in
   * `queues` nor gone: a consumer keeps what it knew of them instead of reading them as empty.
   */
  failed?: string[];
}

export type RoundListener = (round: SampleRound) => Promise<void> | void;

const registry = globalThis as typeof globalThis & { __queuescopeRoundListeners?: Set<RoundListener> };

function listeners(): Set<RoundListener> {
  return (registry.__queuescopeRoundListeners ??= new Set());
}

/** Subscribes to every round this instance's sampler completes; returns the unsubscribe function. */
export function onSampleRound(listener: RoundListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/** Called by the sampler after a round is stored. A failing listener is logged and does not stop the others. */
export async function publishSampleRound(round: SampleRound): Promise<void> {
  await Promise.all(
    [...listeners()].map(async (listener) => {
      try {
        await listener(round);
      } catch (err) {
        console.error(
          `Queuescope: a sample-round listener failed for account ${round.account}:`,
          err instanceof Error ? err.message : err,
        );
      }
    }),
  );
}
