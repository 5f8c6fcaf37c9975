"use client";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { pageUrls } from "@/lib/api/urls";
import { useJobs } from "@/lib/hooks/use-jobs";
import { forgetJob, useMyJobIds } from "@/lib/hooks/use-my-jobs";
import { formatNumber } from "@/lib/format";
import { notify } from "@/lib/notify";
import { jobFigures, jobTitle, exportedCount } from "@/lib/util/job-figures";
import { FINISHED_OK_STATES } from "@/lib/validation/job-kinds";
import type { JobDto } from "@/lib/validation/jobs";
import { JobToastBody, jobTally } from "./job-toast-body";

function finishedText(job: JobDto): string {
  const why = job.error ?? job.note;
  return why ? `${jobTally(job)}. ${why}` : jobTally(job);
}

/**
 * The jobs this tab started, as one toast each that follows the job and says how it ended. On the
 * Jobs page they are not shown: the page itself says the same, and a toast would cover it.
 */
export function JobToasts() {
  const jobs = useJobs();
  const mine = useMyJobIds();
  const onJobsPage = usePathname() === pageUrls.jobs();
  const shown = useRef(new Set<string>());

  useEffect(() => {
    for (const job of jobs.data ?? []) {
      if (!mine.includes(job.id)) continue;
      const title = jobTitle(job);
      if (onJobsPage) {
        notify.dismiss(job.id);
        shown.current.delete(job.id);
        if (job.state !== "running") forgetJob(job.id);
      } else if (job.state === "running") {
        if (shown.current.has(job.id)) continue;
        shown.current.add(job.id);
        notify.progress(`${title}: running`, { id: job.id, content: <JobToastBody id={job.id} /> });
      } else {
        const state = job.state.replaceAll("_", " ");
        const show = FINISHED_OK_STATES.includes(job.state)
          ? notify.success
          : job.state === "failed"
            ? notify.error
            : notify.warning;
        const download = job.download
          ? { href: job.download, label: `Download NDJSON (${formatNumber(exportedCount(job))} messages)` }
          : undefined;
        const progress = { percent: jobFigures(job).percent, label: `Progress: ${title}` };
        show(`${title}: ${state}`, {
          id: job.id,
          href: pageUrls.jobs(),
          linkLabel: "See on the Jobs page",
          description: finishedText(job),
          download,
          progress,
        });
        shown.current.delete(job.id);
        forgetJob(job.id);
      }
    }
  }, [jobs.data, mine, onJobsPage]);

  return null;
}
