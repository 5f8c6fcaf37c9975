"use client";
import Link from "next/link";
import { useJobs } from "@/lib/hooks/use-jobs";
import { JobCard } from "./job-card";

const RECENT_MS = 15_000;

/** Running jobs (and ones that just finished) float in a corner on every page. */
export function JobToasts() {
  const jobs = useJobs();
  const now = jobs.dataUpdatedAt;
  const shown = (jobs.data ?? []).filter((j) => j.state === "running" || (j.finishedAt && now - Date.parse(j.finishedAt) < RECENT_MS)).slice(0, 3);
  if (!shown.length) return null;
  return (
    <aside aria-label="Background jobs" aria-live="polite" className="fixed bottom-4 right-4 z-40 w-[min(26rem,calc(100vw-2rem))] space-y-2 [&>article]:shadow-xl">
      {shown.map((j) => <JobCard key={j.id} job={j} compact />)}
      <Link href="/jobs" className="block text-right text-xs text-accent hover:underline">All jobs →</Link>
    </aside>
  );
}
