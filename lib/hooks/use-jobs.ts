"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import type { JobDto, MoveRequest } from "@/lib/validation/jobs";
import { rememberJob } from "./use-my-jobs";
import { queryKeys } from "./query-keys";

/** Every job; polls every second while one is running, so progress moves on its own. */
export function useJobs() {
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.jobs.all(),
    queryFn: async () => {
      const { jobs } = await apiFetch<{ jobs: JobDto[] }>("/api/jobs");
      // A job that just finished changed queue counts: refresh what shows them.
      const before = client.getQueryData<JobDto[]>(queryKeys.jobs.all()) ?? [];
      for (const job of jobs) {
        const seen = before.find((b) => b.id === job.id);
        const justFinished = seen ? seen.state === "running" : Date.now() - Date.parse(job.finishedAt ?? "") < 30_000;
        if (job.state !== "running" && justFinished) {
          void client.invalidateQueries({ queryKey: ["accounts", job.account, "queues"] });
        }
      }
      return jobs;
    },
    refetchInterval: (q) => (q.state.data?.some((j) => j.state === "running") ? 1000 : 10_000),
  });
}

export function useStartMove(account: string, source: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MoveRequest) =>
      apiFetch<{ job: JobDto }>(`/api/accounts/${enc(account)}/queues/${enc(source)}/move`, { method: "POST", json: body }).then((r) => r.job),
    onSuccess: (job) => {
      rememberJob(job.id);
      return client.invalidateQueries({ queryKey: queryKeys.jobs.all() });
    },
  });
}

export function useCancelJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<JobDto>(`/api/jobs/${enc(id)}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.jobs.all() }),
  });
}
