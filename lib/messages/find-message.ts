// Finding a peeked message so it can be acted on: receive pages until its id appears, then
// release every other message at once. Kept free of fetch so the loop can be tested on its own.
import { mapLimit } from "@/lib/util/map-limit";

export const FIND_PAGE_SIZE = 32;
export const FIND_MAX_PAGES = 16;

interface Received {
  id: string;
  popReceipt: string;
  nextVisibleOn: string;
}

export interface FindOutcome<M extends Received> {
  found: M | null;
  /**
   * The others, returned to the queue: each with the receipt and visibility its release gave it,
   * so a copy the list already holds (an earlier deep browse) can take them over.
   */
  released: M[];
  /** How many messages were received while looking, the one found included. */
  scanned: number;
  /** The search stopped after FIND_MAX_PAGES full pages: the message may be further back. */
  limitReached: boolean;
  /** A page that failed: what was received before it is released and handed back all the same. */
  error: Error | null;
}

export async function findAndRelease<M extends Received>(
  id: string,
  receivePage: () => Promise<M[]>,
  release: (m: M) => Promise<{ popReceipt: string; nextVisibleOn: string }>,
): Promise<FindOutcome<M>> {
  let found: M | null = null;
  // Held until the end: released earlier, the next page would receive them again.
  const others: M[] = [];
  let pages = 0;
  let exhausted = false;
  let error: Error | null = null;
  try {
    while (pages < FIND_MAX_PAGES && !found && !exhausted) {
      const page = await receivePage();
      pages++;
      exhausted = page.length === 0;
      found = page.find((m) => m.id === id) ?? null;
      others.push(...page.filter((m) => m.id !== id));
    }
  } catch (err) {
    error = err as Error;
  }
  const released = await mapLimit(others, 8, (m) =>
    release(m).then(
      (r): M => ({ ...m, popReceipt: r.popReceipt, nextVisibleOn: r.nextVisibleOn }),
      () => null,
    ),
  );
  return {
    found,
    released: released.filter((m): m is M => m !== null),
    scanned: others.length + (found ? 1 : 0),
    limitReached: !found && !exhausted && error === null,
    error,
  };
}
