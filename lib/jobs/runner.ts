import "server-only";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { AppError } from "@/lib/api/error-codes";
import { getServiceClient } from "@/lib/azure/clients";
import { storageCall, toAppError } from "@/lib/azure/errors";
import type { AccountConfig } from "@/lib/config/accounts";
import type { JobDto, MoveRequest } from "@/lib/validation/jobs";
import { moveMessages, type MoveIo } from "./move";
import { JobStore } from "./store";

interface Runtime {
  store: JobStore;
  controllers: Map<string, AbortController>;
  done: Map<string, Promise<void>>;
}

const state = globalThis as typeof globalThis & { __queuescopeJobs?: Runtime };

function runtime(): Runtime {
  state.__queuescopeJobs ??= {
    store: new JobStore(path.resolve(process.env.QUEUESCOPE_DATA_DIR || ".data", "jobs.json")),
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

function moveIo(account: AccountConfig, source: string, target: string): MoveIo {
  const service = getServiceClient(account, "job");
  const from = service.getQueueClient(source);
  const to = service.getQueueClient(target);
  return {
    receive: async (count, visibilityTimeout) =>
      (await from.receiveMessages({ numberOfMessages: count, visibilityTimeout })).receivedMessageItems.map((m) => ({ id: m.messageId, popReceipt: m.popReceipt, text: m.messageText })),
    send: async (text) => void (await to.sendMessage(text)),
    remove: async (id, popReceipt) => void (await from.deleteMessage(id, popReceipt)),
  };
}

/** Starts a server-side move; one move per source queue at a time. */
export async function startMove(account: AccountConfig, source: string, req: MoveRequest): Promise<JobDto> {
  if (req.to === source) throw new AppError("validation_failed", "The target must be another queue.", { issues: [{ path: "body.to", message: "The target must be another queue." }] });
  const { store, controllers, done } = runtime();
  const running = store.list().find((j) => j.state === "running" && j.account === account.id && j.source === source && controllers.has(j.id));
  if (running) throw new AppError("job_conflict", `A move from "${source}" is already running (job ${running.id}).`, { jobId: running.id });

  const service = getServiceClient(account);
  const props = await storageCall(() => service.getQueueClient(source).getProperties());
  await storageCall(() => service.getQueueClient(req.to).getProperties()).catch((err: AppError) => {
    throw err.code === "queue_not_found" ? new AppError("queue_not_found", `The target queue "${req.to}" does not exist.`) : err;
  });
  const count = props.approximateMessagesCount ?? 0;
  const job: JobDto = {
    id: randomUUID(),
    kind: "move",
    state: "running",
    account: account.id,
    source,
    target: req.to,
    total: req.max === undefined ? count : Math.min(req.max, count),
    processed: 0,
    failed: 0,
    duplicated: 0,
    error: null,
    options: { max: req.max, ratePerSecond: req.ratePerSecond, transform: req.transform },
    createdAt: new Date().toISOString(),
    finishedAt: null,
  };
  store.put(job, true);
  const controller = new AbortController();
  controllers.set(job.id, controller);

  const run = moveMessages(moveIo(account, source, req.to), {
    max: req.max,
    ratePerSecond: req.ratePerSecond,
    transform: req.transform,
    signal: controller.signal,
    onProgress: (d) => {
      job.processed += d.moved ?? 0;
      job.failed += d.failed ?? 0;
      job.duplicated += d.duplicated ?? 0;
      store.put({ ...job });
    },
  }).then((result) => {
    job.state = result.error !== undefined ? "failed" : controller.signal.aborted ? "cancelled" : "succeeded";
    job.error = result.error === undefined ? null : toAppError(result.error).message;
    if (job.error && result.uncertain) {
      job.error += ` ${result.uncertain} ${result.uncertain === 1 ? "message was" : "messages were"} being sent when the fault hit: each is still in the source and may also be in the target (a duplicate, never a loss).`;
    }
    job.duplicated += result.uncertain;
  }, (err: unknown) => {
    job.state = "failed";
    job.error = toAppError(err).message;
  }).finally(() => {
    job.finishedAt = new Date().toISOString();
    controllers.delete(job.id);
    store.put({ ...job }, true);
  });
  done.set(job.id, run);
  return { ...job };
}
