import { describe, expect, it } from "vitest";
import { FIND_MAX_PAGES, FIND_PAGE_SIZE, findAndRelease } from "@/lib/messages/find-message";
import { refreshReceived } from "@/lib/messages/refresh-received";

type M = { id: string; popReceipt: string; nextVisibleOn: string; dequeueCount: number };
const msg = (id: string, popReceipt = `r-${id}`, dequeueCount = 1): M => ({
  id,
  popReceipt,
  nextVisibleOn: "2030-01-01T00:00:30.000Z",
  dequeueCount,
});

/** A queue served in pages; each release answers with a receipt of its own. */
function fakeQueue(ids: string[]) {
  const pages: M[][] = [];
  for (let i = 0; i < ids.length; i += FIND_PAGE_SIZE)
    pages.push(ids.slice(i, i + FIND_PAGE_SIZE).map((id) => msg(id, `recv-${id}`, 2)));
  let next = 0;
  const released: string[] = [];
  return {
    received: () => next,
    released,
    receivePage: async () => pages[next++] ?? [],
    release: async (m: M) => {
      released.push(m.id);
      if (m.id === "fails") throw new Error("412");
      return { popReceipt: `rel-${m.id}`, nextVisibleOn: "2030-01-01T00:00:00.000Z" };
    },
  };
}

describe("finding a peeked message", () => {
  it("hands back every other message with the receipt and visibility its release gave it", async () => {
    const q = fakeQueue(["a", "b", "fails", "target", "c"]);
    const o = await findAndRelease("target", q.receivePage, q.release);
    expect(o.found?.id).toBe("target");
    expect(o.found?.popReceipt).toBe("recv-target");
    expect(q.released.sort()).toEqual(["a", "b", "c", "fails"]);
    // The one whose release failed has no receipt worth keeping: it is left out.
    expect(o.released.map((m) => [m.id, m.popReceipt, m.dequeueCount])).toEqual([
      ["a", "rel-a", 2],
      ["b", "rel-b", 2],
      ["c", "rel-c", 2],
    ]);
    expect(o.released[0]!.nextVisibleOn).toBe("2030-01-01T00:00:00.000Z");
    expect(o).toMatchObject({ scanned: 5, limitReached: false, error: null });
  });

  it("says when it gave up at the page limit rather than at the end of the queue", async () => {
    const many = Array.from({ length: FIND_MAX_PAGES * FIND_PAGE_SIZE + 10 }, (_, i) => `m${i}`);
    const q = fakeQueue(many);
    const o = await findAndRelease("m600", q.receivePage, q.release);
    expect(q.received()).toBe(FIND_MAX_PAGES);
    expect(o).toMatchObject({ found: null, scanned: FIND_MAX_PAGES * FIND_PAGE_SIZE, limitReached: true });

    const short = fakeQueue(["x", "y"]);
    const missing = await findAndRelease("gone", short.receivePage, short.release);
    expect(missing).toMatchObject({ found: null, scanned: 2, limitReached: false });
  });

  it("still releases and hands back what it received before a page failed", async () => {
    let calls = 0;
    const o = await findAndRelease(
      "target",
      async () => {
        if (calls++) throw new Error("storage_unreachable");
        return [msg("a")];
      },
      async (m) => ({ popReceipt: `rel-${m.id}`, nextVisibleOn: "now" }),
    );
    expect(o.error?.message).toBe("storage_unreachable");
    expect(o.limitReached).toBe(false);
    expect(o.released.map((m) => m.popReceipt)).toEqual(["rel-a"]);
  });
});

describe("refreshing received rows after a find", () => {
  it("swaps in the new receipt for rows already held and never adds a row", () => {
    const held = [msg("a", "old-a", 1), msg("b", "old-b", 1)];
    const fresh = [msg("b", "new-b", 2), msg("z", "new-z", 2)];
    const next = refreshReceived(held, fresh);
    expect(next.map((m) => [m.id, m.popReceipt, m.dequeueCount])).toEqual([
      ["a", "old-a", 1],
      ["b", "new-b", 2],
    ]);
    expect(held[1]!.popReceipt).toBe("old-b");
  });

  it("keeps the same array when nothing it holds was released, so the list does not repaint", () => {
    const held = [msg("a")];
    expect(refreshReceived(held, [msg("z")])).toBe(held);
    expect(refreshReceived(held, [])).toBe(held);
  });
});
