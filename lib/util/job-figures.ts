// Derived job figures for display: rate, elapsed, remaining and ETA. Pure, shared with tests.
import type { JobDto } from "@/lib/validation/jobs";
import { formatNumber } from "@/lib/format";

export interface JobFigures {
  done: number;
  remaining: number | null;
  percent: number | null;
  ratePerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number | null;
}

export function jobFigures(job: JobDto, now = Date.now()): JobFigures {
  const done = job.processed + job.failed + job.duplicated;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  const elapsedSeconds = Math.max(0, (end - Date.parse(job.createdAt)) / 1000);
  const ratePerSecond = elapsedSeconds > 0 ? job.processed / elapsedSeconds : 0;
  const remaining = job.total === null ? null : Math.max(0, job.total - done);
  const percent = job.total ? Math.min(100, (done / job.total) * 100) : job.state === "succeeded" ? 100 : null;
  const etaSeconds =
    remaining !== null && ratePerSecond > 0 && job.state === "running" ? remaining / ratePerSecond : null;
  return { done, remaining, percent, ratePerSecond, elapsedSeconds, etaSeconds };
}

/** What a job does, in a sentence a toast or a list row can show. */
export function jobTitle(
  job: Pick<JobDto, "kind" | "source" | "target"> & { options?: Pick<JobDto["options"], "dryRun"> },
): string {
  // A dry run and the job it counts for have the same queues: the title tells them apart.
  return job.options?.dryRun ? `Dry run: ${actionTitle(job)}` : actionTitle(job);
}

function actionTitle(job: Pick<JobDto, "kind" | "source" | "target">): string {
  switch (job.kind) {
    case "move":
      return `Move from ${job.source} to ${job.target}`;
    case "clear":
      return `Clear ${job.source}`;
    case "send":
      return `Send messages to ${job.source}`;
    case "export":
      return `Export ${job.source}`;
    case "purge":
      return `Purge matching messages from ${job.source}`;
  }
}

export const JOB_VERB: Record<JobDto["kind"], string> = {
  move: "moved",
  clear: "cleared",
  send: "sent",
  export: "exported",
  purge: "purged",
};

/** A predicate scan's figures after its count: what matched, what was done with it, what was released or not seen. */
export function scanTally(job: Pick<JobDto, "scan" | "options">): string {
  if (!job.scan) return "";
  const n = formatNumber;
  const acted = job.options.dryRun ? " (nothing changed)" : ` · ${n(job.scan.acted)} acted on`;
  return ` · ${n(job.scan.matched)} matched${acted} · ${n(job.scan.released)} released${job.scan.notSeen ? ` · ${n(job.scan.notSeen)} not seen` : ""}`;
}

/** How many messages a finished export wrote: a scan writes only its matches. */
export function exportedCount(job: Pick<JobDto, "scan" | "processed">): number {
  return job.scan ? job.scan.acted : job.processed;
}
