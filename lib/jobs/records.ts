import "server-only";
import { AppError } from "@/lib/api/error-codes";
import {
  getRecord,
  insertRecord,
  odata,
  queryRecords,
  replaceRecord,
  StateConflict,
  upsertRecord,
  deleteRecord,
} from "@/lib/state/store";
import type { JobDto } from "@/lib/validation/jobs";

/**
 * Job records in the state store: one row per job (the DTO as JSON, its state as a column to
 * filter on), and one checkpoint row per worker of a running job. Writes are conditional on the
 * ETag read, so two instances never overwrite each other's view of a job.
 */
const PARTITION = "job";
const KEEP_FINISHED = 200;

export interface JobRecord {
  job: JobDto;
  /** What the job was asked to do, beyond the DTO (ids and receipts of picked messages, …). */
  input: unknown;
  /** Set by DELETE /api/jobs/{id} on any instance; the owner stops within a second of seeing it. */
  cancelRequested: boolean;
  /** Instance that runs it now (informational; the lease decides). */
  owner: string | null;
  /** The counts when the current run took over: its workers' tallies add to these. */
  baseline?: Counts;
  etag: string;
}

export interface Counts {
  processed: number;
  failed: number;
  duplicated: number;
}

interface Row {
  data: string;
  input?: string;
  state: string;
  cancelRequested?: boolean;
  owner?: string;
  baseline?: string;
}

function toRecord(row: Row & { etag: string }): JobRecord {
  return {
    job: JSON.parse(row.data) as JobDto,
    input: row.input ? JSON.parse(row.input) : undefined,
    cancelRequested: row.cancelRequested === true,
    owner: row.owner ?? null,
    baseline: row.baseline ? (JSON.parse(row.baseline) as Counts) : undefined,
    etag: row.etag,
  };
}

function toRow(r: Omit<JobRecord, "etag">) {
  return {
    partitionKey: PARTITION,
    rowKey: r.job.id,
    data: JSON.stringify(r.job),
    input: r.input === undefined ? undefined : JSON.stringify(r.input),
    state: r.job.state,
    cancelRequested: r.cancelRequested,
    owner: r.owner ?? undefined,
    baseline: r.baseline ? JSON.stringify(r.baseline) : undefined,
  };
}

export async function createJobRecord(r: Omit<JobRecord, "etag">): Promise<JobRecord> {
  const etag = await insertRecord("jobs", toRow(r));
  return { ...r, etag };
}

export async function readJobRecord(id: string): Promise<JobRecord | null> {
  const row = await getRecord<Row>("jobs", PARTITION, id);
  return row ? toRecord(row) : null;
}

export async function readJob(id: string): Promise<JobDto> {
  const r = await readJobRecord(id);
  if (!r) throw new AppError("job_not_found", `No job "${id}".`);
  return r.job;
}

/** Writes the record if nobody changed it since `r.etag`; StateConflict otherwise. */
export async function writeJobRecord(r: JobRecord): Promise<JobRecord> {
  const etag = await replaceRecord("jobs", toRow(r), r.etag);
  return { ...r, etag };
}

/** Re-reads and applies `change` until the write goes through (other writers only set flags or counts). */
export async function updateJobRecord(
  id: string,
  change: (r: JobRecord) => JobRecord | null,
): Promise<JobRecord | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await readJobRecord(id);
    if (!current) throw new AppError("job_not_found", `No job "${id}".`);
    const next = change(current);
    if (!next) return current;
    try {
      return await writeJobRecord(next);
    } catch (err) {
      if (!(err instanceof StateConflict)) throw err;
    }
  }
  throw new AppError("state_unavailable", "The job record kept changing while it was being updated; try again.");
}

export async function listJobRecords(filter?: { running?: boolean }): Promise<JobRecord[]> {
  const rows = await queryRecords<Row>("jobs", {
    partitionKey: PARTITION,
    filter: filter?.running ? odata`state eq ${"running"}` : undefined,
  });
  return rows.map(toRecord).sort((a, b) => b.job.createdAt.localeCompare(a.job.createdAt));
}

/** Newest first; finished jobs past the newest KEEP_FINISHED are forgotten. */
export async function listJobs(): Promise<JobDto[]> {
  const all = await listJobRecords();
  const finished = all.filter((r) => r.job.state !== "running");
  for (const old of finished.slice(KEEP_FINISHED))
    await deleteRecord("jobs", PARTITION, old.job.id, old.etag).catch(() => undefined);
  const dropped = new Set(finished.slice(KEEP_FINISHED).map((r) => r.job.id));
  return all.filter((r) => !dropped.has(r.job.id)).map((r) => r.job);
}

/**
 * Per-worker progress of one run of a job (`run` counts the takeovers): what the worker settled
 * so far, and the messages it holds right now (received, not yet settled: after a crash they
 * may be in the target already).
 */
export interface WorkerCheckpoint {
  held: string[];
  /** When the last of the held messages becomes visible again. */
  heldUntil: string | null;
  tally: Counts;
  /** Of the messages the run inherited from earlier owners, those this worker settled (counted in its tally). */
  seen?: string[];
  /** Not a worker: the unsettled messages the run took over (with `heldUntil`, when the last reappears). */
  inherited?: boolean;
}

const checkpointKey = (run: number, worker: number | "inherited") =>
  `r${String(run).padStart(4, "0")}-${worker === "inherited" ? "inherited" : `w${worker}`}`;

// A table property holds 64 KiB (32,768 UTF-16 units): long id lists are spread over numbered ones.
const IDS_PER_PROPERTY = 700;

function idProperties(name: string, ids: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0, part = 0; ids && i < ids.length; i += IDS_PER_PROPERTY, part++)
    out[part ? `${name}${part}` : name] = JSON.stringify(ids.slice(i, i + IDS_PER_PROPERTY));
  return out;
}

function readIdProperties(row: Record<string, unknown>, name: string): string[] {
  const ids: string[] = [];
  for (let part = 0; ; part++) {
    const raw = row[part ? `${name}${part}` : name];
    if (typeof raw !== "string") return ids;
    ids.push(...(JSON.parse(raw) as string[]));
  }
}

export async function saveCheckpoint(
  jobId: string,
  run: number,
  worker: number | "inherited",
  cp: WorkerCheckpoint,
): Promise<void> {
  await upsertRecord("jobs", {
    partitionKey: `cp-${jobId}`,
    rowKey: checkpointKey(run, worker),
    ...idProperties("held", cp.held),
    ...idProperties("seen", cp.seen),
    heldUntil: cp.heldUntil ?? undefined,
    tally: JSON.stringify(cp.tally),
  });
}

/** The checkpoints the workers of run `run` left (and what that run inherited, marked `inherited`). */
export async function readCheckpoints(jobId: string, run: number): Promise<WorkerCheckpoint[]> {
  const rows = await queryRecords<Record<string, unknown>>("jobs", { partitionKey: `cp-${jobId}` });
  const prefix = `${checkpointKey(run, 0).split("-")[0]}-`;
  return rows
    .filter((r) => r.rowKey.startsWith(prefix))
    .map((r) => ({
      held: readIdProperties(r, "held"),
      seen: readIdProperties(r, "seen"),
      heldUntil: typeof r.heldUntil === "string" ? r.heldUntil : null,
      tally: typeof r.tally === "string" ? (JSON.parse(r.tally) as Counts) : { processed: 0, failed: 0, duplicated: 0 },
      ...(r.rowKey === checkpointKey(run, "inherited") ? { inherited: true } : {}),
    }));
}

/**
 * The messages a run left unsettled, which the next owner must treat as possibly sent: what its
 * workers held, plus what it inherited and none of its workers settled. (An owner killed after it
 * settled a message and before its next checkpoint leaves it listed: the next owner that drains
 * the source and never sees it counts it as moved.)
 */
export function unsettledIds(checkpoints: readonly WorkerCheckpoint[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  for (const c of checkpoints) for (const id of c.seen ?? []) seen.add(id);
  for (const c of checkpoints) for (const id of c.held) if (!c.inherited || !seen.has(id)) out.add(id);
  return out;
}

export async function dropCheckpoints(jobId: string): Promise<void> {
  const rows = await queryRecords("jobs", { partitionKey: `cp-${jobId}` });
  for (const r of rows) await deleteRecord("jobs", r.partitionKey, r.rowKey);
}
