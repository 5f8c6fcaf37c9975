import "server-only";
import { updateRecord } from "@/lib/state/atomic";
import { queryRecords } from "@/lib/state/store";
import { JOB_KINDS, type JobKind, type JobState } from "@/lib/validation/jobs";

/*
 * Finished jobs by kind and end state, for queuescope_jobs_finished_total. Job records are pruned
 * (only the newest finished ones are kept), so counting them cannot make a counter; these rows
 * only ever rise. One row per (kind, state) in the "jobs" table's own "counters" partition (the
 * job records live in "job", checkpoints in "cp-<id>"), each changed by read-modify-write on its
 * ETag, retried when another instance's job ended at the same moment.
 */
const PARTITION = "counters";
const rowKey = (kind: string, state: string) => `finished_${kind}_${state}`;

export const FINISHED_JOB_STATES = [
  "succeeded",
  "partial",
  "nothing_to_do",
  "failed",
  "cancelled",
  "interrupted",
] as const satisfies readonly Exclude<JobState, "running">[];

interface CounterRow {
  [key: string]: string | number;
  kind: string;
  state: string;
  count: number;
  /** The last jobs counted (JSON ids): a write whose answer was lost and is tried again must not add its job twice. */
  recent: string;
}

const RECENT = 32;

/** Adds one to the (kind, state) counter for this job, once however often it is called. */
export async function countFinishedJob(kind: JobKind, state: JobState, jobId: string): Promise<void> {
  await updateRecord<CounterRow>("jobs", PARTITION, rowKey(kind, state), (current) => {
    const recent = JSON.parse(String(current?.recent ?? "[]")) as string[];
    if (recent.includes(jobId)) return undefined;
    return {
      kind,
      state,
      count: Number(current?.count ?? 0) + 1,
      recent: JSON.stringify([...recent.slice(-(RECENT - 1)), jobId]),
    };
  });
}

/**
 * Every (kind, state) with its count; the ones never counted are 0, so a dashboard's `increase()`
 * has a series from the start and sees the first job too.
 */
export async function finishedJobCounts(): Promise<{ kind: string; state: string; count: number }[]> {
  const counted = new Map<string, CounterRow>();
  for (const r of await queryRecords<CounterRow>("jobs", { partitionKey: PARTITION })) counted.set(r.rowKey, r);
  const out: { kind: string; state: string; count: number }[] = JOB_KINDS.flatMap((kind) =>
    FINISHED_JOB_STATES.map((state) => ({ kind, state, count: Number(counted.get(rowKey(kind, state))?.count ?? 0) })),
  );
  // A kind or state this version does not know (written by a newer instance) is still reported.
  for (const [key, r] of counted)
    if (!out.some((o) => rowKey(o.kind, o.state) === key))
      out.push({ kind: r.kind, state: r.state, count: Number(r.count) });
  return out;
}
