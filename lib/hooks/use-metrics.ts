"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import type {
  AccountHistoryDto,
  HistoryRange,
  OverviewDto,
  QueueHistoryDto,
  SamplingCostDto,
  SnapshotDto,
} from "@/lib/validation/metrics";
import { queryKeys } from "./query-keys";

const account = (a: string) => `/api/accounts/${enc(a)}`;

/**
 * The latest sampled round: the queue table's first paint, without asking the queue service.
 * `"round"` refetches once per sampling interval (a new round cannot come sooner). `initial` is
 * the round the server rendered the page with, and when: no request for it after hydration, unless
 * it is `partial`.
 */
export function useSnapshot(
  a: string,
  refetchInterval: number | false | "round" = false,
  initial?: { data: SnapshotDto | null; at: number; partial?: boolean },
) {
  // A partial round (the first screen only) is shown until the whole one is fetched, at once; it
  // never enters the cache, where another view would take it for the whole round.
  const whole = initial?.data && !initial.partial ? initial.data : undefined;
  return useQuery({
    queryKey: queryKeys.metrics.snapshot(a),
    queryFn: () => apiFetch<SnapshotDto>(`${account(a)}/snapshot`),
    initialData: whole,
    initialDataUpdatedAt: whole ? initial!.at : undefined,
    placeholderData: initial?.partial ? (initial.data ?? undefined) : undefined,
    refetchInterval:
      refetchInterval === "round" ? (q) => (q.state.data?.intervalSeconds ?? 60) * 1000 : refetchInterval,
    retry: false,
  });
}

/** One queue's history and its latest sampled figures, asked again once per sampling round. */
export function useQueueHistory(a: string, queue: string, range: HistoryRange) {
  return useQuery({
    queryKey: queryKeys.metrics.queueHistory(a, queue, range),
    queryFn: () => apiFetch<QueueHistoryDto>(`${account(a)}/queues/${enc(queue)}/history?range=${range}`),
    // Another range of the same queue keeps the latest figures on screen while its points load.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[0] === "accounts" &&
      previousQuery.queryKey[1] === a &&
      previousQuery.queryKey[4] === queue
        ? previous
        : undefined,
    refetchInterval: (q) => (q.state.data?.latest?.intervalSeconds ?? 60) * 1000,
    retry: false,
  });
}

export function useAccountHistory(a: string, range: HistoryRange) {
  return useQuery({
    queryKey: queryKeys.metrics.accountHistory(a, range),
    queryFn: () => apiFetch<AccountHistoryDto>(`${account(a)}/history?range=${range}`),
    retry: false,
  });
}

export function useOverview(refetchInterval: number | false = false) {
  return useQuery({
    queryKey: queryKeys.metrics.overview(),
    queryFn: () => apiFetch<OverviewDto>("/api/overview"),
    refetchInterval,
    retry: false,
  });
}

export function useSamplingCost(a: string) {
  return useQuery({
    queryKey: queryKeys.metrics.sampling(a),
    queryFn: () => apiFetch<SamplingCostDto>(`${account(a)}/sampling`),
    retry: false,
  });
}
