"use client";
import { useQueries } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { apiUrls } from "@/lib/api/urls";
import type { QueueSummary } from "@/lib/validation/queues";
import { queryKeys } from "./query-keys";

export interface PaletteQueue {
  account: string;
  name: string;
}

/** Every queue name of one account, page after page: names only, no counts. */
async function allQueueNames(account: string, signal: AbortSignal): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ pageSize: "5000" });
    if (cursor) params.set("cursor", cursor);
    const page: { queues: QueueSummary[]; nextCursor: string | null } = await apiFetch(
      apiUrls.queues(account, params),
      { signal },
    );
    names.push(...page.queues.map((q) => q.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

/**
 * What the command palette can jump to: every queue of every account. The one place that says
 * where those names come from, so it can switch to the sampler's snapshot without the palette
 * changing. Fetched only while the palette is open, and kept for a minute.
 */
export function usePaletteQueues(
  accounts: string[],
  enabled: boolean,
): { queues: PaletteQueue[]; loading: boolean; failed: string[] } {
  const results = useQueries({
    queries: accounts.map((account) => ({
      queryKey: queryKeys.palette.queues(account),
      queryFn: ({ signal }: { signal: AbortSignal }) => allQueueNames(account, signal),
      enabled,
      staleTime: 60_000,
      retry: false,
    })),
  });
  return {
    queues: results.flatMap((r, i) => (r.data ?? []).map((name) => ({ account: accounts[i]!, name }))),
    loading: results.some((r) => r.isFetching),
    failed: accounts.filter((_, i) => results[i]!.isError),
  };
}
