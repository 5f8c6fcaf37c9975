"use client";
import Link from "next/link";
import { useJobs } from "@/lib/hooks/use-jobs";
import { forgetJob, useMyJobIds } from "@/lib/hooks/use-my-jobs";
import { JobCard } from "./job-card";

const RECENT_MS = 15_000;

/** The jobs this tab started, while they run and briefly after: dismissible, never in the way for long. */
export function JobToasts() {
  const jobs = useJobs();
  const mine = useMyJobIds();
  const now = jobs.dataUpdatedAt;
  const shown = (jobs.data ?? [])
    .filter((j) => mine.includes(j.id) && (j.state === "running" || (j.finishedAt && now - Date.parse(j.finishedAt) < RECENT_MS)))
    .slice(0, 3);
  if (!shown.length) return null;
  return (
    <aside aria-label="Background jobs" aria-live="polite" className="fixed bottom-4 right-4 z-40 w-[min(26rem,calc(100vw-2rem))] space-y-2">
      {shown.map((j) => (
        <div key={j.id} className="relative shadow-xl">
          <JobCard job={j} compact />
          <button type="button" aria-label="Hide this job" onClick={() => forgetJob(j.id)} className="absolute -right-2 -top-2 size-6 rounded-full border border-border bg-surface text-xs text-muted hover:text-fg">
            ✕
          </button>
        </div>
      ))}
      <Link href="/jobs" className="block text-right text-xs text-accent hover:underline">All jobs →</Link>
    </aside>
  );
}
