"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import type { DecodeAs, ExportRequest, JobDto } from "@/lib/validation/jobs";
import type { Where } from "@/lib/validation/where";
import { rememberJob } from "./use-my-jobs";
import { queryKeys } from "./query-keys";

/** What a predicate scan does with the messages that match. */
export type ScanAction = { kind: "purge" } | { kind: "move"; to: string; ratePerSecond?: number } | { kind: "export"; decodeAs: DecodeAs };

export interface ScanRequest {
  action: ScanAction;
  where?: Where;
  dryRun: boolean;
}

function pathAndBody(account: string, queue: string, { action, where, dryRun }: ScanRequest): [string, Record<string, unknown>] {
  const base = `/api/accounts/${enc(account)}/queues/${enc(queue)}`;
  const common = { ...(where ? { where } : {}), ...(dryRun ? { dryRun: true } : {}) };
  if (action.kind === "purge") return [`${base}/messages/purge`, common];
  if (action.kind === "move") return [`${base}/move`, { to: action.to, ...(action.ratePerSecond ? { ratePerSecond: action.ratePerSecond } : {}), ...common }];
  return [`${base}/export`, { decodeAs: action.decodeAs, ...common }];
}

/** Starts a purge, move or export by predicate (or its dry run) as a job. */
export function useStartScan(account: string, queue: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: ScanRequest) => {
      const [path, json] = pathAndBody(account, queue, req);
      return apiFetch<{ job: JobDto }>(path, { method: "POST", json }).then((r) => r.job);
    },
    onSuccess: (job) => {
      rememberJob(job.id);
      return client.invalidateQueries({ queryKey: queryKeys.jobs.all() });
    },
  });
}

/** "Export all…": every message (or those `where` picks) to an NDJSON file, as a job. */
export function useStartExport(account: string, queue: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ExportRequest) => apiFetch<{ job: JobDto }>(`/api/accounts/${enc(account)}/queues/${enc(queue)}/export`, { method: "POST", json: body }).then((r) => r.job),
    onSuccess: (job) => {
      rememberJob(job.id);
      return client.invalidateQueries({ queryKey: queryKeys.jobs.all() });
    },
  });
}

/** One job, polled twice a second until it finishes (a dry run's count is awaited in a dialog). */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: queryKeys.jobs.detail(id ?? ""),
    queryFn: () => apiFetch<JobDto>(`/api/jobs/${enc(id ?? "")}`),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== "running" ? false : 500),
  });
}
