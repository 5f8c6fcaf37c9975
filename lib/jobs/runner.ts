import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/api/error-codes";
import {
  approximateCount,
  clearOnce,
  deleteHeld,
  peekCount,
  receiveBatch,
  sendText,
  setVisibility,
  type HeldMessage,
} from "@/lib/azure/batches";
import { hasStorageCode } from "@/lib/azure/errors";
import { clearUntilDone, encodeForStorage } from "@/lib/azure/messages";
import type { AccountConfig } from "@/lib/config/accounts";
import { decodeMessage } from "@/lib/messages/decode";
import { exportRecords, maskExportStream } from "@/lib/messages/export";
import type { Masker } from "@/lib/messages/mask";
import type { Role } from "@/lib/auth/roles";
import { createAppendable, deleteBlob, getText, putText, readStream } from "@/lib/state/blobs";
import { mapLimit } from "@/lib/util/map-limit";
import type { BulkSendRequest, ExportRequest, JobDto, MoveRequest } from "@/lib/validation/jobs";
import { launchJob, registerExecutor, requestCancel, type JobContext, type Outcome } from "./engine";
import { afterGrace, existingCount, exportBlob, inputBlob, plural } from "./common";
import { moveMessages, unrecordedHoldMs } from "./move";
import { JOB_RETRY, mayHaveLanded, withRetry } from "./retry";
import { isScanJob, isScanRequest, jobFor, scanExecutor, startScan } from "./scan-jobs";
import { listJobs as listJobRecords, readJob } from "./records";

export {
  jobSettled,
  startJobWorkers,
  stopLocalJobs,
  resetJobEngine,
  resetJobEngine as resetJobRuntime,
  adoptOrphans,
} from "./engine";

/** Every job; given the asker's role, as that role may see it (see jobFor). */
export async function listJobs(role?: Role): Promise<JobDto[]> {
  const jobs = await listJobRecords();
  return role ? jobs.map((j) => jobFor(j, role)) : jobs;
}

export async function getJob(id: string, role?: Role): Promise<JobDto> {
  const job = await readJob(id);
  return role ? jobFor(job, role) : job;
}

export async function cancelJob(id: string, role?: Role): Promise<JobDto> {
  await readJob(id); // 404 for an unknown id
  const job = await requestCancel(id);
  return role ? jobFor(job, role) : job;
}

/**
 * Why a job moved or read fewer than the queue held: messages still hidden by another reader.
 * Returns a note, or undefined when the source is really empty.
 */
async function hiddenNote(ctx: JobContext, done: number, verb: string, holding = 0): Promise<string | undefined> {
  const left = (await approximateCount(ctx.account, ctx.job.source).catch(() => holding)) - holding;
  if (left === 0) return undefined;
  const visible = await peekCount(ctx.account, ctx.job.source).catch(() => 0);
  if (visible > 0)
    return `${plural(done, "message")} ${verb}; about ${plural(left, "message")} remain in "${ctx.job.source}".`;
  return `${plural(done, "message")} ${verb}: about ${plural(left, "message is", "messages are")} invisible (received by another reader); run it again once they reappear.`;
}

/**
 * Until when an earlier owner's messages may still be hidden: what its checkpoints recorded (the
 * service rounds visibility to whole seconds: a little slack), and, after a takeover, a batch it
 * may have received after its last checkpoint (a kill -9 between the receive and the record).
 */
function earlierOwnerHiddenUntil(ctx: JobContext): number | undefined {
  const recorded = ctx.hiddenUntil === undefined ? undefined : ctx.hiddenUntil + 2_000;
  if (!ctx.resumed) return recorded;
  return Math.max(recorded ?? 0, Date.now() + unrecordedHoldMs({ ratePerSecond: ctx.job.options.ratePerSecond }));
}

interface MoveInput {
  selected?: { id: string; popReceipt: string; text?: string }[];
  /** The picked messages wait in the input blob (with their texts they outgrow a table property's 64 KiB). */
  selectedInBlob?: boolean;
}

registerExecutor("move", {
  // Picked messages cannot be told apart from the ones already moved once their owner is gone.
  resumable: (job, input) =>
    (input as MoveInput | undefined)?.selectedInBlob || (input as MoveInput | undefined)?.selected
      ? `Its instance stopped after ${plural(job.processed, "picked message")} moved; the others are still in "${job.source}" (or, if they were being sent, in "${job.target}" too). Pick them again to move the rest.`
      : true,
  async run(ctx) {
    if (isScanJob(ctx.job)) return scanExecutor.run(ctx);
    const { account, job, signal } = ctx;
    const sendSignal = afterGrace(signal, 750);
    const releaseSignal = afterGrace(signal, 1_500);
    const target = job.target!;
    let input = (ctx.input ?? {}) as MoveInput;
    if (input.selectedInBlob) {
      const raw = await getText(inputBlob(job.id));
      if (raw === null) throw new AppError("internal", "The picked messages were not found in the state store.");
      input = JSON.parse(raw) as MoveInput;
    }
    let wanted: Map<string, string | undefined> | undefined;
    let mismatched = 0;
    if (input.selected && !ctx.resumed) {
      // Picked messages: make them visible again with the receipts the browser held, then find
      // them by id, so the text moved is what storage holds, never what the request said.
      wanted = new Map();
      await mapLimit(input.selected, 16, async (m) => {
        try {
          await setVisibility(account, job.source, m.id, m.popReceipt, 0, signal);
          wanted!.set(m.id, m.text);
        } catch (err) {
          if (!hasStorageCode(err, "PopReceiptMismatch") && !hasStorageCode(err, "MessageNotFound")) throw err;
          ctx.progress({ failed: 1 });
        }
      });
    } else if (input.selected) {
      wanted = new Map(input.selected.map((m) => [m.id, m.text]));
    }
    const found = new Set<string>();
    const result = await moveMessages(
      {
        // A receive in flight at a cancel gets the sends' grace: its messages are then released at
        // once, instead of staying hidden for the batch's visibility.
        receive: (count, visibility) => receiveBatch(account, job.source, count, visibility, sendSignal),
        send: (text, timeToLive) => sendText(account, target, text, { timeToLive, signal: sendSignal }),
        // Deletes run on after a cancel too, for the same grace: a copy already sent is then deleted
        // from the source; one cut off stays there as a counted duplicate.
        remove: (id, popReceipt) => deleteHeld(account, job.source, id, popReceipt, sendSignal),
        // What was held and not settled is released until 1.5 s after a cancel, so the job still
        // ends within 2 s; a release the grace cut off goes on after the job ended, without it.
        release: (id, popReceipt) =>
          setVisibility(account, job.source, id, popReceipt, 0, releaseSignal).then(
            () => undefined,
            (err) => {
              if (releaseSignal.aborted)
                void setVisibility(account, job.source, id, popReceipt, 0, AbortSignal.timeout(30_000)).catch(
                  () => undefined,
                );
              throw err;
            },
          ),
      },
      {
        max: job.options.max === undefined ? undefined : Math.max(0, job.options.max - job.processed),
        retry: JOB_RETRY,
        ratePerSecond: job.options.ratePerSecond,
        transform: job.options.transform,
        signal,
        suspects: ctx.suspects,
        // The service rounds visibility to whole seconds: allow a little slack before calling it drained.
        hiddenUntil: earlierOwnerHiddenUntil(ctx),
        stillHidden: async () => (await approximateCount(account, job.source)) > 0,
        onHold: (worker, ids, until, t, seen) =>
          ctx.checkpoint(worker, ids, until, { processed: t.moved, failed: t.failed, duplicated: t.duplicated }, seen),
        select: wanted
          ? (m: HeldMessage | { id: string; text: string }) => {
              if (!wanted!.has(m.id) || found.has(m.id)) return "skip";
              found.add(m.id);
              const claimed = wanted!.get(m.id);
              if (claimed !== undefined && claimed !== m.text) {
                mismatched++;
                return "refuse";
              }
              return "move";
            }
          : undefined,
        satisfied: wanted ? () => found.size >= wanted!.size : undefined,
        onProgress: (d) => ctx.progress({ processed: d.moved, failed: d.failed, duplicated: d.duplicated }),
      },
    );
    const notes: string[] = [];
    // Held by the earlier owner and never seen again although the source was drained: it moved them.
    if (result.unseenSuspects) ctx.progress({ processed: result.unseenSuspects });
    if (result.uncertain) {
      notes.push(
        `${plural(result.uncertain, "message was", "messages were")} being sent when the fault hit: each is still in the source and may also be in the target (a duplicate, never a loss).`,
      );
      ctx.progress({ duplicated: result.uncertain });
    }
    if (mismatched)
      notes.push(
        `${plural(mismatched, "message was", "messages were")} refused: the text sent with the request did not match what the queue holds.`,
      );
    if (result.error !== undefined) return { error: result.error, note: notes.join(" ") || undefined };
    if (signal.aborted) return { note: notes.join(" ") || undefined };
    if (wanted) {
      const missing = wanted.size - found.size;
      if (missing > 0)
        notes.push(
          `${plural(missing, "picked message was", "picked messages were")} no longer in the queue or not visible.`,
        );
      const state =
        job.processed === 0
          ? job.failed
            ? "partial"
            : "nothing_to_do"
          : missing > 0 || job.failed > 0
            ? "partial"
            : "succeeded";
      return { state, note: notes.join(" ") || undefined };
    }
    const reachedMax = job.options.max !== undefined && job.processed >= job.options.max;
    const hidden = reachedMax ? undefined : await hiddenNote(ctx, job.processed, "moved");
    if (hidden) notes.push(hidden);
    const state: Outcome["state"] =
      job.failed > 0 || hidden ? "partial" : job.processed === 0 ? "nothing_to_do" : "succeeded";
    return {
      state,
      note: notes.join(" ") || (state === "nothing_to_do" ? `"${job.source}" was empty: nothing to move.` : undefined),
    };
  },
  cleanup: async (job) => {
    await deleteBlob(inputBlob(job.id));
    if (isScanJob(job)) await scanExecutor.cleanup(job);
  },
});

/** Starts a server-side move. Source and target are both locked until it ends. */
export async function startMove(
  account: AccountConfig,
  source: string,
  req: MoveRequest,
  startedBy?: string,
  role: Role = "operator",
): Promise<JobDto> {
  if (isScanRequest(req)) return startScan("move", account, source, req, { name: startedBy, role });
  if (req.to === source)
    throw new AppError("validation_failed", "The target must be another queue.", {
      issues: [{ path: "body.to", message: "The target must be another queue." }],
    });
  const count = await existingCount(account, source, "source");
  await existingCount(account, req.to, "target");
  const id = randomUUID();
  if (req.messages) await putText(inputBlob(id), JSON.stringify({ selected: req.messages } satisfies MoveInput));
  try {
    return await launchJob({
      id,
      kind: "move",
      account,
      source,
      target: req.to,
      startedBy,
      total: req.messages ? req.messages.length : req.max === undefined ? count : Math.min(req.max, count),
      options: { max: req.max, ratePerSecond: req.ratePerSecond, transform: req.transform },
      input: req.messages ? ({ selectedInBlob: true } satisfies MoveInput) : undefined,
    });
  } catch (err) {
    if (req.messages) await deleteBlob(inputBlob(id)).catch(() => undefined);
    throw err;
  }
}

registerExecutor("clear", {
  resumable: true,
  async run(ctx) {
    const { account, job, signal } = ctx;
    const before = job.total ?? 0;
    let reported = job.processed;
    const report = (left: number) => {
      const cleared = Math.max(0, before - left);
      if (cleared > reported) ctx.progress({ processed: cleared - reported });
      reported = Math.max(reported, cleared);
    };
    const timer = setInterval(() => void approximateCount(account, job.source, signal).then(report, () => {}), 1000);
    try {
      if ((await clearUntilDone(() => clearOnce(account, job.source, signal), signal)) === null) return {};
      report(0);
      return before === 0 ? { state: "nothing_to_do", note: `"${job.source}" was already empty.` } : {};
    } finally {
      clearInterval(timer);
    }
  },
});

/** Clears a queue in the background, showing progress from the falling approximate count. */
export async function startClear(account: AccountConfig, queue: string, startedBy?: string): Promise<JobDto> {
  const before = await existingCount(account, queue, "source");
  return launchJob({ kind: "clear", account, source: queue, target: null, total: before, options: {}, startedBy });
}

registerExecutor("send", {
  // Sends are not idempotent: after a crash, resending could duplicate and skipping could lose.
  resumable: (job) =>
    `Its instance stopped after ${plural(job.processed, "message")} of ${job.total ?? "?"} were sent (up to 16 more may have been sent without being counted). Check the queue before importing the rest again.`,
  async run(ctx) {
    const { account, job, signal } = ctx;
    const raw = await getText(inputBlob(job.id));
    if (raw === null) throw new AppError("internal", "The messages to send were not found in the state store.");
    const req = JSON.parse(raw) as BulkSendRequest;
    let error: unknown;
    await mapLimit(req.messages, 16, async (text) => {
      if (signal.aborted || error !== undefined) return;
      let stored: string;
      try {
        stored = encodeForStorage(text, req.encoding);
      } catch {
        ctx.progress({ failed: 1 }); // over 64 KiB once encoded: this one cannot be sent
        return;
      }
      // Retried on transient faults; a try that may have landed makes this a possible duplicate.
      let maybeTwice = false;
      try {
        await withRetry(
          () =>
            sendText(account, job.source, stored, {
              visibilityTimeout: req.visibilityTimeout,
              timeToLive: req.timeToLive,
              signal,
            }),
          { signal, onRetry: (err) => (maybeTwice ||= mayHaveLanded(err)) },
        );
        ctx.progress({ processed: 1, duplicated: maybeTwice ? 1 : 0 });
      } catch (err) {
        if (maybeTwice) ctx.progress({ duplicated: 1 });
        if (!signal.aborted) error ??= err;
      }
    });
    if (error !== undefined)
      return { error, note: `${plural(job.processed, "message")} of ${job.total} were sent before the failure.` };
    if (job.failed > 0)
      return {
        state: "partial",
        note: `${plural(job.failed, "message was", "messages were")} over 64 KiB once encoded and not sent.`,
      };
    return {};
  },
  cleanup: (job) => deleteBlob(inputBlob(job.id)),
});

/** Sends many messages (an import) in the background, 16 at a time. */
export async function startBulkSend(
  account: AccountConfig,
  queue: string,
  req: BulkSendRequest,
  startedBy?: string,
): Promise<JobDto> {
  await existingCount(account, queue, "target");
  // Too large for a table row: the messages wait in a blob any instance can read.
  const id = randomUUID();
  await putText(inputBlob(id), JSON.stringify(req));
  try {
    return await launchJob({
      id,
      kind: "send",
      account,
      source: queue,
      target: null,
      total: req.messages.length,
      options: {},
      startedBy,
    });
  } catch (err) {
    await deleteBlob(inputBlob(id)).catch(() => undefined);
    throw err;
  }
}

registerExecutor("export", {
  resumable: (job) =>
    isScanJob(job)
      ? true
      : `Its instance stopped after ${plural(job.processed, "message")} were exported; the messages it was reading stay hidden until their visibility timeout ends. The partial file is kept; export again after that.`,
  cleanup: (job) => (isScanJob(job) ? scanExecutor.cleanup(job) : Promise.resolve()),
  async run(ctx) {
    if (isScanJob(ctx.job)) return scanExecutor.run(ctx);
    const { account, job, signal } = ctx;
    const visibilityTimeout = job.options.visibilityTimeout!;
    const append = await createAppendable(exportBlob(job.id));
    const max = job.options.max ?? Number.POSITIVE_INFINITY;
    const seen = new Set<string>();
    // Stop reading well before the first messages read become visible again (they would be read twice).
    const deadline = Date.now() + visibilityTimeout * 900;
    let timedOut = false;
    while (!signal.aborted && seen.size < max) {
      if (Date.now() >= deadline) {
        timedOut = true;
        break;
      }
      const batch = (
        await withRetry(
          () => receiveBatch(account, job.source, Math.min(32, max - seen.size), visibilityTimeout, signal),
          { signal },
        )
      ).filter((m) => !seen.has(m.id));
      if (!batch.length) break;
      const records = exportRecords(
        batch.map((m) => ({ ...m, size: Buffer.byteLength(m.text) })),
        (m) => decodeMessage(m.text),
      );
      await append(records.map((r) => `${JSON.stringify(r)}\n`).join(""));
      for (const m of batch) seen.add(m.id);
      ctx.progress({ processed: batch.length });
    }
    const download = seen.size > 0 ? `/api/jobs/${job.id}/download` : undefined;
    if (signal.aborted) return { download };
    if (seen.size >= max) return { download };
    if (timedOut) {
      return {
        state: "partial",
        download,
        note: `Stopped after ${plural(seen.size, "message")} of about ${job.total}: the read time (${visibilityTimeout} s visibility) ran out before the queue did. Export again with a longer visibility timeout for the rest.`,
      };
    }
    const hidden = await hiddenNote(ctx, seen.size, "exported", seen.size);
    if (hidden) return { state: "partial", download, note: hidden };
    return seen.size === 0
      ? { state: "nothing_to_do", note: `"${job.source}" was empty: nothing to export.` }
      : { download };
  },
});

/**
 * Exports every message: receives them in pages under a visibility timeout sized to the queue
 * (so none is read twice), writes one NDJSON record per message, and lets them reappear.
 */
export async function startExport(
  account: AccountConfig,
  queue: string,
  req: ExportRequest,
  startedBy?: string,
  role: Role = "operator",
): Promise<JobDto> {
  if (isScanRequest(req)) return startScan("export", account, queue, req, { name: startedBy, role });
  const count = await existingCount(account, queue, "source");
  const total = req.max === undefined ? count : Math.min(req.max, count);
  // About 40 messages a second at worst, with room to spare.
  const visibilityTimeout = req.visibilityTimeout ?? Math.min(7200, Math.max(60, Math.ceil(total / 20) + 60));
  return launchJob({
    kind: "export",
    account,
    source: queue,
    target: null,
    total,
    options: { max: req.max, visibilityTimeout },
    startedBy,
  });
}

/** The export's NDJSON as a stream, from the state store (any instance can serve it). */
export async function exportDownload(job: JobDto, mask?: Masker): Promise<ReadableStream | null> {
  const stream = await readStream(exportBlob(job.id));
  return stream && mask ? maskExportStream(stream, mask) : stream;
}

export { startScan } from "./scan-jobs";
