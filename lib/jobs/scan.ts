import "server-only";
import { mapLimit } from "@/lib/util/map-limit";
import type { HeldMessage } from "@/lib/azure/batches";
import { hasStorageCode } from "@/lib/azure/errors";
import type { ScanFiguresDto } from "@/lib/validation/jobs";

/**
 * One pass over a whole queue, acting on the messages a predicate picks. Every message received
 * stays hidden (under a visibility sized to the scan) until the pass has seen the whole queue, so
 * each is received once; then everything still held is made visible again in the order it was
 * received (the order the receives were sent in: their answers can come back in another). The pass has seen the whole queue when a receive comes back empty and a peek confirms
 * nothing is visible (every visible message would be one not seen yet). Messages that were hidden
 * by someone else meanwhile are not seen: the caller counts them from the queue's count.
 *
 * Each page is written to a log before anything is done with it, so an instance that takes the job
 * over knows every message held, with its receipt, and which matches were settled.
 */

/** scanned, matched, acted (deleted, moved or written), released, failed, duplicated, notSeen: see the DTO. */
export type ScanFigures = ScanFiguresDto;

/** What became of a match: gone from the queue, still held by the scan (released at the end), or lost to another reader. */
export type Settled = {
  acted: boolean;
  held: boolean;
  failed?: boolean;
  duplicated?: boolean;
  /** A storage fault: the scan stops. */ error?: unknown;
};

export interface ScanIo {
  receive(count: number, visibilityTimeout: number): Promise<HeldMessage[]>;
  release(id: string, popReceipt: string, signal: AbortSignal): Promise<void>;
  /** Any message visible right now (a message the scan holds is not). */
  anyVisible(): Promise<boolean>;
  /** Appends lines to the scan's log (durable before the page is acted on). */
  log(lines: string): Promise<void>;
}

export interface ScanOptions {
  visibilityTimeout: number;
  /** No receive starts after this (ms since epoch): what is held must be settled and released before it reappears. */
  deadline: number;
  signal: AbortSignal;
  /** After a cancel, releases go on this long in the job (then on in the background, without it). */
  releaseGraceMs: number;
  match(m: HeldMessage): boolean;
  /** Acts on one page's matches; absent in a dry run (matches are only counted). */
  act?(matches: HeldMessage[]): Promise<Settled[]>;
  /** Acting needs no log line first (a purge: a deleted message cannot be acted on twice). */
  actWhileLogging?: boolean;
  /** Stop receiving once this many matches were acted on. */
  maxActed?: number;
  receivers?: number;
  /** What an earlier owner of the job left in the log. */
  prior?: PriorScan;
  /** Keep what is held hidden when the signal fires without a cancel (hand-over): the next owner releases it. */
  handingOver(): boolean;
  onFigures(f: ScanFigures): void;
}

export interface ScanResult {
  figures: ScanFigures;
  /** True when the pass saw the whole queue. */
  complete: boolean;
  timedOut: boolean;
  error?: unknown;
  /** Held messages that could not be made visible again (they reappear when the scan visibility ends). */
  unreleased: number;
}

interface Hold {
  popReceipt: string;
}

export interface PriorScan {
  seen: Set<string>;
  /** Held by the earlier owner, in the order received, with the receipt that holds them. */
  held: Map<string, Hold>;
  /** Matches the earlier owner received but may not have settled. */
  unsettled: Map<string, Hold>;
  figures: ScanFigures;
  /** When the first owner's receives had to stop (its holds end after that). */
  deadline?: number;
}

type LogLine =
  | { i: string; p: string; m: 0 | 1 }
  /** Seen before and received again (its hold lapsed): held now under this receipt. */
  | { h: string; p: string }
  | { s: string; o: "a" | "k" | "f" | "d" | "ad" }
  | { deadline: number };

/** Rebuilds what an earlier owner held and settled from its log. */
export function readScanLog(text: string): PriorScan {
  const seen = new Set<string>();
  const receipts = new Map<string, { popReceipt: string; match: boolean }>();
  const outcome = new Map<string, string>();
  let deadline: number | undefined;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let entry: LogLine;
    try {
      entry = JSON.parse(line) as LogLine;
    } catch {
      continue; // a line cut off by the crash
    }
    if ("i" in entry) {
      seen.add(entry.i);
      receipts.set(entry.i, { popReceipt: entry.p, match: entry.m === 1 });
    } else if ("h" in entry) {
      const r = receipts.get(entry.h);
      if (r) receipts.set(entry.h, { ...r, popReceipt: entry.p });
    } else if ("s" in entry) outcome.set(entry.s, entry.o);
    else if ("deadline" in entry) deadline = entry.deadline;
  }
  const figures: ScanFigures = { scanned: seen.size, matched: 0, acted: 0, released: 0, failed: 0, duplicated: 0 };
  const held = new Map<string, Hold>();
  const unsettled = new Map<string, Hold>();
  for (const [id, r] of receipts) {
    const o = outcome.get(id);
    if (r.match) figures.matched++;
    if (o === "a" || o === "k" || o === "ad") figures.acted++;
    if (o === "f") figures.failed++;
    if (o === "d" || o === "ad") figures.duplicated++;
    if (!r.match || o === "k" || o === "f") held.set(id, { popReceipt: r.popReceipt });
    else if (o === undefined) unsettled.set(id, { popReceipt: r.popReceipt });
  }
  return { seen, held, unsettled, figures, deadline };
}

const RELEASE_CONCURRENCY = 64;
const PAGE = 32;

/**
 * Calls `fn` (which never rejects) on every item in order, `size` at a time, each wave once the one
 * before has settled. The service queues a message made visible behind those made visible before
 * it, so releasing wave by wave keeps the non-matches in the order received. A sliding window did
 * not: a release that set out late landed behind later ones, and up to 64 messages moved (tests:
 * integration "the order of non-matches"). `ordered: false` (after a cancel, when speed matters
 * more than order) is that sliding window.
 */
async function inWaves<T>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<void>,
  { ordered = true } = {},
): Promise<void> {
  if (!ordered) return void (await mapLimit(items, size, fn));
  const all: Promise<void>[] = [];
  for (let i = 0; i < items.length; i += size) {
    let pending = 0;
    const wave = items.slice(i, i + size).map((item) => {
      pending++;
      return fn(item).finally(() => pending--);
    });
    all.push(...wave);
    // A few slow calls (a deadline, retries) must not hold every later wave back past the scan's
    // visibility: after a while the next wave goes without them, and only they lose their place. A
    // wave mostly unanswered (storage slow as a whole) is waited for, so calls in flight stay bounded.
    const done = Promise.all(wave);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, WAVE_PATIENCE_MS)))]);
    clearTimeout(timer);
    if (pending > STRAGGLERS) await done;
  }
  await Promise.all(all);
}

const WAVE_PATIENCE_MS = 3_000;
/** At most this many releases of a wave may still be out when the next wave goes. */
const STRAGGLERS = 8;

/**
 * Appends to the log in as few writes as there can be: lines given while a write is under way go
 * together in the next one. Appends to one blob queue up in the store, so a write per page made
 * every receiver wait its turn; each caller still resolves only once its own lines are durable.
 */
function groupedLog(write: (text: string) => Promise<void>): (text: string) => Promise<void> {
  let queued: string[] = [];
  let waiting: { resolve(): void; reject(err: unknown): void }[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (queued.length) {
      const text = queued.join("");
      const settled = waiting;
      queued = [];
      waiting = [];
      try {
        await write(text);
        for (const w of settled) w.resolve();
      } catch (err) {
        for (const w of settled) w.reject(err);
      }
    }
    writing = false;
  };
  return (text) =>
    new Promise<void>((resolve, reject) => {
      queued.push(text);
      waiting.push({ resolve, reject });
      if (!writing) void drain();
    });
}

/** Aborts `ms` after `signal` does. */
function afterAbort(signal: AbortSignal, ms: number): AbortSignal {
  const controller = new AbortController();
  signal.addEventListener("abort", () => setTimeout(() => controller.abort(), ms).unref(), { once: true });
  return controller.signal;
}

export async function scanQueue(io: ScanIo, opts: ScanOptions): Promise<ScanResult> {
  const figures: ScanFigures = opts.prior
    ? { ...opts.prior.figures }
    : { scanned: 0, matched: 0, acted: 0, released: 0, failed: 0, duplicated: 0 };
  const seen = new Set(opts.prior?.seen);
  const held = new Map(opts.prior?.held);
  /** Each message's place in the pass, for releasing in order: an earlier owner's holds come first. */
  const rank = new Map([...held.keys()].map((id, i) => [id, i - held.size]));
  let sent = 0;
  let drained = false;
  let timedOut = false;
  let error: unknown;
  const pendingLog: string[] = [];
  /** Matches handed to `act` and not settled yet: with several receivers, max is kept across all. */
  let inFlight = 0;
  const receivers = opts.receivers ?? 4;
  const stop = () =>
    drained ||
    timedOut ||
    error !== undefined ||
    opts.signal.aborted ||
    (opts.maxActed !== undefined && figures.acted >= opts.maxActed);
  const report = () => opts.onFigures({ ...figures });
  const log = groupedLog((text) => io.log(text));

  const page = async (batch: HeldMessage[]) => {
    const fresh: HeldMessage[] = [];
    const again: string[] = [];
    for (const m of batch) {
      if (seen.has(m.id)) {
        // Seen already (its hold lapsed, or the service gave it again): hold it under the new receipt,
        // count it once, and log the receipt so an adopter releases it with the one that works.
        held.set(m.id, { popReceipt: m.popReceipt });
        again.push(JSON.stringify({ h: m.id, p: m.popReceipt }));
        continue;
      }
      seen.add(m.id);
      fresh.push(m);
    }
    const verdicts = fresh.map((m) => opts.match(m));
    const matches = fresh.filter((_, i) => verdicts[i]);
    const lines = fresh.map((m, i) => JSON.stringify({ i: m.id, p: m.popReceipt, m: verdicts[i] ? 1 : 0 }));
    const logged = log([...pendingLog.splice(0), ...again, ...lines].map((l) => `${l}\n`).join(""));
    // A move or export logs a page before acting on it (an adopter must know what may have been
    // sent or written); a purge's delete can run alongside: unlogged, its message is gone all the same.
    if (!opts.actWhileLogging) await logged;
    figures.scanned += fresh.length;
    figures.matched += matches.length;
    fresh.forEach((m, i) => {
      if (!verdicts[i] || !opts.act) held.set(m.id, { popReceipt: m.popReceipt });
    });
    if (opts.act && matches.length) {
      const room = opts.maxActed === undefined ? matches.length : Math.max(0, opts.maxActed - figures.acted - inFlight);
      const take = matches.slice(0, room);
      for (const m of matches.slice(room)) held.set(m.id, { popReceipt: m.popReceipt }); // over max: left as they were
      inFlight += take.length;
      let settled: Settled[];
      try {
        [settled] = await Promise.all([opts.act(take), logged]);
      } finally {
        // In the same step as the figures below: a page computing its room in between saw neither.
        inFlight -= take.length;
      }
      take.forEach((m, i) => {
        const s = settled[i]!;
        if (s.acted) figures.acted++;
        if (s.failed) figures.failed++;
        if (s.duplicated) figures.duplicated++;
        if (s.held) held.set(m.id, { popReceipt: m.popReceipt });
        if (s.error !== undefined && !opts.signal.aborted) error ??= s.error;
        pendingLog.push(
          JSON.stringify({
            s: m.id,
            o: s.failed ? "f" : s.acted && s.duplicated ? "ad" : s.duplicated ? "d" : s.held ? "k" : "a",
          }),
        );
      });
    }
    await logged;
    report();
  };

  const receiver = async () => {
    while (!stop()) {
      if (Date.now() >= opts.deadline) {
        timedOut = true;
        return;
      }
      let batch: HeldMessage[];
      // Numbered as sent: a small last page's answer can come back before those sent ahead of it.
      const seq = sent++;
      try {
        batch = await io.receive(PAGE, opts.visibilityTimeout);
      } catch (err) {
        if (!opts.signal.aborted) error ??= err;
        return;
      }
      batch.forEach((m, i) => rank.has(m.id) || rank.set(m.id, seq * PAGE + i));
      if (!batch.length) {
        drained = true;
        return;
      }
      try {
        await page(batch);
      } catch (err) {
        // Not logged or not settled: the page is held (it reappears when its visibility ends, or is released below).
        for (const m of batch) if (!held.has(m.id)) held.set(m.id, { popReceipt: m.popReceipt });
        if (!opts.signal.aborted) error ??= err;
        return;
      }
    }
  };

  for (let round = 0; round < 5; round++) {
    await Promise.all(Array.from({ length: receivers }, receiver));
    if (!drained || timedOut || opts.signal.aborted || error !== undefined) break;
    // A receive can come back empty while the service still has visible messages (a busy partition): look once more.
    const more = await io.anyVisible().catch(() => false);
    if (!more) break;
    drained = false;
  }

  const handOver = opts.signal.aborted && opts.handingOver();
  if (pendingLog.length) await io.log(pendingLog.map((l) => `${l}\n`).join("")).catch(() => undefined);
  let unreleased = held.size;
  if (!handOver) {
    // The grace runs from now (a cancel that came while a page was being settled still gets it whole).
    const inJob = opts.signal.aborted
      ? AbortSignal.timeout(opts.releaseGraceMs)
      : afterAbort(opts.signal, opts.releaseGraceMs);
    const left: [string, Hold][] = [];
    let released = 0;
    const ranked = [...held].sort(([a], [b]) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
    // After a cancel the grace is short and consumers wait: speed before order.
    const ordered = !opts.signal.aborted;
    await inWaves(
      ranked,
      RELEASE_CONCURRENCY,
      async ([id, h]) => {
        if (inJob.aborted) return void left.push([id, h]);
        try {
          await io.release(id, h.popReceipt, inJob);
          released++;
        } catch (err) {
          // Gone, or held by another reader since its hold lapsed: not ours to release any more.
          if (hasStorageCode(err, "MessageNotFound") || hasStorageCode(err, "PopReceiptMismatch")) unreleased--;
          else if (inJob.aborted) left.push([id, h]);
        }
      },
      { ordered },
    );
    figures.released += released;
    unreleased -= released;
    report();
    // Cancelled with more held than the grace could release: the rest is released after the job ended.
    if (left.length)
      void inWaves(
        left,
        RELEASE_CONCURRENCY,
        ([id, h]) => io.release(id, h.popReceipt, AbortSignal.timeout(30_000)).catch(() => undefined),
        { ordered: false },
      );
  }
  return {
    figures,
    complete: drained && !timedOut && error === undefined && !opts.signal.aborted,
    timedOut,
    error,
    unreleased,
  };
}
