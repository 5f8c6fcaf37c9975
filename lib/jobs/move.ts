import "server-only";
import type { Transform } from "@/lib/validation/jobs";
import { applyTransform } from "@/lib/messages/transform";
import { hasStorageCode, isNoAnswer } from "@/lib/azure/errors";
import { remainingTimeToLive } from "@/lib/azure/batches";
import { mayHaveLanded, pause, withRetry, type RetryPolicy } from "./retry";

export interface MovingMessage {
  id: string;
  popReceipt: string;
  text: string;
  /** When the original expires: the copy keeps the time it had left. Absent: the service's default. */
  expiresOn?: string;
  nextVisibleOn?: string;
}

/** The storage calls a move needs; the job passes lib/azure functions, unit tests pass fakes. */
export interface MoveIo {
  receive(count: number, visibilityTimeout: number): Promise<MovingMessage[]>;
  send(text: string, timeToLive?: number): Promise<void>;
  remove(id: string, popReceipt: string): Promise<void>;
  /** Makes a held message visible again at once (messages a filtered move passes over). */
  release?(id: string, popReceipt: string): Promise<void>;
}

/** What to do with a received message: move it, leave it (released at the end), or refuse it (counted failed). */
export type Verdict = "move" | "skip" | "refuse";

export interface MoveOptions {
  max?: number;
  ratePerSecond?: number;
  transform?: Transform;
  signal: AbortSignal;
  /** Receive → send → delete pipelines running at once. */
  workers?: number;
  /**
   * Retries transient faults of each storage step (receive, checkpoint, send, delete); none when
   * absent. A send retried after a try that may have landed counts as a possible duplicate.
   */
  retry?: RetryPolicy;
  /** Overrides the visibility timeout the move would choose (tests use a short one to force expiry). */
  visibilityTimeout?: number;
  /** Which received messages to move; all when absent. */
  select?(m: MovingMessage): Verdict;
  /** Stops early once everything wanted was found (a move of picked messages). */
  satisfied?(): boolean;
  /** Ids an earlier owner held when it died: moving one again may leave a second copy in the target. */
  suspects?: ReadonlySet<string>;
  /** Until then an earlier owner's messages are still hidden: an empty receive before it is not the end. */
  hiddenUntil?: number;
  /**
   * False once nothing in the source is hidden any more (its approximate count, which includes
   * invisible messages, is 0): the wait for `hiddenUntil` then ends early.
   */
  stillHidden?(): Promise<boolean>;
  /**
   * Called with the ids a worker is about to send, before it sends (a checkpoint), and what that
   * worker settled so far: after a crash, these add up to the exact counts.
   */
  onHold?(worker: number, ids: string[], until: string | null, tally: Tally, seen: string[]): Promise<void>;
  onProgress(delta: { moved?: number; failed?: number; duplicated?: number }): void;
}

export interface Tally {
  moved: number;
  failed: number;
  duplicated: number;
}

export interface MoveResult {
  moved: number;
  failed: number;
  duplicated: number;
  /** Sends that failed without an answer: the target may hold a copy while the source keeps the message. */
  uncertain: number;
  /** Messages passed over by `select`, made visible again. */
  skipped?: number;
  /** Suspects never seen again although the source was drained: the earlier owner moved them. */
  unseenSuspects?: number;
  /** Set when the move stopped on a persistent storage fault (after settling what was in flight). */
  error?: unknown;
}

const BATCH = 32;
const DEFAULT_WORKERS = 4;
const MIN_VISIBILITY_S = 30;
const MAX_VISIBILITY_S = 3600;

/**
 * A receive's visibility: long enough that a batch is settled well before its messages become
 * visible again (a batch read ahead waits for the one before it: twice the paced time).
 */
function visibilitySeconds(batchSeconds: number, size: number, workers: number, ratePerSecond?: number): number {
  const paced = ratePerSecond ? (2 * size * workers) / ratePerSecond : 0;
  return Math.min(MAX_VISIBILITY_S, Math.max(MIN_VISIBILITY_S, Math.ceil(4 * Math.max(batchSeconds, paced)) + 15));
}

/**
 * How long after taking over a dead owner's move its unrecorded batches may stay hidden: one it
 * received after its last checkpoint (killed before it could record the hold) is hidden for one
 * visibility from that receive, which came before the takeover. Twice the visibility it chose at
 * its usual pace leaves room for a slower batch before.
 */
export function unrecordedHoldMs(opts: { ratePerSecond?: number; workers?: number }): number {
  return 2 * 1000 * visibilitySeconds(2, BATCH, opts.workers ?? DEFAULT_WORKERS, opts.ratePerSecond);
}

/** Spaces sends so that the whole move keeps to `perSecond`. */
function rateLimiter(perSecond: number | undefined) {
  let next = 0;
  return async (signal: AbortSignal) => {
    // Aborted before its turn (a cancel while the first receive was in flight): no wait at all.
    if (!perSecond || signal.aborted) return;
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + 1000 / perSecond;
    if (at > now) await pause(at - now, signal);
  };
}

/**
 * Moves messages without ever losing one: each message is deleted from the source only after the
 * target accepted its copy (sent with the time-to-live the original had left), with the pop
 * receipt of the receive that fetched it. A message not yet sent when the move stops stays in the
 * source and reappears when its visibility timeout ends.
 */
export async function moveMessages(io: MoveIo, opts: MoveOptions): Promise<MoveResult> {
  const result: MoveResult = { moved: 0, failed: 0, duplicated: 0, uncertain: 0 };
  let remaining = opts.max ?? Number.POSITIVE_INFINITY;
  let drained = false;
  let batchSeconds = 2;
  const waitTurn = rateLimiter(opts.ratePerSecond);
  const workers = opts.workers ?? DEFAULT_WORKERS;
  /** Sent to the target at least once / counted as moved / counted as having a second copy. */
  const sent = new Set<string>();
  const counted = new Set<string>();
  const doubled = new Set<string>();
  const received = new Set<string>();
  // A message left in the source (its transform failed) reappears in a long move: one failure, not one per sighting.
  const unmovable = new Set<string>();
  const tallies: Tally[] = Array.from({ length: workers }, () => ({ moved: 0, failed: 0, duplicated: 0 }));
  // Per worker since its last checkpoint: sends that got no answer (they may have landed), and
  // when the messages it received last become visible again.
  const unsure: string[][] = Array.from({ length: workers }, () => []);
  const heldUntil: (string | null | undefined)[] = Array.from({ length: workers }, () => undefined);
  // Per worker: checkpointed as held and not settled yet. A checkpoint lists these with the new
  // batch, and its tally counts only settled ones, so after a crash each message is in exactly one.
  const pending: Set<string>[] = Array.from({ length: workers }, () => new Set());
  // Per worker: the suspects it settled (counted in its tally). A checkpoint lists them, so that an
  // owner after the next takeover knows the others are still unsettled.
  const resolved: Set<string>[] = Array.from({ length: workers }, () => new Set());
  const resolve = (m: MovingMessage, worker: number) => {
    if (opts.suspects?.has(m.id)) resolved[worker]!.add(m.id);
  };
  const skipped: { id: string; popReceipt: string }[] = [];
  // Held and not settled when the move stopped (read ahead, waiting for their turn, or a send or
  // delete cut off): made visible again at the end, so the source shows them at once.
  const unsettled: { id: string; popReceipt: string }[] = [];
  // Of those, deletes cut off (counted duplicated): one whose release finds it gone had landed.
  const deletesCutOff = new Map<string, number>();
  // Receives a stop cut off: the service may have hidden their messages, with receipts we never
  // got, until this time (ms).
  let cutOffUntil = 0;
  // A paced move is held back by its rate, not by round trips: reading ahead would only hide more.
  const readAhead = !opts.ratePerSecond;
  const stopped = () =>
    drained || result.error !== undefined || opts.signal.aborted || remaining <= 0 || opts.satisfied?.() === true;
  const count = (worker: number, delta: Partial<Tally>) => {
    for (const t of [result, tallies[worker]!]) {
      t.moved += delta.moved ?? 0;
      t.failed += delta.failed ?? 0;
      t.duplicated += delta.duplicated ?? 0;
    }
    opts.onProgress(delta);
  };
  const retried = <T>(step: () => Promise<T>, onRetry?: (err: unknown) => void): Promise<T> =>
    opts.retry ? withRetry(step, { signal: opts.signal, policy: opts.retry, onRetry }) : step();

  const visibilityFor = (size: number) =>
    opts.visibilityTimeout || visibilitySeconds(batchSeconds, size, workers, opts.ratePerSecond);

  const settle = async (m: MovingMessage, worker: number) => {
    try {
      await settleOne(m, worker);
    } finally {
      pending[worker]!.delete(m.id);
    }
  };

  const settleOne = async (m: MovingMessage, worker: number) => {
    let text: string;
    try {
      text = opts.transform ? applyTransform(m.text, opts.transform) : m.text;
    } catch {
      // Left in the source: it reappears when its visibility timeout ends.
      if (!unmovable.has(m.id)) count(worker, { failed: 1 });
      unmovable.add(m.id);
      return;
    }
    await waitTurn(opts.signal);
    if (opts.signal.aborted || result.error !== undefined) {
      // Waiting for its turn when the move stopped: never sent, made visible again at the end.
      unsettled.push(m);
      return;
    }
    // A try that got no answer may have landed: the copy the retry sends may be a second one.
    let maybeTwice = false;
    try {
      await retried(
        () => io.send(text, m.expiresOn ? remainingTimeToLive(m.expiresOn) : undefined),
        (err) => (maybeTwice ||= mayHaveLanded(err)),
      );
    } catch (err) {
      // A send cut off (by a fault or by the cancel) may still have landed: a possible duplicate.
      if (isNoAnswer(err) || opts.signal.aborted || maybeTwice) {
        result.uncertain++;
        unsure[worker]!.push(m.id);
      }
      // Still in the source (perhaps in the target too): visible there again at the end, not when its visibility ends.
      unsettled.push(m);
      if (!opts.signal.aborted) result.error ??= err;
      return;
    }
    // A message we moved before (the service gave it back) is a second copy, not a second
    // message; one an earlier owner held when it died may have been sent already: moved now, and
    // possibly a second copy. Counted as such, never lost.
    const sentBefore = maybeTwice || sent.has(m.id) || opts.suspects?.has(m.id) === true;
    sent.add(m.id);
    // Each message counts once as moved, when its source copy is gone; a second copy in the
    // target counts once as duplicated, whenever it became certain or possible.
    const settled = () => {
      const delta = { moved: counted.has(m.id) ? 0 : 1, duplicated: sentBefore && !doubled.has(m.id) ? 1 : 0 };
      counted.add(m.id);
      if (delta.duplicated) doubled.add(m.id);
      count(worker, delta);
      resolve(m, worker);
    };
    // Sent: from here the source copy is deleted even when the move is being cancelled. A delete
    // retried after its first try landed finds the message gone: that is a success.
    try {
      await retried(() => io.remove(m.id, m.popReceipt));
      settled();
    } catch (err) {
      if (hasStorageCode(err, "MessageNotFound")) settled();
      else if (hasStorageCode(err, "PopReceiptMismatch")) {
        // Another receive holds it now: the target has a copy and the source still has the message.
        if (!doubled.has(m.id)) count(worker, { duplicated: 1 });
        doubled.add(m.id);
        resolve(m, worker);
      } else {
        // In the target and still in the source (a fault, or a delete cut off by the cancel).
        if (!doubled.has(m.id)) {
          count(worker, { duplicated: 1 });
          deletesCutOff.set(m.id, worker);
        }
        doubled.add(m.id);
        resolve(m, worker);
        unsettled.push(m);
        if (!opts.signal.aborted) result.error ??= err;
      }
    }
  };

  const sort = (batch: MovingMessage[], worker: number) => {
    const take: MovingMessage[] = [];
    for (const m of batch) {
      received.add(m.id);
      const verdict = opts.select ? opts.select(m) : "move";
      if (verdict === "move") take.push(m);
      else {
        skipped.push({ id: m.id, popReceipt: m.popReceipt });
        if (verdict === "refuse") count(worker, { failed: 1 });
      }
    }
    return take;
  };

  /**
   * Receives the worker's next batch and checkpoints it before any of it is sent: the checkpoint
   * holds the new batch plus what the worker is still settling, and what it settled so far.
   * Null when the move is over for this worker.
   */
  const fetchNext = async (index: number, behind?: Promise<unknown>): Promise<MovingMessage[] | null> => {
    while (!stopped()) {
      const want = Math.min(BATCH, remaining);
      remaining -= want;
      let batch: MovingMessage[];
      const visibility = visibilityFor(want);
      const asked = Date.now();
      try {
        batch = await retried(() => io.receive(want, visibility));
      } catch (err) {
        remaining += want;
        if (opts.signal.aborted) cutOffUntil = Math.max(cutOffUntil, asked + visibility * 1000);
        else result.error ??= err;
        return null;
      }
      if (opts.signal.aborted) {
        // A receive the cancel's grace let finish: never sent, made visible again at the end
        // rather than left hidden until its visibility ends.
        remaining += want;
        unsettled.push(...batch);
        return null;
      }
      if (batch.length === 0) {
        remaining += want;
        // Empty while the batch before is still settling: one of those may come back (a delete
        // that lost its receipt), so only an empty receive after it settled means drained.
        if (behind) {
          await behind;
          behind = undefined;
          continue;
        }
        // An earlier owner's messages are still hidden: wait for them rather than stop short.
        if (
          opts.hiddenUntil &&
          Date.now() < opts.hiddenUntil &&
          (await opts.stillHidden?.().catch(() => true)) !== false
        ) {
          await pause(Math.min(2_000, opts.hiddenUntil - Date.now() + 250), opts.signal);
          continue;
        }
        drained = true;
        return null;
      }
      const take = sort(batch, index);
      remaining += want - take.length;
      if (!take.length) continue;
      if (opts.onHold) {
        let until = pending[index]!.size ? (heldUntil[index] ?? null) : null;
        for (const m of take) if (m.nextVisibleOn && (!until || m.nextVisibleOn > until)) until = m.nextVisibleOn;
        // Taken in one step, so the held list and the tally agree.
        const held = [...pending[index]!, ...take.map((m) => m.id)];
        const tally = { ...tallies[index]! };
        try {
          const seen = [...resolved[index]!];
          await retried(() => opts.onHold!(index, held, until, tally, seen));
          unsure[index] = [];
          heldUntil[index] = until;
        } catch (err) {
          // No checkpoint, no send: the batch reappears when its visibility ends (or is released below).
          unsettled.push(...take);
          result.error ??= err;
          return null;
        }
      }
      for (const m of take) pending[index]!.add(m.id);
      return take;
    }
    return null;
  };

  const worker = async (index: number) => {
    let next = fetchNext(index);
    for (;;) {
      const take = await next;
      if (!take) return;
      if (opts.signal.aborted || result.error !== undefined) {
        // Read ahead while the last batch settled, and the move stopped meanwhile: never sent.
        unsettled.push(...take);
        for (const m of take) pending[index]!.delete(m.id);
        return;
      }
      const started = Date.now();
      const settling = Promise.all(take.map((m) => settle(m, index)));
      // The next batch is received and checkpointed while this one is sent and deleted.
      next = readAhead ? fetchNext(index, settling) : settling.then(() => fetchNext(index));
      await settling;
      batchSeconds = 0.7 * batchSeconds + 0.3 * ((Date.now() - started) / 1000);
    }
  };

  // A worker that stops checkpoints what it settled since its last batch, holding only the sends
  // that may have landed: an instance that takes over (after a shutdown) starts from exact counts.
  const lastCheckpoint = async (index: number) => {
    if (!opts.onHold || heldUntil[index] === undefined) return;
    await opts
      .onHold(index, unsure[index]!, heldUntil[index]!, { ...tallies[index]! }, [...resolved[index]!])
      .catch(() => undefined);
  };

  await Promise.all(Array.from({ length: workers }, (_, i) => worker(i).then(() => lastCheckpoint(i))));
  // Whether every message this move held is visible again (or gone): then nobody need wait for it.
  let released = !unsettled.length || !!io.release;
  if (unsettled.length && io.release) {
    const release = io.release.bind(io);
    await Promise.all(
      unsettled.map((m) =>
        release(m.id, m.popReceipt).catch((err) => {
          // Gone, or taken by another reader: not hidden by us. Anything else (cut off): still hidden.
          if (!hasStorageCode(err, "MessageNotFound") && !hasStorageCode(err, "PopReceiptMismatch")) released = false;
          const worker = deletesCutOff.get(m.id);
          // Gone from the source: the delete that got no answer had landed. Moved, not doubled.
          if (worker === undefined || !hasStorageCode(err, "MessageNotFound")) return;
          doubled.delete(m.id);
          count(worker, { moved: counted.has(m.id) ? 0 : 1, duplicated: -1 });
          counted.add(m.id);
        }),
      ),
    );
  }
  // Passed-over messages become visible again at once (best effort: otherwise when their timeout ends).
  if (skipped.length && io.release) {
    const release = io.release.bind(io);
    await Promise.all(
      skipped.map((m) =>
        release(m.id, m.popReceipt).catch((err) => {
          if (!hasStorageCode(err, "MessageNotFound") && !hasStorageCode(err, "PopReceiptMismatch")) released = false;
        }),
      ),
    );
  } else if (skipped.length) released = false;
  // One the transform could not apply to stays hidden until its visibility ends.
  if (unmovable.size) released = false;
  // Stopped (a shutdown hands the move over): once all it held is visible again, its checkpoints
  // say so, and the instance that takes over need not wait for their visibility to end (up to an
  // hour for a slow move). Otherwise they keep the latest time a hidden message reappears.
  if (opts.signal.aborted && opts.onHold) {
    const onHold = opts.onHold.bind(opts);
    await Promise.all(
      tallies.map((tally, i) => {
        if (heldUntil[i] === undefined && !cutOffUntil) return undefined;
        const until =
          released && !cutOffUntil ? null : latest(heldUntil[i] ?? null, cutOffUntil ? new Date(cutOffUntil) : null);
        return onHold(i, unsure[i]!, until, { ...tally }, [...resolved[i]!]).catch(() => undefined);
      }),
    );
  }
  if (skipped.length) result.skipped = skipped.length;
  if (drained && opts.suspects?.size && result.error === undefined && !opts.signal.aborted) {
    result.unseenSuspects = [...opts.suspects].filter((id) => !received.has(id)).length;
  }
  return result;
}

function latest(iso: string | null, date: Date | null): string | null {
  if (!date) return iso;
  return iso && Date.parse(iso) >= date.getTime() ? iso : date.toISOString();
}
