import "server-only";
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { AppError } from "@/lib/api/error-codes";
import { toAppError } from "@/lib/azure/errors";
import { getAccountConfig } from "@/lib/azure/accounts";
import { recordAudit } from "@/lib/auth/audit";
import type { AccountConfig } from "@/lib/config/accounts";
import { countFinishedJob } from "@/lib/metrics/job-counters";
import { acquireLease, leaseIsFree, type Lease } from "@/lib/state/lease";
import type { JobDto, JobKind, JobState } from "@/lib/validation/jobs";
import { lockQueues, unlockQueues } from "./locks";
import {
  createJobRecord,
  dropCheckpoints,
  listJobRecords,
  readCheckpoints,
  readJobRecord,
  saveCheckpoint,
  unsettledIds,
  updateJobRecord,
  type Counts,
  type JobRecord,
  type WorkerCheckpoint,
} from "./records";

/**
 * The durable job engine. A job is a record in the state store plus a blob lease: whoever holds
 * the lease runs it, renews the lease while it runs and checkpoints its counts every second. When
 * the owner dies the lease lapses and any instance with workers (the same one restarted, or
 * another) adopts the job and continues from its checkpoint. Every queue a job touches is locked
 * for its lifetime; cancel is a flag on the record that the owner sees within a second.
 */

export type Progress = (delta: { processed?: number; failed?: number; duplicated?: number }) => void;

export interface JobContext {
  job: JobDto;
  input: unknown;
  account: AccountConfig;
  signal: AbortSignal;
  progress: Progress;
  /** True when this run took the job over from an owner that stopped. */
  resumed: boolean;
  /** Messages the earlier owners held (possibly sent already) and when the last becomes visible. */
  suspects: Set<string>;
  hiddenUntil: number | undefined;
  /** `seen`: which of `suspects` the worker settled so far (counted in `tally`). */
  checkpoint(worker: number, held: string[], until: string | null, tally: Counts, seen?: string[]): Promise<void>;
  /** Names the cancel apart from a lost lease or shutdown when the signal fires. */
  cancelled(): boolean;
}

export interface Outcome {
  /** Defaults to succeeded (or cancelled when cancel was asked). */
  state?: Extract<JobState, "succeeded" | "partial" | "nothing_to_do" | "interrupted">;
  error?: unknown;
  note?: string;
  download?: string;
}

export interface Executor {
  run(ctx: JobContext): Promise<Outcome>;
  /** A job of this kind whose owner died: resumed (true) or ended as interrupted with this reason. */
  resumable: true | ((job: JobDto, input: unknown) => string | true);
  /** Runs after the job ended for good (clean up inputs). */
  cleanup?(job: JobDto): Promise<void>;
}

const executors = new Map<JobKind, Executor>();

export function registerExecutor(kind: JobKind, executor: Executor): void {
  executors.set(kind, executor);
}

interface Local {
  controller: AbortController;
  cancelled: boolean;
  done: Promise<void>;
}

interface Runtime {
  instance: string;
  local: Map<string, Local>;
  adopting: boolean;
  timer?: NodeJS.Timeout;
}

const g = globalThis as typeof globalThis & { __queuescopeJobEngine?: Runtime };

function runtime(): Runtime {
  g.__queuescopeJobEngine ??= { instance: randomUUID(), local: new Map(), adopting: false };
  return g.__queuescopeJobEngine;
}

/** QUEUESCOPE_WORKERS=0: this instance serves the UI and API and runs no job. */
export function workersEnabled(): boolean {
  return process.env.QUEUESCOPE_WORKERS !== "0";
}

const CHECKPOINT_MS = 1_000;
const ADOPT_EVERY_MS = 3_000;

export interface JobSpec {
  /** Given when the caller stored inputs under the id first. */
  id?: string;
  kind: JobKind;
  account: AccountConfig;
  source: string;
  target: string | null;
  total: number | null;
  options: JobDto["options"];
  startedBy?: string;
  input?: unknown;
}

/**
 * Records a job, locks its queues (409 job_conflict when any is taken) and, when this instance
 * runs jobs, starts it here; otherwise the first instance with workers adopts it.
 */
export async function launchJob(spec: JobSpec): Promise<JobDto> {
  const id = spec.id ?? randomUUID();
  const queues = [spec.source, ...(spec.target ? [spec.target] : [])];
  await lockQueues(spec.account.id, queues, id, spec.kind);
  const job: JobDto = {
    id,
    kind: spec.kind,
    state: "running",
    account: spec.account.id,
    source: spec.source,
    target: spec.target,
    total: spec.total,
    processed: 0,
    failed: 0,
    duplicated: 0,
    error: null,
    note: null,
    options: spec.options,
    startedBy: spec.startedBy,
    createdAt: new Date().toISOString(),
    finishedAt: null,
  };
  let record: JobRecord;
  try {
    record = await createJobRecord({
      job,
      input: spec.input,
      cancelRequested: false,
      owner: workersEnabled() ? runtime().instance : null,
    });
  } catch (err) {
    await unlockQueues(spec.account.id, queues, id).catch(() => undefined);
    throw err;
  }
  if (workersEnabled()) {
    const lease = await acquireLease(`job-${id}`).catch(() => null);
    if (lease) void run(record, lease, false);
  }
  return job;
}

/** Resolves when a job this instance runs has settled (tests and shutdown). */
export function jobSettled(id: string): Promise<void> {
  return runtime().local.get(id)?.done ?? Promise.resolve();
}

/** Asks a job to stop, through whichever instance owns it; a job nobody runs is ended here. */
export async function requestCancel(id: string): Promise<JobDto> {
  const local = runtime().local.get(id);
  if (local) {
    local.cancelled = true;
    local.controller.abort();
  }
  const record = await updateJobRecord(id, (r) =>
    r.job.state !== "running" || r.cancelRequested
      ? null
      : { ...r, cancelRequested: true, job: { ...r.job, cancelRequested: true } },
  );
  if (!local && record && record.job.state === "running" && (await leaseIsFree(`job-${id}`))) {
    // Nobody runs it (its owner died and no instance with workers took it yet): end it here.
    const lease = await acquireLease(`job-${id}`).catch(() => null);
    if (lease) {
      const fresh = await readJobRecord(id);
      if (fresh && fresh.job.state === "running") {
        const checkpoints = await readCheckpoints(id, fresh.job.adoptions ?? 0);
        const held = unsettledIds(checkpoints).size;
        const note = held
          ? `Cancelled after its instance stopped; ${held} message(s) it was moving may be in the source or the target (never lost).`
          : undefined;
        await finish(fresh, lease, { note }, true, settledCounts(fresh, checkpoints));
      } else await lease.release();
    }
  }
  return (await readJobRecord(id))?.job ?? record!.job;
}

/** A stopped run's exact counts: where it started plus what each of its workers checkpointed. */
function settledCounts(record: JobRecord, checkpoints: WorkerCheckpoint[]): Counts {
  if (!checkpoints.length)
    return { processed: record.job.processed, failed: record.job.failed, duplicated: record.job.duplicated };
  return checkpoints.reduce(
    (sum, c) => ({
      processed: sum.processed + c.tally.processed,
      failed: sum.failed + c.tally.failed,
      duplicated: sum.duplicated + c.tally.duplicated,
    }),
    record.baseline ?? { processed: 0, failed: 0, duplicated: 0 },
  );
}

function finalState(outcome: Outcome, cancelled: boolean): JobState {
  if (outcome.error !== undefined) return "failed";
  if (cancelled) return "cancelled";
  return outcome.state ?? "succeeded";
}

const AUDIT_OUTCOME: Record<JobState, "ok" | "failed" | "cancelled" | "partial" | "interrupted"> = {
  running: "ok",
  succeeded: "ok",
  nothing_to_do: "ok",
  partial: "partial",
  failed: "failed",
  cancelled: "cancelled",
  interrupted: "interrupted",
};

/** Writes the job's end, frees its queues and lease, and audits it. */
async function finish(
  record: JobRecord,
  lease: Lease,
  outcome: Outcome,
  cancelled: boolean,
  counts?: Pick<JobDto, "processed" | "failed" | "duplicated" | "scan">,
): Promise<void> {
  const state = finalState(outcome, cancelled);
  const error = outcome.error === undefined ? null : toAppError(outcome.error).message;
  let ended: JobDto | undefined;
  const finishedAt = new Date().toISOString();
  lease.assertHeld();
  await updateJobRecord(record.job.id, (r) => {
    if (r.job.state !== "running") {
      // Ended already: by an earlier try of this very write whose answer was lost (the retry met
      // its own end, same finishedAt), or else by another instance, which then counts and audits it.
      if (r.job.finishedAt !== ended?.finishedAt || r.job.state !== ended?.state) ended = undefined;
      return null;
    }
    ended = {
      ...r.job,
      ...counts,
      state,
      error,
      note: outcome.note ?? r.job.note ?? null,
      finishedAt,
      ...(outcome.download ? { download: outcome.download } : {}),
    };
    return { ...r, job: ended, owner: null };
  });
  const queues = [record.job.source, ...(record.job.target ? [record.job.target] : [])];
  await unlockQueues(record.job.account, queues, record.job.id).catch(() => undefined);
  await dropCheckpoints(record.job.id).catch(() => undefined);
  await lease.release();
  if (!ended) return;
  // Only the instance whose write ended the job gets here, so each job counts once (or, when this
  // instance dies right here, not at all: a counter may miss a job, never count one twice).
  await countFinishedJob(ended.kind, ended.state, ended.id).catch((err: unknown) =>
    console.error(`[queuescope] job ${record.job.id}: not counted in the metrics: ${toAppError(err).message}`),
  );
  await executors
    .get(ended.kind)
    ?.cleanup?.(ended)
    .catch(() => undefined);
  await recordAudit({
    user: ended.startedBy ?? "unknown",
    role: null,
    via: null,
    action: `job.${ended.kind}.finished`,
    account: ended.account,
    queue: ended.source,
    jobId: ended.id,
    params:
      ended.target || ended.options.where || ended.options.dryRun
        ? {
            ...(ended.target ? { target: ended.target } : {}),
            ...(ended.options.where ? { where: ended.options.where } : {}),
            ...(ended.options.dryRun ? { dryRun: true } : {}),
          }
        : undefined,
    outcome: AUDIT_OUTCOME[state],
    status: 200,
    ...(error ? { error } : {}),
    counts: { processed: ended.processed, failed: ended.failed, duplicated: ended.duplicated, ...ended.scan },
  }).catch(() => undefined);
}

/** Runs (or resumes) a job this instance holds the lease of, until it ends or the lease is lost. */
async function run(record: JobRecord, lease: Lease, resumed: boolean): Promise<void> {
  const rt = runtime();
  const executor = executors.get(record.job.kind);
  const controller = new AbortController();
  // Every storage call of the job (up to 4 workers × 32 sends at once) listens to this signal.
  setMaxListeners(0, controller.signal);
  const local: Local = { controller, cancelled: record.cancelRequested, done: Promise.resolve() };
  let settle!: () => void;
  local.done = new Promise<void>((resolve) => (settle = resolve));
  rt.local.set(record.job.id, local);
  lease.lost.addEventListener("abort", () => controller.abort(), { once: true });
  if (local.cancelled) controller.abort();

  const job: JobDto = { ...record.job };
  let baseline: Counts | undefined;
  // A predicate scan's figures (job.scan, set by its executor) are written with the counts.
  const snapshot = () => ({
    processed: job.processed,
    failed: job.failed,
    duplicated: job.duplicated,
    ...(job.scan ? { scan: { ...job.scan } } : {}),
  });
  let flushed = JSON.stringify(snapshot());
  const flush = async () => {
    const now = snapshot();
    lease.assertHeld();
    const written = await updateJobRecord(job.id, (r) => {
      if (r.cancelRequested && !local.cancelled) {
        local.cancelled = true;
        controller.abort();
      }
      if (r.job.state !== "running") {
        // Ended elsewhere (a cancel of a job thought orphaned): stop without writing anything.
        if (!controller.signal.aborted) controller.abort();
        return null;
      }
      if (JSON.stringify(now) === flushed && !resumed) return null;
      return {
        ...r,
        owner: rt.instance,
        ...(baseline ? { baseline } : {}),
        job: { ...r.job, ...now, ...(resumed ? { adoptions: job.adoptions, note: job.note } : {}) },
      };
    });
    if (written) flushed = JSON.stringify(now);
  };
  const ticker = setInterval(() => void flush().catch(() => undefined), CHECKPOINT_MS);
  let ended = false;

  try {
    if (!executor) throw new AppError("internal", `No executor for ${record.job.kind} jobs.`);
    const resumable = !resumed || executor.resumable === true ? true : executor.resumable(job, record.input);
    if (resumable !== true) {
      await finish(record, lease, { state: "interrupted", note: resumable }, false);
      ended = true;
      return;
    }
    const checkpoints = resumed ? await readCheckpoints(job.id, job.adoptions ?? 0) : [];
    const suspects = unsettledIds(checkpoints);
    const hiddenUntil = checkpoints.reduce<number | undefined>(
      (max, c) => (c.heldUntil && (!max || Date.parse(c.heldUntil) > max) ? Date.parse(c.heldUntil) : max),
      undefined,
    );
    if (resumed) {
      // The last run's counts, exactly: where it started plus what each of its workers settled
      // (the record's own counts lag by up to a second). Its held messages are settled below.
      baseline = settledCounts(record, checkpoints);
      Object.assign(job, baseline);
      job.adoptions = (job.adoptions ?? 0) + 1;
      job.note = `Taken over after its instance stopped (${job.adoptions}×); continued from the last checkpoint.`;
      await flush();
      // Recorded before any worker starts: if this run stops too, the next owner still knows which
      // of these were never settled (its workers' checkpoints list the ones they settle).
      if (suspects.size)
        await saveCheckpoint(job.id, job.adoptions, "inherited", {
          held: [...suspects],
          heldUntil: hiddenUntil === undefined ? null : new Date(hiddenUntil).toISOString(),
          tally: { processed: 0, failed: 0, duplicated: 0 },
        });
    }
    const outcome = await executor
      .run({
        job,
        input: record.input,
        account: getAccountConfig(job.account),
        signal: controller.signal,
        resumed,
        suspects,
        hiddenUntil,
        progress: (d) => {
          job.processed += d.processed ?? 0;
          job.failed += d.failed ?? 0;
          job.duplicated += d.duplicated ?? 0;
        },
        checkpoint: async (worker, held, until, tally, seen) => {
          lease.assertHeld();
          await saveCheckpoint(job.id, job.adoptions ?? 0, worker, { held, heldUntil: until, tally, seen });
        },
        cancelled: () => local.cancelled,
      })
      .catch((error: unknown) => ({ error }) as Outcome);
    clearInterval(ticker);
    // Lost the lease (or shutting down without a cancel): another instance carries on from the checkpoint.
    if (!lease.held() || (controller.signal.aborted && !local.cancelled)) {
      if (!lease.held())
        console.error(`[queuescope] job ${job.id}: ${String(lease.lost.reason ?? "its lease ran out")}; handed back`);
      return;
    }
    await finish({ ...record, job }, lease, outcome, local.cancelled, snapshot());
    ended = true;
  } catch (err) {
    console.error(`[queuescope] job ${job.id}: ${toAppError(err).message}`);
  } finally {
    clearInterval(ticker);
    rt.local.delete(job.id);
    // Not ended here (stopped, lease lost, or its end could not be written): hand it back, so an
    // instance (this one too) adopts it once the store answers, instead of renewing a lease nobody uses.
    if (!ended) {
      if (lease.held()) await flush().catch(() => undefined);
      await lease.release();
    }
    settle();
  }
}

/** Looks for running jobs nobody holds and takes them over (at start and every few seconds). */
export async function adoptOrphans(): Promise<number> {
  const rt = runtime();
  if (!workersEnabled() || rt.adopting) return 0;
  rt.adopting = true;
  let adopted = 0;
  try {
    for (const record of await listJobRecords({ running: true })) {
      if (rt.local.has(record.job.id)) continue;
      const lease = await acquireLease(`job-${record.job.id}`).catch(() => null);
      if (!lease) continue;
      const fresh = await readJobRecord(record.job.id);
      if (!fresh || fresh.job.state !== "running") {
        await lease.release();
        continue;
      }
      adopted++;
      void run(fresh, lease, true);
    }
  } finally {
    rt.adopting = false;
  }
  return adopted;
}

/** Starts the adoption loop of this instance (the server calls it once at start). */
export function startJobWorkers(): void {
  const rt = runtime();
  if (!workersEnabled() || rt.timer) return;
  const tick = () => void adoptOrphans().catch(() => undefined);
  rt.timer = setInterval(tick, ADOPT_EVERY_MS);
  rt.timer.unref();
  tick();
}

/**
 * Stops this instance's jobs without ending them (a shutdown, or a test's simulated crash): their
 * leases are released, so another instance, or this one restarted, resumes them at once.
 */
export async function stopLocalJobs(): Promise<void> {
  const rt = runtime();
  if (rt.timer) clearInterval(rt.timer);
  rt.timer = undefined;
  const running = [...rt.local.values()];
  for (const l of running) l.controller.abort();
  await Promise.all(running.map((l) => l.done));
}

/** Forgets the in-process engine (tests simulate a fresh instance with it). */
export function resetJobEngine(): void {
  const rt = g.__queuescopeJobEngine;
  if (rt?.timer) clearInterval(rt.timer);
  g.__queuescopeJobEngine = undefined;
}
