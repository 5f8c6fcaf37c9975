"use client";
import Link from "next/link";
import { pageUrls } from "@/lib/api/urls";
import { useCancelJob, useJobs } from "@/lib/hooks/use-jobs";
import { formatNumber } from "@/lib/format";
import { JOB_VERB, jobFigures, jobTitle, scanTally } from "@/lib/util/job-figures";
import type { JobDto } from "@/lib/validation/jobs";

export function jobTally(job: JobDto): string {
  const of = job.total !== null ? ` of ~${formatNumber(job.total)}` : "";
  const failed = job.failed ? ` · ${formatNumber(job.failed)} failed` : "";
  const verb = job.scan ? "scanned" : JOB_VERB[job.kind];
  return `${formatNumber(job.processed)} ${verb}${of}${failed}${scanTally(job)}${job.state === "running" && job.cancelRequested ? " · cancelling" : ""}`;
}

/**
 * A running job's toast reads the job list itself: the toast is made once and its content follows
 * the job, so its buttons stay the same elements while the figures move (a re-issued toast would
 * replace them under the pointer).
 */
export function JobToastBody({ id }: { id: string }) {
  const job = useJobs().data?.find((j) => j.id === id);
  const cancel = useCancelJob();
  if (!job) return null;
  return (
    <span className="block">
      <progress
        max={100}
        value={jobFigures(job).percent ?? undefined}
        aria-label={`Progress: ${jobTitle(job)}`}
        className="mb-1 block h-1.5 w-full"
      />
      {jobTally(job)}{" "}
      <Link href={pageUrls.jobs()} className="font-medium text-accent underline">
        See on the Jobs page
      </Link>
      {job.state === "running" && !job.cancelRequested ? (
        <button
          type="button"
          onClick={() => cancel.mutate(job.id)}
          disabled={cancel.isPending}
          className="mt-1 block rounded border border-current px-2 py-0.5 text-xs font-medium"
        >
          Cancel
        </button>
      ) : null}
    </span>
  );
}
