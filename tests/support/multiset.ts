// Counting messages as multisets: duplicates show, and nothing can hide behind a set. Used by the
// integration (Vitest) and end-to-end (Playwright) suites alike, so it imports neither.
import type { QueueClient } from "@azure/storage-queue";

/** Every visible message text, received (hidden for 10 minutes) so that each is read once. */
export async function drainQueue(q: QueueClient): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const batch = (await q.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 600 })).receivedMessageItems;
    if (!batch.length) return out;
    out.push(...batch.map((m) => m.messageText));
  }
}

/**
 * Every message text in the queue, the hidden ones too: drains what is visible until the texts read
 * add up to the queue's count, waiting up to `waitMs` for messages another receive still hides.
 */
export async function drainCounted(q: QueueClient, waitMs = 0): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  const out: string[] = [];
  for (;;) {
    out.push(...(await drainQueue(q)));
    const total = (await q.getProperties()).approximateMessagesCount ?? 0;
    if (out.length >= total) return out;
    if (Date.now() > deadline)
      throw new Error(`${q.name}: ${total - out.length} of ${total} messages still hidden after ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

export function multiset(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/**
 * What a move left behind, checked against what it was given: every original at least as often as
 * it was sent, no text that was never sent, and extra copies at most the job's counted duplicates.
 * Returns the originals missing (empty when nothing was lost) and the extra copies.
 */
export function moveOutcome(
  original: string[],
  left: string[],
  moved: string[],
): { missing: string[]; strangers: string[]; extra: number } {
  const all = multiset([...left, ...moved]);
  const want = multiset(original);
  const missing = [...want].filter(([t, n]) => (all.get(t) ?? 0) < n).map(([t]) => t);
  const strangers = [...all.keys()].filter((t) => !want.has(t));
  return { missing, strangers, extra: left.length + moved.length - original.length };
}
