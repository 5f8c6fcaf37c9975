"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { apiUrls } from "@/lib/api/urls";
import type { DecodeAs, JobDto } from "@/lib/validation/jobs";
import type { Where } from "@/lib/validation/where";
import { useStartJob } from "./use-jobs";
import { queryKeys } from "./query-keys";

/** What a predicate scan does with the messages that match. */
export type ScanAction =
  { kind: "purge" } | { kind: "move"; to: string; ratePerSecond?: number } | { kind: "export"; decodeAs: DecodeAs };

export interface ScanRequest {
  action: ScanAction;
  where?: Where;
  dryRun: boolean;
}

function pathAndBody(
  account: string,
  queue: string,
  { action, where, dryRun }: ScanRequest,
): { path: string; json: Record<string, unknown> } {
  const common = { ...(where ? { where } : {}), ...(dryRun ? { dryRun: true } : {}) };
  if (action.kind === "purge") return { path: `${apiUrls.messages(account, queue)}/purge`, json: common };
  if (action.kind === "move")
    return {
      path: `${apiUrls.queue(account, queue)}/move`,
      json: { to: action.to, ...(action.ratePerSecond ? { ratePerSecond: action.ratePerSecond } : {}), ...common },
    };
  return { path: `${apiUrls.queue(account, queue)}/export`, json: { decodeAs: action.decodeAs, ...common } };
}

/** Starts a purge, move or export by predicate (or its dry run) as a job. */
export function useStartScan(account: string, queue: string) {
  return useStartJob((req: ScanRequest) => pathAndBody(account, queue, req));
}

/** One job, polled twice a second until it finishes (a dry run's count is awaited in a dialog). */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: queryKeys.jobs.detail(id ?? ""),
    queryFn: () => apiFetch<JobDto>(apiUrls.job(id ?? "")),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== "running" ? false : 500),
  });
}
