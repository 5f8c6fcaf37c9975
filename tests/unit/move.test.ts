import { describe, expect, it } from "vitest";
import { moveMessages, unrecordedHoldMs, type MoveIo } from "@/lib/jobs/move";
import { unsettledIds, type WorkerCheckpoint } from "@/lib/jobs/records";
import { applyTransform } from "@/lib/messages/transform";
import { fakeQueues, storageError } from "../support/fake-queues";

const texts = (n: number) =>
  Array.from({ length: n }, (_, i) => (i % 2 ? Buffer.from(`base64 ${i} ✓`).toString("base64") : `plain ${i} ü`));
const sorted = (xs: string[]) => [...xs].sort();
const run = (io: MoveIo, extra: Partial<Parameters<typeof moveMessages>[1]> = {}) =>
  moveMessages(io, { signal: new AbortController().signal, onProgress: () => {}, ...extra });

describe("moveMessages", () => {
  it("after a takeover waits for what an earlier owner still hides, and stops waiting once nothing is hidden", async () => {
    const q = fakeQueues(texts(40));
    // An earlier owner received 8 and died before recording them: hidden for another 1.2 s.
    for (const m of [...q.source.values()].slice(0, 8)) m.visibleAt = Date.now() + 1_200;
    const stillHidden = async () => [...q.source.values()].some((m) => m.visibleAt > Date.now());
    const started = Date.now();
    const result = await run(q.io, { hiddenUntil: Date.now() + 60_000, stillHidden });
    expect(result.moved).toBe(40);
    expect(q.source.size).toBe(0);
    // Not the whole 60 s: the wait ended once the source held nothing hidden.
    expect(Date.now() - started).toBeLessThan(10_000);

    // Without the early end it would wait out the horizon: a source with nothing hidden stops at once.
    const empty = fakeQueues([]);
    const at = Date.now();
    expect((await run(empty.io, { hiddenUntil: Date.now() + 60_000, stillHidden: async () => false })).moved).toBe(0);
    expect(Date.now() - at).toBeLessThan(1_000);
  });

  it("two takeovers in a row: what the first dead owner left unsettled is carried to the third run, so the counts add up", async () => {
    const q = fakeQueues(texts(200));
    const ids = [...q.source.keys()];
    // The first owner held m0…m19 when it died: it had sent all 20 and deleted m0…m9 after its
    // last checkpoint (its tally never counted them). m10…m19 are visible again.
    const firstHeld = ids.slice(0, 20);
    for (const id of firstHeld) q.target.push(q.source.get(id)!.text);
    for (const id of firstHeld.slice(0, 10)) q.source.delete(id);
    const inherited: WorkerCheckpoint = {
      held: firstHeld,
      heldUntil: null,
      tally: { processed: 0, failed: 0, duplicated: 0 },
      inherited: true,
    };

    // The second owner takes over with those suspects and stops (loses its lease) after 60 sends.
    const controller = new AbortController();
    const send = q.io.send;
    q.io.send = async (t) => {
      await send(t);
      if (q.target.length === 80) controller.abort();
    };
    const second = new Map<number, WorkerCheckpoint>();
    const r2 = await run(q.io, {
      signal: controller.signal,
      ratePerSecond: 500,
      suspects: new Set(firstHeld),
      onHold: async (w, held, heldUntil, t, seen) =>
        void second.set(w, {
          held,
          heldUntil,
          seen,
          tally: { processed: t.moved, failed: t.failed, duplicated: t.duplicated },
        }),
    });
    q.io.send = send;
    // It settled the suspects it received (m10…m19) and says so; it never saw m0…m9.
    const seen = new Set([...second.values()].flatMap((c) => c.seen ?? []));
    expect([...seen].sort()).toEqual(firstHeld.slice(10).sort());

    const suspects = unsettledIds([inherited, ...second.values()]);
    for (const id of firstHeld.slice(0, 10)) expect(suspects.has(id)).toBe(true);
    for (const id of firstHeld.slice(10)) expect(suspects.has(id)).toBe(false);

    // The third owner drains the source: m0…m9 never come back, so the first owner moved them.
    const r3 = await run(q.io, { suspects });
    expect(q.source.size).toBe(0);
    expect(r2.moved + r3.moved + (r3.unseenSuspects ?? 0)).toBe(200);
    // m10…m19 were sent by the first owner and again by the second: 10 second copies, all counted.
    expect(q.target).toHaveLength(210);
    expect(r2.duplicated + r3.duplicated).toBe(10);
  });

  it("the horizon after a takeover covers twice the visibility the earlier owner chose, paced or not", () => {
    expect(unrecordedHoldMs({})).toBe(60_000);
    // 1 msg/s across 4 workers: a batch is paced at 2 × 32 × 4 / 1 = 256 s, and the visibility follows.
    expect(unrecordedHoldMs({ ratePerSecond: 1 })).toBe(2 * 1000 * (4 * 256 + 15));
    expect(unrecordedHoldMs({ ratePerSecond: 0.01 })).toBe(2 * 3600 * 1000);
  });

  it("moves every message byte for byte", async () => {
    const all = texts(150);
    const q = fakeQueues(all);
    const result = await run(q.io);
    expect(result).toEqual({ moved: 150, failed: 0, duplicated: 0, uncertain: 0 });
    expect(sorted(q.target)).toEqual(sorted(all));
    expect(q.source.size).toBe(0);
  });

  it("stops at max", async () => {
    const q = fakeQueues(texts(100));
    const result = await run(q.io, { max: 37 });
    expect(result.moved).toBe(37);
    expect(q.target).toHaveLength(37);
    expect(q.source.size).toBe(63);
  });

  it("loses nothing when the target fails for good part-way", async () => {
    const all = texts(120);
    const q = fakeQueues(all);
    let sends = 0;
    const send = q.io.send;
    q.io.send = async (t) => {
      if (++sends > 50) throw storageError(503, "ServerBusy");
      return send(t);
    };
    const result = await run(q.io);
    expect(result.error).toBeDefined();
    expect(result.moved).toBe(50);
    expect(sorted([...q.target, ...q.remainingTexts()])).toEqual(sorted(all));
  });

  it("loses nothing when deletes fail, counting the copies as duplicated", async () => {
    const all = texts(64);
    const q = fakeQueues(all);
    let removes = 0;
    const remove = q.io.remove;
    q.io.remove = async (id, r) => {
      if (++removes > 20) throw storageError(500, "InternalError");
      return remove(id, r);
    };
    const result = await run(q.io, { workers: 1 });
    expect(result.error).toBeDefined();
    expect(result.moved).toBe(20);
    expect(result.duplicated).toBeGreaterThan(0);
    for (const t of all) expect([...q.target, ...q.remainingTexts()]).toContain(t);
  });

  it("counts a pop receipt taken by another consumer as duplicated, not failed", async () => {
    const q = fakeQueues(texts(10));
    const send = q.io.send;
    q.io.send = async (t) => {
      await send(t);
      // Another consumer receives the message between our send and our delete.
      const entry = [...q.source.values()].find((m) => m.text === t);
      if (entry && t.startsWith("plain 4")) entry.popReceipt = "someone-else";
    };
    const result = await run(q.io);
    expect(result).toEqual({ moved: 9, failed: 0, duplicated: 1, uncertain: 0 });
  });

  it("cancels without losing or duplicating: what was sent is deleted, the rest stays", async () => {
    const all = texts(200);
    const q = fakeQueues(all);
    const controller = new AbortController();
    const send = q.io.send;
    q.io.send = async (t) => {
      await send(t);
      if (q.target.length >= 40) controller.abort();
    };
    const result = await run(q.io, { signal: controller.signal });
    expect(result.moved).toBeGreaterThanOrEqual(40);
    expect(result.moved).toBeLessThan(200);
    expect(result.duplicated).toBe(0);
    expect(q.target).toHaveLength(result.moved);
    expect(sorted([...q.target, ...q.remainingTexts()])).toEqual(sorted(all));
  });

  it("a paced move cancelled mid-way leaves nothing hidden: what waited for its turn is released at once", async () => {
    const all = texts(150);
    const q = fakeQueues(all);
    const controller = new AbortController();
    const send = q.io.send;
    q.io.send = async (t) => {
      await send(t);
      if (q.target.length === 10) controller.abort();
    };
    const result = await run(q.io, { signal: controller.signal, ratePerSecond: 200 });
    expect(result.moved).toBe(10);
    const now = Date.now();
    const hidden = [...q.source.values()].filter((m) => m.visibleAt > now);
    expect(hidden).toEqual([]);
    expect(sorted([...q.target, ...q.remainingTexts()])).toEqual(sorted(all));
  });

  it("a send cut off by the cancel is counted as uncertain, and its source copy is visible again", async () => {
    const q = fakeQueues(texts(8));
    const controller = new AbortController();
    q.io.send = async (t) => {
      q.target.push(t);
      controller.abort();
      throw Object.assign(new Error("aborted"), { name: "AbortError" });
    };
    const result = await run(q.io, { signal: controller.signal, workers: 1 });
    expect(result).toMatchObject({ moved: 0, uncertain: 1 });
    expect([...q.source.values()].every((m) => m.visibleAt <= Date.now())).toBe(true);
    expect(q.remainingTexts()).toHaveLength(8);
  });

  it("a delete cut off by the cancel that had landed counts as moved, not as a duplicate", async () => {
    const q = fakeQueues(texts(1));
    const controller = new AbortController();
    const remove = q.io.remove;
    q.io.remove = async (id, r) => {
      // The service deleted it; the answer never came back before the cancel cut the call off.
      await remove(id, r);
      controller.abort();
      throw Object.assign(new Error("aborted"), { name: "AbortError" });
    };
    const progress = { moved: 0, duplicated: 0 };
    const result = await run(q.io, {
      signal: controller.signal,
      workers: 1,
      onProgress: (d) => {
        progress.moved += d.moved ?? 0;
        progress.duplicated += d.duplicated ?? 0;
      },
    });
    expect(q.source.size).toBe(0);
    expect(q.target).toHaveLength(1);
    expect(result).toMatchObject({ moved: 1, duplicated: 0, uncertain: 0 });
    expect(progress).toEqual({ moved: 1, duplicated: 0 });
  });

  it("a delete cut off by the cancel that had not landed stays a counted duplicate, visible in the source", async () => {
    const q = fakeQueues(texts(1));
    const controller = new AbortController();
    q.io.remove = async () => {
      controller.abort();
      throw Object.assign(new Error("aborted"), { name: "AbortError" });
    };
    const result = await run(q.io, { signal: controller.signal, workers: 1 });
    expect(q.target).toHaveLength(1);
    expect(q.remainingTexts()).toHaveLength(1);
    expect([...q.source.values()].every((m) => m.visibleAt <= Date.now())).toBe(true);
    expect(result).toMatchObject({ moved: 0, duplicated: 1 });
  });

  it("a receive that finishes after the cancel sends nothing and leaves nothing hidden", async () => {
    const q = fakeQueues(texts(40));
    const controller = new AbortController();
    const receive = q.io.receive;
    let receives = 0;
    q.io.receive = async (n, v) => {
      const batch = await receive(n, v);
      if (++receives === 2) controller.abort();
      return batch;
    };
    const result = await run(q.io, { signal: controller.signal, workers: 1, ratePerSecond: 1000 });
    expect(result.moved).toBe(q.target.length);
    expect(q.remainingTexts()).toHaveLength(40 - q.target.length);
    expect([...q.source.values()].every((m) => m.visibleAt <= Date.now())).toBe(true);
  });

  describe("a stop (the move is handed over): the last checkpoint of each worker", () => {
    const stopAfter = async (q: ReturnType<typeof fakeQueues>, sends: number) => {
      const controller = new AbortController();
      const send = q.io.send;
      q.io.send = async (t) => {
        await send(t);
        if (q.target.length === sends) controller.abort();
      };
      const last = new Map<number, { held: string[]; until: string | null }>();
      await run(q.io, {
        signal: controller.signal,
        ratePerSecond: 500,
        onHold: async (worker, held, until) => void last.set(worker, { held, until }),
      });
      return last;
    };

    it("says nothing is hidden once all it held is visible again, so the next owner need not wait", async () => {
      const q = fakeQueues(texts(200));
      const last = await stopAfter(q, 40);
      expect(last.size).toBe(4);
      for (const cp of last.values()) expect(cp).toEqual({ held: [], until: null });
      expect([...q.source.values()].every((m) => m.visibleAt <= Date.now())).toBe(true);
    });

    it("keeps when its messages reappear when a release failed", async () => {
      const q = fakeQueues(texts(200));
      let releases = 0;
      const release = q.io.release!;
      q.io.release = async (id, r) => {
        if (++releases === 1) throw Object.assign(new Error("aborted"), { name: "AbortError" });
        return release(id, r);
      };
      const last = await stopAfter(q, 40);
      const hidden = [...q.source.values()].filter((m) => m.visibleAt > Date.now());
      expect(hidden).toHaveLength(1);
      const until = Math.max(...[...last.values()].map((cp) => (cp.until ? Date.parse(cp.until) : 0)));
      expect(until).toBeGreaterThanOrEqual(hidden[0]!.visibleAt);
    });

    it("keeps a time when a receive was cut off (its messages may be hidden with receipts never seen)", async () => {
      const q = fakeQueues(texts(200));
      const controller = new AbortController();
      const receive = q.io.receive;
      let receives = 0;
      q.io.receive = async (n, v) => {
        if (++receives < 3) return receive(n, v);
        await receive(n, v); // the service hid them; the answer is lost to the stop
        controller.abort();
        throw Object.assign(new Error("aborted"), { name: "AbortError" });
      };
      const last = new Map<number, string | null>();
      await run(q.io, {
        signal: controller.signal,
        workers: 1,
        onHold: async (worker, _held, until) => void last.set(worker, until),
      });
      const hidden = [...q.source.values()].filter((m) => m.visibleAt > Date.now());
      expect(hidden.length).toBeGreaterThan(0);
      expect(Date.parse(last.get(0)!)).toBeGreaterThanOrEqual(Math.max(...hidden.map((m) => m.visibleAt)) - 1_000);
    });
  });

  it("leaves a message the transform cannot apply to in the source, as failed", async () => {
    const q = fakeQueues(['{"status":"failed"}', "not json", Buffer.from('{"status":"failed"}').toString("base64")]);
    const result = await run(q.io, { transform: { kind: "json-set", path: "status", value: "retry" } });
    expect(result).toEqual({ moved: 2, failed: 1, duplicated: 0, uncertain: 0 });
    expect(sorted(q.target)).toEqual(
      sorted(['{"status":"retry"}', Buffer.from('{"status":"retry"}').toString("base64")]),
    );
    expect(q.remainingTexts()).toEqual(["not json"]);
  });

  it("keeps to the rate limit", async () => {
    const q = fakeQueues(texts(12));
    const started = Date.now();
    await run(q.io, { ratePerSecond: 40 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(11 * 25 - 5);
    expect(q.target).toHaveLength(12);
  });
});

describe("applyTransform", () => {
  it("replaces text inside base64 and keeps it base64", () => {
    const raw = Buffer.from("hello world").toString("base64");
    expect(
      Buffer.from(applyTransform(raw, { kind: "replace", find: "world", replace: "there" }), "base64").toString(),
    ).toBe("hello there");
  });
  it("sets a nested JSON field", () => {
    expect(applyTransform('{"a":{"b":1},"c":2}', { kind: "json-set", path: "a.d", value: true })).toBe(
      '{"a":{"b":1,"d":true},"c":2}',
    );
  });
  it("refuses json-set on a non-object", () => {
    expect(() => applyTransform("[1,2]", { kind: "json-set", path: "a", value: 1 })).toThrow();
  });
});

describe("counting a message the move receives twice", () => {
  it("a pop receipt that expired before the delete: the message counts once as moved and once as duplicated", async () => {
    const q = fakeQueues(["only"]);
    let first = true;
    const io: MoveIo = {
      ...q.io,
      async remove(id, popReceipt) {
        if (first) {
          first = false;
          // Its visibility ran out before the delete: visible again, and this receipt is stale.
          q.source.get(id)!.visibleAt = 0;
          throw storageError(400, "PopReceiptMismatch");
        }
        return q.io.remove(id, popReceipt);
      },
    };
    const result = await run(io, { workers: 1 });
    expect(q.target).toEqual(["only", "only"]);
    expect(q.source.size).toBe(0);
    expect(result).toMatchObject({ moved: 1, duplicated: 1 });
  });
});
