"use client";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useJobs } from "@/lib/hooks/use-jobs";
import { JobCard } from "./job-card";

export function JobList() {
  const jobs = useJobs();
  const running = jobs.data?.filter((j) => j.state === "running") ?? [];
  const finished = jobs.data?.filter((j) => j.state !== "running") ?? [];
  return (
    <section aria-labelledby="jobs-heading" className="space-y-6">
      <div>
        <h1 id="jobs-heading" className="text-2xl font-semibold">Jobs</h1>
        <p className="text-sm text-muted">Moves run on the server: closing the page does not stop them, and a finished job keeps its summary.</p>
      </div>
      {jobs.error ? (
        <ErrorState title="Could not load jobs" message={jobs.error.message} onRetry={() => void jobs.refetch()} />
      ) : !jobs.data ? (
        <p role="status" aria-busy="true" className="text-muted">Loading jobs…</p>
      ) : jobs.data.length === 0 ? (
        <EmptyState title="No jobs yet">Open a poison queue and choose “Redrive”, or “Move messages…” on any queue.</EmptyState>
      ) : (
        <>
          <div className="space-y-2">
            <h2 className="font-semibold">Running ({running.length})</h2>
            {running.length ? running.map((j) => <JobCard key={j.id} job={j} />) : <p className="text-sm text-muted">Nothing is running.</p>}
          </div>
          <div className="space-y-2">
            <h2 className="font-semibold">Finished ({finished.length})</h2>
            {finished.map((j) => <JobCard key={j.id} job={j} />)}
          </div>
        </>
      )}
    </section>
  );
}
