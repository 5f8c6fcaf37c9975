import "server-only";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { AppError } from "@/lib/api/error-codes";
import { getServiceClient } from "@/lib/azure/clients";
import { storageCall, toAppError } from "@/lib/azure/errors";
import type { AccountConfig } from "@/lib/config/accounts";
import { createWriteStream, mkdirSync } from "node:fs";
import type { BulkSendRequest, ExportRequest, JobDto, MoveRequest } from "@/lib/validation/jobs";
import { decodeMessage } from "@/lib/messages/decode";
import { exportRecords } from "@/lib/messages/export";
import { clearMessages, encodeForStorage } from "@/lib/azure/messages";
import { mapLimit } from "@/lib/util/map-limit";
import { moveMessages, type MoveIo } from "./move";
import { recordAudit } from "@/lib/auth/audit";
import { JobStore } from "./store";

interface Runtime {
  store: JobStore;
  controllers: Map<string, AbortController>;
  done: Map<string, Promise<void>>;
}

const state = globalThis as typeof globalThis & { __queuescopeJobs?: Runtime };

function dataDir(): string {
  return path.resolve(process.env.QUEUESCOPE_DATA_DIR || ".data");
}

/** Where an export job writes its NDJSON. */
export function exportFile(id: string): string {
  return path.join(dataDir(), "exports", `${id}.ndjson`);
}

function runtime(): Runtime {
  state.__queuescopeJobs ??= {
    store: new JobStore(path.join(dataDir(), "jobs.json")),
    controllers: new Map(),
    done: new Map(),
  };
  return state.__queuescopeJobs;
}

/** Forgets the in-process job state (tests simulate a server restart with it). */
export function resetJobRuntime(): void {
  state.__queuescopeJobs = undefined;
}

export function listJobs(): JobDto[] {
  return runtime().store.list();
}

export function getJob(id: string): JobDto {
  const job = runtime().store.get(id);
  if (!job) throw new AppError("job_not_found", `No job "${id}".`);
  return job;
}

/** Resolves when a job has settled (for tests and graceful shutdown). */
export function jobSettled(id: string): Promise<void> {
  return runtime().done.get(id) ?? Promise.resolve();
}

export function cancelJob(id: string): JobDto {
  const job = getJob(id);
  runtime().controllers.get(id)?.abort();
  return job;
}

function moveIo(account: AccountConfig, source: string, target: string, selected?: MoveRequest["messages"]): MoveIo {
  const service = getServiceClient(account, "job");
  const from = service.getQueueClient(source);
  const to = service.getQueueClient(target);
  // Selected messages were received already: hand them out once, with the receipts they came with.
  const pending = selected ? [...selected] : null;
  return {
    receive: async (count, visibilityTimeout) =>
      pending
        ? pending.splice(0, count)
        : (await from.receiveMessages({ numberOfMessages: count, visibilityTimeout })).receivedMessageItems.map((m) => ({ id: m.messageId, popReceipt: m.popReceipt, text: m.messageText })),
    send: async (text) => void (await to.sendMessage(text)),
    remove: async (id, popReceipt) => void (await from.deleteMessage(id, popReceipt)),
  };
}

type Progress = (delta: { processed?: number; failed?: number; duplicated?: number }) => void;
type JobSpec = Pick<JobDto, "kind" | "account" | "source" | "target" | "total" | "options" | "startedBy">;

/** One job at a time per queue: a clear during a move (or two moves) would fight over messages. */
function assertIdle(account: AccountConfig, queue: string): void {
  const { store, controllers } = runtime();
  const running = store.list().find((j) => j.state === "running" && j.account === account.id && j.source === queue && controllers.has(j.id));
  if (running) throw new AppError("job_conflict", `A ${running.kind} job on "${queue}" is already running (job ${running.id}).`, { jobId: running.id });
}

/** Records a job, runs `work` in the background, and keeps the store current until it settles. */
function launch(spec: JobSpec, work: (signal: AbortSignal, progress: Progress, id: string) => Promise<{ error?: unknown; note?: string }>): JobDto {
  const { store, controllers, done } = runtime();
  const job: JobDto = { ...spec, id: randomUUID(), state: "running", processed: 0, failed: 0, duplicated: 0, error: null, createdAt: new Date().toISOString(), finishedAt: null };
  store.put(job, true);
  const controller = new AbortController();
  controllers.set(job.id, controller);
  const progress: Progress = (d) => {
    job.processed += d.processed ?? 0;
    job.failed += d.failed ?? 0;
    job.duplicated += d.duplicated ?? 0;
    store.put({ ...job });
  };
  const run = work(controller.signal, progress, job.id)
    .then(({ error, note }) => {
      job.state = error !== undefined ? "failed" : controller.signal.aborted ? "cancelled" : "succeeded";
      job.error = error === undefined ? null : [toAppError(error).message, note].filter(Boolean).join(" ");
    }, (err: unknown) => {
      job.state = "failed";
      job.error = toAppError(err).message;
    })
    .finally(() => {
      job.finishedAt = new Date().toISOString();
      if (job.kind === "export" && job.processed > 0) job.download = `/api/jobs/${job.id}/download`;
      controllers.delete(job.id);
      store.put({ ...job }, true);
      return recordAudit({
        user: job.startedBy ?? "unknown", role: null, via: null, action: `job.${job.kind}.finished`, account: job.account, queue: job.source, jobId: job.id,
        params: job.target ? { target: job.target } : undefined,
        outcome: job.state === "failed" ? "failed" : "ok", status: 200, ...(job.state === "failed" ? { error: job.error ?? undefined } : {}),
        counts: { processed: job.processed, failed: job.failed, duplicated: job.duplicated },
      }).then(() => undefined, () => undefined);
    });
  done.set(job.id, run);
  return { ...job };
}

async function approximateCount(account: AccountConfig, queue: string): Promise<number> {
  return (await storageCall(() => getServiceClient(account).getQueueClient(queue).getProperties())).approximateMessagesCount ?? 0;
}

/** Starts a server-side move; one job per source queue at a time. */
export async function startMove(account: AccountConfig, source: string, req: MoveRequest, startedBy?: string): Promise<JobDto> {
  if (req.to === source) throw new AppError("validation_failed", "The target must be another queue.", { issues: [{ path: "body.to", message: "The target must be another queue." }] });
  assertIdle(account, source);
  const count = await approximateCount(account, source);
  await approximateCount(account, req.to).catch((err: AppError) => {
    throw err.code === "queue_not_found" ? new AppError("queue_not_found", `The target queue "${req.to}" does not exist.`) : err;
  });
  const spec: JobSpec = {
    kind: "move", account: account.id, source, target: req.to, startedBy,
    total: req.messages ? req.messages.length : req.max === undefined ? count : Math.min(req.max, count),
    options: { max: req.max, ratePerSecond: req.ratePerSecond, transform: req.transform },
  };
  return launch(spec, async (signal, progress) => {
    const result = await moveMessages(moveIo(account, source, req.to, req.messages), {
      max: req.max, ratePerSecond: req.ratePerSecond, transform: req.transform, signal,
      onProgress: (d) => progress({ processed: d.moved, failed: d.failed, duplicated: d.duplicated }),
    });
    if (result.uncertain) progress({ duplicated: result.uncertain });
    const note = result.uncertain
      ? `${result.uncertain} ${result.uncertain === 1 ? "message was" : "messages were"} being sent when the fault hit: each is still in the source and may also be in the target (a duplicate, never a loss).`
      : undefined;
    return { error: result.error, note };
  });
}

/** Clears a queue in the background, showing progress from the falling approximate count. */
export async function startClear(account: AccountConfig, queue: string, startedBy?: string): Promise<JobDto> {
  assertIdle(account, queue);
  const before = await approximateCount(account, queue);
  return launch({ kind: "clear", account: account.id, source: queue, target: null, total: before, options: {}, startedBy }, async (signal, progress) => {
    let reported = 0;
    const report = (left: number) => {
      const cleared = Math.max(0, before - left);
      if (cleared > reported) progress({ processed: cleared - reported });
      reported = Math.max(reported, cleared);
    };
    const timer = setInterval(() => void approximateCount(account, queue).then(report, () => {}), 1000);
    try {
      await clearMessages(account, queue, undefined, signal);
      report(0);
      return {};
    } catch (error) {
      return { error };
    } finally {
      clearInterval(timer);
    }
  });
}

/** Sends many messages (an import) in the background, 16 at a time. */
export async function startBulkSend(account: AccountConfig, queue: string, req: BulkSendRequest, startedBy?: string): Promise<JobDto> {
  assertIdle(account, queue);
  await approximateCount(account, queue);
  const spec: JobSpec = { kind: "send", account: account.id, source: queue, target: null, total: req.messages.length, options: {}, startedBy };
  return launch(spec, async (signal, progress) => {
    const client = getServiceClient(account, "job").getQueueClient(queue);
    let error: unknown;
    await mapLimit(req.messages, 16, async (text) => {
      if (signal.aborted || error !== undefined) return;
      let stored: string;
      try {
        stored = encodeForStorage(text, req.encoding);
      } catch {
        progress({ failed: 1 }); // over 64 KiB once encoded: this one cannot be sent
        return;
      }
      try {
        await client.sendMessage(stored, { visibilityTimeout: req.visibilityTimeout, messageTimeToLive: req.timeToLive });
        progress({ processed: 1 });
      } catch (err) {
        error ??= err;
      }
    });
    return { error };
  });
}

/**
 * Exports every message: receives them in pages under a visibility timeout sized to the queue
 * (so none is read twice), writes one NDJSON record per message, and lets them reappear.
 */
export async function startExport(account: AccountConfig, queue: string, req: ExportRequest, startedBy?: string): Promise<JobDto> {
  assertIdle(account, queue);
  const count = await approximateCount(account, queue);
  const visibilityTimeout = req.visibilityTimeout ?? Math.min(7200, Math.max(60, Math.ceil(count / 50) + 30));
  const total = req.max === undefined ? count : Math.min(req.max, count);
  const spec: JobSpec = { kind: "export", account: account.id, source: queue, target: null, total, options: { max: req.max, visibilityTimeout }, startedBy };
  return launch(spec, async (signal, progress, id) => {
    const file = exportFile(id);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Message bodies: readable by the account running Queuescope only.
    const out = createWriteStream(file, { mode: 0o600 });
    const client = getServiceClient(account, "job").getQueueClient(queue);
    const seen = new Set<string>();
    const deadline = Date.now() + visibilityTimeout * 800;
    try {
      while (!signal.aborted && seen.size < (req.max ?? Infinity) && Date.now() < deadline) {
        const want = Math.min(32, (req.max ?? Infinity) - seen.size);
        const batch = (await client.receiveMessages({ numberOfMessages: want, visibilityTimeout })).receivedMessageItems.filter((m) => !seen.has(m.messageId));
        if (!batch.length) break;
        const records = exportRecords(
          batch.map((m) => ({ id: m.messageId, insertedOn: m.insertedOn.toISOString(), expiresOn: m.expiresOn.toISOString(), dequeueCount: m.dequeueCount, size: Buffer.byteLength(m.messageText), text: m.messageText })),
          (m) => decodeMessage(m.text),
        );
        for (const r of records) out.write(`${JSON.stringify(r)}\n`);
        for (const m of batch) seen.add(m.messageId);
        progress({ processed: batch.length });
      }
      return {};
    } catch (error) {
      return { error };
    } finally {
      await new Promise((resolve) => out.end(resolve));
    }
  });
}
