import "server-only";
import type { Transform } from "@/lib/validation/jobs";
import { applyTransform } from "@/lib/messages/transform";

/** The three storage calls a move needs; the job passes the SDK, unit tests pass fakes. */
export interface MoveIo {
  receive(count: number, visibilityTimeout: number): Promise<{ id: string; popReceipt: string; text: string }[]>;
  send(text: string): Promise<void>;
  remove(id: string, popReceipt: string): Promise<void>;
}

export interface MoveOptions {
  max?: number;
  ratePerSecond?: number;
  transform?: Transform;
  signal: AbortSignal;
  /** Receive → send → delete pipelines running at once. */
  workers?: number;
  /** Overrides the visibility timeout the move would choose (tests use a short one to force expiry). */
  visibilityTimeout?: number;
  onProgress(delta: { moved?: number; failed?: number; duplicated?: number }): void;
}

export interface MoveResult {
  moved: number;
  failed: number;
  duplicated: number;
  /** Sends that failed without an answer: the target may hold a copy while the source keeps the message. */
  uncertain: number;
  /** Set when the move stopped on a persistent storage fault (after settling what was in flight). */
  error?: unknown;
}

const BATCH = 32;
const MIN_VISIBILITY_S = 30;
const MAX_VISIBILITY_S = 3600;

function isPopReceiptGone(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string; details?: { errorCode?: string } };
  return e.statusCode === 400 && (e.code === "PopReceiptMismatch" || e.details?.errorCode === "PopReceiptMismatch");
}

function isMessageGone(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string; details?: { errorCode?: string } };
  return e.statusCode === 404 && (e.code === "MessageNotFound" || e.details?.errorCode === "MessageNotFound");
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
    if (at > now) await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, at - now);
      signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  };
}

/**
 * Moves messages without ever losing one: each message is deleted from the source only after the
 * target accepted its copy, with the pop receipt of the receive that fetched it. A message not yet
 * sent when the move stops stays in the source and reappears when its visibility timeout ends.
 */
export async function moveMessages(io: MoveIo, opts: MoveOptions): Promise<MoveResult> {
  const result: MoveResult = { moved: 0, failed: 0, duplicated: 0, uncertain: 0 };
  let remaining = opts.max ?? Number.POSITIVE_INFINITY;
  let drained = false;
  let batchSeconds = 2;
  const waitTurn = rateLimiter(opts.ratePerSecond);
  const workers = opts.workers ?? 4;
  const stopped = () => drained || result.error !== undefined || opts.signal.aborted || remaining <= 0;
  const count = (delta: { moved?: number; failed?: number; duplicated?: number }) => {
    result.moved += delta.moved ?? 0;
    result.failed += delta.failed ?? 0;
    result.duplicated += delta.duplicated ?? 0;
    opts.onProgress(delta);
  };

  // Long enough that a batch is settled well before its messages become visible again.
  const visibilityFor = (size: number) => {
    if (opts.visibilityTimeout) return opts.visibilityTimeout;
    const paced = opts.ratePerSecond ? (size * workers) / opts.ratePerSecond : 0;
    return Math.min(MAX_VISIBILITY_S, Math.max(MIN_VISIBILITY_S, Math.ceil(4 * Math.max(batchSeconds, paced)) + 15));
  };

  const settle = async (m: { id: string; popReceipt: string; text: string }) => {
    let text: string;
    try {
      text = opts.transform ? applyTransform(m.text, opts.transform) : m.text;
    } catch {
      count({ failed: 1 }); // left in the source: it reappears when its visibility timeout ends
      return;
    }
    await waitTurn(opts.signal);
    if (opts.signal.aborted || result.error !== undefined) return;
    try {
      await io.send(text);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === undefined) result.uncertain++;
      result.error ??= err;
      return;
    }
    // Sent: from here the source copy is deleted even when the move is being cancelled.
    try {
      await io.remove(m.id, m.popReceipt);
      count({ moved: 1 });
    } catch (err) {
      if (isMessageGone(err)) count({ moved: 1 });
      else if (isPopReceiptGone(err)) count({ duplicated: 1 });
      else {
        count({ duplicated: 1 });
        result.error ??= err;
      }
    }
  };

  const worker = async () => {
    while (!stopped()) {
      const want = Math.min(BATCH, remaining);
      remaining -= want;
      const started = Date.now();
      let batch: Awaited<ReturnType<MoveIo["receive"]>>;
      try {
        batch = await io.receive(want, visibilityFor(want));
      } catch (err) {
        remaining += want;
        result.error ??= err;
        return;
      }
      remaining += want - batch.length;
      if (batch.length === 0) {
        drained = true;
        return;
      }
      await Promise.all(batch.map(settle));
      batchSeconds = 0.7 * batchSeconds + 0.3 * ((Date.now() - started) / 1000);
    }
  };

  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}
