"use client";
import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { pageUrls } from "@/lib/api/urls";
import { useCancelJob, useJobs } from "@/lib/hooks/use-jobs";
import { forgetJob, useMyJobIds } from "@/lib/hooks/use-my-jobs";
import { formatNumber } from "@/lib/format";
import { notify } from "@/lib/notify";
import { JOB_VERB, jobFigures, jobTitle } from "@/lib/util/job-figures";
import { FINISHED_OK_STATES, type JobDto } from "@/lib/validation/jobs";

function tally(job: JobDto): string {
  const of = job.total !== null ? ` of ~${formatNumber(job.total)}` : "";
  const failed = job.failed ? ` · ${formatNumber(job.failed)} failed` : "";
  return `${formatNumber(job.processed)} ${JOB_VERB[job.kind]}${of}${failed}${job.state === "running" && job.cancelRequested ? " · cancelling" : ""}`;
}

function finishedText(job: JobDto): string {
  const why = job.error ?? job.note;
  return why ? `${tally(job)}. ${why}` : tally(job);
}

/**
 * The jobs this tab started, as one toast each that follows the job and says how it ended. On the
 * Jobs page they are not shown: the page itself says the same, and a toast would cover it.
 */
export function JobToasts() {
  const jobs = useJobs();
  const mine = useMyJobIds();
  const onJobsPage = usePathname() === pageUrls.jobs();
  const { mutate: cancel } = useCancelJob();

  useEffect(() => {
    for (const job of jobs.data ?? []) {
      if (!mine.includes(job.id)) continue;
      const title = jobTitle(job);
      const link = { id: job.id, href: pageUrls.jobs(), linkLabel: "See on the Jobs page", progress: { percent: jobFigures(job).percent, label: `Progress: ${title}` } };
      if (onJobsPage) {
        notify.dismiss(job.id);
        if (job.state !== "running") forgetJob(job.id);
      } else if (job.state === "running") {
        const canCancel = !job.cancelRequested;
        notify.progress(`${title}: running`, { ...link, description: tally(job), action: canCancel ? { label: "Cancel", onClick: () => cancel(job.id) } : undefined });
      } else {
        const state = job.state.replaceAll("_", " ");
        const show = FINISHED_OK_STATES.includes(job.state) ? notify.success : job.state === "failed" ? notify.error : notify.warning;
        const download = job.download ? { href: job.download, label: `Download NDJSON (${formatNumber(job.processed)} messages)` } : undefined;
        show(`${title}: ${state}`, { ...link, description: finishedText(job), download });
        forgetJob(job.id);
      }
    }
  }, [jobs.data, mine, onJobsPage, cancel]);

  return null;
}
