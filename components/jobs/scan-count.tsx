"use client";
import type { JobDto } from "@/lib/validation/jobs";
import { formatNumber } from "@/lib/format";

const n = formatNumber;

/** Why a scan can miss messages: said wherever a "not seen" figure is shown. */
export const NOT_SEEN_MEANING =
  "Not seen: messages the queue held that the scan never received — hidden by another reader, still invisible from an earlier receive, or sent after the scan passed. They were not counted and will not be acted on.";

/** A dry run's progress, then its count, read from the job record. */
export function ScanCount({ job, queue }: { job: JobDto | undefined; queue: string }) {
  if (!job || job.state === "running") {
    const scanned = job?.scan?.scanned ?? 0;
    return (
      <div role="status" aria-live="polite" className="space-y-1">
        <p>
          Dry run: looked at {n(scanned)}
          {job?.total ? ` of ~${n(job.total)}` : ""} messages{job?.scan ? `, ${n(job.scan.matched)} match so far` : ""}…
        </p>
        <progress
          aria-label="Dry run progress"
          max={job?.total ?? undefined}
          value={job?.total ? scanned : undefined}
          className="h-2 w-full"
        />
      </div>
    );
  }
  const scan = job.scan;
  if (!scan || job.state === "failed" || job.state === "interrupted" || job.state === "cancelled") {
    return (
      <p role="alert" className="text-danger">
        The dry run {job.state === "cancelled" ? "was cancelled" : "did not finish"}
        {job.error ? `: ${job.error}` : "."} {job.note ?? ""}
      </p>
    );
  }
  const notSeen = scan.notSeen ?? 0;
  return (
    <div role="status" aria-live="polite" className="space-y-1">
      <p className="font-medium">
        {n(scan.matched)} of {n(scan.scanned)} messages in {queue} match
        {notSeen ? `; ${n(notSeen)} ${notSeen === 1 ? "was" : "were"} not seen` : ""}.
      </p>
      {notSeen ? <p className="text-xs text-warn">{NOT_SEEN_MEANING}</p> : null}
      {job.note ? <p className="text-xs text-muted">{job.note}</p> : null}
    </div>
  );
}
