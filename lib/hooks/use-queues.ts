"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import type { QueueListPage, QueueSummary } from "@/lib/validation/queues";
import { queryKeys } from "./query-keys";

/** Every queue of an account with counts, following continuation cursors. */
export function useQueueList(account: string, prefix = "") {
  return useQuery({
    queryKey: queryKeys.queues.list(account, { prefix, counts: true }),
    queryFn: async ({ signal }) => {
      const queues: QueueSummary[] = [];
      let cursor: string | null = null;
      do {
        const params = new URLSearchParams({ counts: "1" });
        if (prefix) params.set("prefix", prefix);
        if (cursor) params.set("cursor", cursor);
        const page: QueueListPage = await apiFetch(`/api/accounts/${enc(account)}/queues?${params}`, { signal });
        queues.push(...page.queues);
        cursor = page.nextCursor;
      } while (cursor);
      return queues;
    },
    retry: false,
  });
}
