import { describe, expect, it } from "vitest";
import type { HeldMessage } from "@/lib/azure/batches";
import { readScanLog, scanQueue, type ScanIo, type ScanOptions } from "@/lib/jobs/scan";

/** A queue in memory: receives hide messages under a fresh receipt, releases need the current one. */
function fakeQueue(texts: string[], opts: { emptyReceives?: number } = {}) {
  const messages = texts.map((text, i) => ({
    id: `m${i}`,
    text,
    hidden: false,
    receipt: "",
    dequeueCount: 0,
    deleted: false,
  }));
  let receipts = 0;
  let emptyReceives = opts.emptyReceives ?? 0;
  const receivedIds: string[] = [];
  const log: string[] = [];
  const io: ScanIo = {
    async receive(count) {
      await Promise.resolve();
      if (emptyReceives-- > 0) return [];
      const batch = messages.filter((m) => !m.hidden && !m.deleted).slice(0, count);
      return batch.map((m): HeldMessage => {
        m.hidden = true;
        m.receipt = `r${receipts++}`;
        m.dequeueCount++;
        receivedIds.push(m.id);
        return {
          id: m.id,
          popReceipt: m.receipt,
          text: m.text,
          insertedOn: new Date(0).toISOString(),
          expiresOn: new Date(9e12).toISOString(),
          nextVisibleOn: new Date(9e12).toISOString(),
          dequeueCount: m.dequeueCount,
        };
      });
    },
    async release(id, popReceipt) {
      const m = messages.find((x) => x.id === id)!;
      if (m.deleted) throw Object.assign(new Error("gone"), { statusCode: 404, code: "MessageNotFound" });
      if (m.receipt !== popReceipt)
        throw Object.assign(new Error("mismatch"), { statusCode: 400, code: "PopReceiptMismatch" });
      m.hidden = false;
    },
    anyVisible: async () => messages.some((m) => !m.hidden && !m.deleted),
    log: async (lines) => void log.push(lines),
  };
  const remove = (m: HeldMessage) => {
    const x = messages.find((y) => y.id === m.id)!;
    if (x.receipt !== m.popReceipt) throw new Error("stale receipt");
    x.deleted = true;
  };
  return { messages, io, receivedIds, log, remove };
}

const base = (over: Partial<ScanOptions>): ScanOptions => ({
  visibilityTimeout: 60,
  deadline: Date.now() + 60_000,
  signal: new AbortController().signal,
  releaseGraceMs: 1_000,
  match: () => false,
  handingOver: () => false,
  onFigures: () => {},
  ...over,
});

describe("scanQueue", () => {
  it("receives each message once, acts on matches, releases the rest in the order received", async () => {
    const q = fakeQueue(Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? "hit" : "miss")));
    const released: string[] = [];
    const io = {
      ...q.io,
      release: async (id: string, r: string, s: AbortSignal) => (released.push(id), q.io.release(id, r, s)),
    };
    const result = await scanQueue(
      io,
      base({
        match: (m) => m.text === "hit",
        act: async (ms) => ms.map((m) => (q.remove(m), { acted: true, held: false })),
        receivers: 1,
      }),
    );
    expect(result).toMatchObject({
      complete: true,
      unreleased: 0,
      figures: { scanned: 200, matched: 20, acted: 20, released: 180, failed: 0 },
    });
    expect(new Set(q.receivedIds).size).toBe(q.receivedIds.length);
    expect(released).toEqual(q.messages.filter((m) => m.text === "miss").map((m) => m.id));
    expect(q.messages.filter((m) => !m.deleted).every((m) => !m.hidden && m.dequeueCount === 1)).toBe(true);
  });

  it("releases in the order the receives were sent, a wave of 64 at a time", async () => {
    const q = fakeQueue(Array.from({ length: 200 }, () => "miss"));
    let sent = 0;
    let finished = 0;
    const released: { id: string; finishedBefore: number }[] = [];
    const io = {
      ...q.io,
      // The first page's answer comes back last (a small or slow answer overtakes it).
      receive: async (count: number, v: number) => {
        const first = sent++ === 0;
        const batch = await q.io.receive(count, v);
        if (first) await new Promise((r) => setTimeout(r, 20));
        return batch;
      },
      release: async (id: string, r: string, s: AbortSignal) => {
        released.push({ id, finishedBefore: finished });
        await new Promise((done) => setTimeout(done, Math.random() * 5));
        await q.io.release(id, r, s);
        finished++;
      },
    };
    await scanQueue(io, base({ receivers: 2 }));
    expect(released.map((r) => r.id)).toEqual(q.messages.map((m) => m.id));
    released.forEach((r, i) => expect(r.finishedBefore).toBeGreaterThanOrEqual(i - (i % 64)));
  });

  it("a release that hangs holds the next wave back only a few seconds, and is still waited for", async () => {
    const q = fakeQueue(Array.from({ length: 100 }, () => "miss"));
    let slowDone = false;
    let startedBeforeSlowDone = 0;
    const io = {
      ...q.io,
      release: async (id: string, r: string, s: AbortSignal) => {
        if (id === "m0") {
          await new Promise((done) => setTimeout(done, 4_500));
          slowDone = true;
        } else if (!slowDone) startedBeforeSlowDone++;
        await q.io.release(id, r, s);
      },
    };
    const result = await scanQueue(io, base({}));
    // The second wave (messages 64 to 99) went while m0's release still hung.
    expect(startedBeforeSlowDone).toBe(99);
    expect(slowDone).toBe(true);
    expect(result.figures.released).toBe(100);
    expect(q.messages.every((m) => !m.hidden)).toBe(true);
  }, 15_000);

  it("a dry run acts on nothing and releases everything", async () => {
    const q = fakeQueue(["a", "b", "c"]);
    const result = await scanQueue(q.io, base({ match: (m) => m.text === "b" }));
    expect(result.figures).toMatchObject({ scanned: 3, matched: 1, acted: 0, released: 3 });
    expect(q.messages.every((m) => !m.hidden && !m.deleted)).toBe(true);
  });

  it("keeps to max across parallel receivers", async () => {
    const q = fakeQueue(Array.from({ length: 500 }, () => "hit"));
    const result = await scanQueue(
      q.io,
      base({
        match: () => true,
        act: async (ms) => ms.map((m) => (q.remove(m), { acted: true, held: false })),
        maxActed: 50,
        receivers: 4,
      }),
    );
    expect(result.figures.acted).toBe(50);
    expect(q.messages.filter((m) => m.deleted)).toHaveLength(50);
    expect(q.messages.filter((m) => m.hidden && !m.deleted)).toHaveLength(0);
  });

  it("does not take an empty receive for the end while a peek still sees messages", async () => {
    const q = fakeQueue(["a", "b"], { emptyReceives: 1 });
    const result = await scanQueue(q.io, base({ receivers: 1 }));
    expect(result).toMatchObject({ complete: true, figures: { scanned: 2, released: 2 } });
  });

  it("stops receiving at the deadline and says so", async () => {
    const q = fakeQueue(["a", "b"]);
    const result = await scanQueue(q.io, base({ deadline: Date.now() - 1 }));
    expect(result).toMatchObject({ complete: false, timedOut: true, figures: { scanned: 0 } });
  });

  it("hands over what it holds through its log: the next owner releases with the logged receipts and sees each message once", async () => {
    const q = fakeQueue(Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? "hit" : "miss")));
    const stop = new AbortController();
    let pages = 0;
    const first = await scanQueue(
      q.io,
      base({
        signal: stop.signal,
        handingOver: () => true,
        match: (m) => m.text === "hit",
        receivers: 1,
        act: async (ms) => {
          if (++pages === 2) stop.abort();
          return ms.map((m) => (q.remove(m), { acted: true, held: false }));
        },
      }),
    );
    expect(first.figures.released).toBe(0);
    expect(q.messages.filter((m) => m.hidden && !m.deleted).length).toBeGreaterThan(0);
    const prior = readScanLog(q.log.join(""));
    expect(prior.figures).toMatchObject({ scanned: 64, matched: 16, acted: 16 });
    expect(prior.unsettled.size).toBe(0);
    const second = await scanQueue(
      q.io,
      base({
        prior,
        match: (m) => m.text === "hit",
        act: async (ms) => ms.map((m) => (q.remove(m), { acted: true, held: false })),
      }),
    );
    expect(second).toMatchObject({
      complete: true,
      unreleased: 0,
      figures: { scanned: 100, matched: 25, acted: 25, released: 75 },
    });
    expect(new Set(q.receivedIds).size).toBe(q.receivedIds.length);
    expect(q.messages.filter((m) => !m.deleted).every((m) => !m.hidden)).toBe(true);
  });

  it("logs the new receipt of a message received again, so an adopter releases it with the one that works", async () => {
    const q = fakeQueue(["miss-a", "miss-b"]);
    let calls = 0;
    const io = {
      ...q.io,
      // The second page gives m0 again (its hold lapsed) under a fresh receipt, with m1.
      receive: async (count: number, v: number) => {
        if (++calls === 2) q.messages[0]!.hidden = false;
        return q.io.receive(calls === 1 ? 1 : count, v);
      },
    };
    const stop = new AbortController();
    await scanQueue(
      { ...io, anyVisible: async () => (calls >= 2 ? (stop.abort(), false) : true) },
      base({ signal: stop.signal, releaseGraceMs: 0, receivers: 1 }),
    );
    const prior = readScanLog(q.log.join(""));
    expect(prior.figures.scanned).toBe(2);
    expect(prior.held.get("m0")?.popReceipt).toBe(q.messages[0]!.receipt);
    expect(q.messages[0]!.receipt).not.toBe("r0");
  });

  it("reads a log cut off mid-line, and names matches whose outcome was never written as unsettled", () => {
    const prior = readScanLog(
      `{"deadline":5}\n{"i":"a","p":"r1","m":1}\n{"i":"b","p":"r2","m":0}\n{"i":"c","p":"r3","m":1}\n{"s":"c","o":"a"}\n{"i":"d","p":`,
    );
    expect(prior.deadline).toBe(5);
    expect([...prior.unsettled.keys()]).toEqual(["a"]);
    expect([...prior.held.keys()]).toEqual(["b"]);
    expect(prior.figures).toMatchObject({ scanned: 3, matched: 2, acted: 1 });
  });
});
