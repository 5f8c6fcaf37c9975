"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { apiUrls, pageUrls } from "@/lib/api/urls";
import { notify } from "@/lib/notify";
import { jobTitle } from "@/lib/util/job-figures";
import type { JobDto, MoveRequest, ExportRequest } from "@/lib/validation/jobs";
import { rememberJob } from "./use-my-jobs";
import { queryKeys } from "./query-keys";

/** Every job; polls every second while one is running, so progress moves on its own. */
export function useJobs() {
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.jobs.all(),
    queryFn: async () => {
      const { jobs } = await apiFetch<{ jobs: JobDto[] }>(apiUrls.jobs());
      // A job that just finished changed queue counts: refresh what shows them.
      const before = client.getQueryData<JobDto[]>(queryKeys.jobs.all()) ?? [];
      for (const job of jobs) {
        const seen = before.find((b) => b.id === job.id);
        const justFinished = seen ? seen.state === "running" : Date.now() - Date.parse(job.finishedAt ?? "") < 30_000;
        if (job.state !== "running" && justFinished) {
          void client.invalidateQueries({ queryKey: queryKeys.queues.all(job.account) });
        }
      }
      return jobs;
    },
    refetchInterval: (q) => (q.state.data?.some((j) => j.state === "running") ? 1000 : 10_000),
  });
}

export interface JobStart {
  path: string;
  method?: "POST" | "DELETE";
  json?: unknown;
}

/**
 * The one way long work starts: ask the server for the job, remember it as this tab's (its toast
 * follows it), and refresh the job list so the Jobs page shows it at once.
 */
export function useStartJob<V = void>(toRequest: (vars: V) => JobStart) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: V) => {
      const r = toRequest(vars);
      return apiFetch<{ job: JobDto }>(r.path, { method: r.method ?? "POST", json: r.json }).then((res) => res.job);
    },
    onSuccess: (job) => {
      rememberJob(job.id);
      notify.progress(`${jobTitle(job)}: started`, {
        id: job.id,
        href: pageUrls.jobs(),
        linkLabel: "See on the Jobs page",
      });
      // JobToasts takes the toast over once the list has the job, and follows it from there.
      return client.invalidateQueries({ queryKey: queryKeys.jobs.all() });
    },
  });
}

export function useStartMove(account: string, source: string) {
  return useStartJob((body: MoveRequest) => ({ path: `${apiUrls.queue(account, source)}/move`, json: body }));
}

export function useStartClear(account: string, queue: string) {
  return useStartJob(() => ({ path: `${apiUrls.messages(account, queue)}?job=1`, method: "DELETE" }));
}

/** "Export all…": every message (or those `where` picks) to an NDJSON file, as a job. */
export function useStartExport(account: string, queue: string) {
  return useStartJob((body: ExportRequest) => ({ path: `${apiUrls.queue(account, queue)}/export`, json: body }));
}

export function useStartImport(account: string, queue: string) {
  return useStartJob((body: { messages: string[]; encoding: "text" | "base64" }) => ({
    path: `${apiUrls.messages(account, queue)}/bulk`,
    json: body,
  }));
}

export function useCancelJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<JobDto>(apiUrls.job(id), { method: "DELETE" }),
    // No toast of its own: the job's toast (or its card) says "cancelling" until it has stopped.
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.jobs.all() }),
  });
}
