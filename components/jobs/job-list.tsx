"use client";
import { useQueryStates } from "nuqs";
import { SkeletonRows } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useJobs } from "@/lib/hooks/use-jobs";
import { jobsParams } from "@/lib/url-state";
import { FINISHED_OK_STATES } from "@/lib/validation/job-kinds";
import type { JobDto } from "@/lib/validation/jobs";
import { JobCard } from "./job-card";
import { JobFilters, type JobFilterValue } from "./job-filters";

function matches(job: JobDto, f: JobFilterValue): boolean {
  if (f.state === "running" && job.state !== "running") return false;
  if (f.state === "finished" && job.state === "running") return false;
  if (f.state === "failed" && (job.state === "running" || FINISHED_OK_STATES.includes(job.state))) return false;
  if (f.kind && job.kind !== f.kind) return false;
  const q = f.queue.trim().toLowerCase();
  return !q || job.source.includes(q) || (job.target ?? "").includes(q);
}

export function JobList() {
  const jobs = useJobs();
  const [filters, setFilters] = useQueryStates(jobsParams);
  const filtering = !!(filters.state || filters.kind || filters.queue);
  const shown = jobs.data?.filter((j) => matches(j, filters)) ?? [];
  const running = shown.filter((j) => j.state === "running");
  const finished = shown.filter((j) => j.state !== "running");
  return (
    <section aria-labelledby="jobs-heading" className="space-y-6">
      <div>
        <h1 id="jobs-heading" className="text-2xl font-semibold">
          Jobs
        </h1>
        <p className="text-sm text-muted">
          Moves run on the server: closing the page does not stop them, and a finished job keeps its summary.
        </p>
      </div>
      <JobFilters value={filters} onChange={(v) => void setFilters(v)} />
      {jobs.error ? (
        <ErrorState title="Could not load jobs" message={jobs.error.message} onRetry={() => void jobs.refetch()} />
      ) : !jobs.data ? (
        <SkeletonRows rows={4} height="h-20" label="Loading jobs…" />
      ) : jobs.data.length === 0 ? (
        <EmptyState title="No jobs yet">
          Open a poison queue and choose “Redrive”, or “Move messages…” on any queue.
        </EmptyState>
      ) : shown.length === 0 && filtering ? (
        <EmptyState title="No job matches these filters">
          Set State and Kind to “Any” and clear the queue box.
        </EmptyState>
      ) : (
        <>
          <div className="space-y-2">
            <h2 className="font-semibold">Running ({running.length})</h2>
            {running.length ? (
              running.map((j) => <JobCard key={j.id} job={j} />)
            ) : (
              <p className="text-sm text-muted">Nothing is running.</p>
            )}
          </div>
          <div className="space-y-2">
            <h2 className="font-semibold">Finished ({finished.length})</h2>
            {finished.map((j) => (
              <JobCard key={j.id} job={j} compact />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
