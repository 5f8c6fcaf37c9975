"use client";
import {
  experimental_streamedQuery as streamedQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { apiFetch, apiStream, type ApiError } from "@/lib/api/client";
import { apiUrls, pageUrls } from "@/lib/api/urls";
import { notify } from "@/lib/notify";
import type { Metadata, QueueDetail, QueueListingEvent, QueueListPage, QueueSummary } from "@/lib/validation/queues";
import { queryKeys } from "./query-keys";

export interface QueueListing {
  queues: QueueSummary[];
  counts: Record<string, number>;
  done: boolean;
}

const EMPTY: QueueListing = { queues: [], counts: {}, done: false };

function reduce(acc: QueueListing, event: QueueListingEvent): QueueListing {
  switch (event.type) {
    case "queues":
      return { ...acc, queues: acc.queues.concat(event.queues) };
    case "counts":
      return { ...acc, counts: { ...acc.counts, ...event.counts } };
    case "done":
      return { ...acc, done: true };
    default:
      return acc;
  }
}

/**
 * Every queue of an account: names as each page is listed, counts as the server gets them. Not
 * `live`, it counts only the queues the latest sampling round did not see (the snapshot has the
 * others), so opening the table costs list pages, not a call per queue.
 */
export function useQueueListing(account: string, prefix: string, refetchInterval: number | false, live = true) {
  return useQuery<QueueListing, ApiError, QueueListing, readonly unknown[]>({
    queryKey: queryKeys.queues.listing(account, prefix, live ? "live" : "unsampled"),
    // Switching to live counts keeps the rows on screen; a new prefix does not show the old one's.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[4] === prefix ? previous : undefined),
    queryFn: streamedQuery({
      streamFn: ({ signal }) => {
        const params = new URLSearchParams({ stream: "1", counts: "1" });
        if (!live) params.set("unsampled", "1");
        if (prefix) params.set("prefix", prefix);
        return apiStream<QueueListingEvent>(apiUrls.queues(account, params), signal);
      },
      reducer: reduce,
      initialValue: EMPTY,
      refetchMode: "replace",
    }),
    refetchInterval,
    retry: false,
  });
}

/** Every queue name of an account, without counts (list pages only), fetched only while `enabled`. */
export function useQueueNames(account: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.queues.names(account),
    queryFn: async ({ signal }) => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const params = new URLSearchParams({ pageSize: "5000", ...(cursor ? { cursor } : {}) });
        const page: QueueListPage = await apiFetch<QueueListPage>(apiUrls.queues(account, params), { signal });
        names.push(...page.queues.map((q) => q.name));
        cursor = page.nextCursor;
      } while (cursor);
      return names;
    },
    enabled,
    retry: false,
  });
}

/**
 * How many queues the account has, if this tab already listed them all (the queue table or a queue
 * picker): a figure for estimates, never a request of its own.
 */
export function useKnownQueueCount(account: string): number | null {
  const client = useQueryClient();
  const names = client.getQueryData<string[]>(queryKeys.queues.names(account));
  if (names) return names.length;
  for (const [key, data] of client.getQueriesData<QueueListing>({ queryKey: queryKeys.queues.listings(account) }))
    if (key[4] === "" && data?.done) return data.queues.length;
  return null;
}

export function useQueue(account: string, queue: string) {
  return useQuery({
    queryKey: queryKeys.queues.detail(account, queue),
    queryFn: () => apiFetch<QueueDetail>(apiUrls.queue(account, queue)),
    retry: false,
  });
}

export function useCreateQueue(account: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; metadata: Metadata }) =>
      apiFetch<QueueDetail>(apiUrls.queues(account), { method: "POST", json: body }),
    onSuccess: (_d, body) => {
      notify.success(`Created queue ${body.name}`, { href: pageUrls.queue(account, body.name), linkLabel: "Open it" });
      return client.invalidateQueries({ queryKey: queryKeys.queues.all(account) });
    },
  });
}

export function useDeleteQueue(account: string, queue: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(apiUrls.queue(account, queue), { method: "DELETE" }),
    onSuccess: () => {
      notify.success(`Deleted queue ${queue}`, { href: pageUrls.queues(account), linkLabel: "All queues" });
      client.removeQueries({ queryKey: queryKeys.queues.detail(account, queue) });
      return client.invalidateQueries({ queryKey: queryKeys.queues.all(account) });
    },
  });
}

export function useUpdateMetadata(account: string, queue: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (metadata: Metadata) =>
      apiFetch<QueueDetail>(`${apiUrls.queue(account, queue)}/metadata`, { method: "PUT", json: { metadata } }),
    onSuccess: (detail) => {
      notify.success(`Saved the metadata of ${queue}`, {
        description: `${Object.keys(detail.metadata).length} entries.`,
      });
      client.setQueryData(queryKeys.queues.detail(account, queue), detail);
      return client.invalidateQueries({ queryKey: queryKeys.queues.listings(account) });
    },
  });
}

export type BulkQueueAction = "clear" | "delete";

export interface BulkQueueResult {
  action: BulkQueueAction;
  succeeded: string[];
  failed: { queue: string; status: number; code: string; message: string }[];
}

/** A few at a time: enough to be quick, few enough not to crowd the account's other callers. */
const BULK_CONCURRENCY = 4;

/**
 * Clears (each as its own background job) or deletes several queues, and says honestly how many
 * worked: one refusal (a queue locked by a running job, a missing role) does not stop the others.
 */
export function useBulkQueueAction(account: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, queues }: { action: BulkQueueAction; queues: string[] }) => {
      const result: BulkQueueResult = { action, succeeded: [], failed: [] };
      const pending = [...queues];
      const worker = async () => {
        for (let queue = pending.shift(); queue !== undefined; queue = pending.shift()) {
          try {
            if (action === "clear") {
              // Not remembered as this tab's: one summary toast, not one progress toast per queue.
              await apiFetch<unknown>(`${apiUrls.messages(account, queue)}?job=1`, { method: "DELETE" });
            } else await apiFetch<void>(apiUrls.queue(account, queue), { method: "DELETE" });
            result.succeeded.push(queue);
          } catch (err) {
            const e = err as ApiError;
            result.failed.push({ queue, status: e.status ?? 0, code: e.code ?? "internal", message: e.message });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, queues.length) }, worker));
      return result;
    },
    onSuccess: (result) => {
      const verb = result.action === "clear" ? "Started clearing" : "Deleted";
      const n = result.succeeded.length + result.failed.length;
      const title = `${verb} ${result.succeeded.length} of ${n} ${n === 1 ? "queue" : "queues"}`;
      const why = result.failed.map((f) => `${f.queue}: ${f.message} (${f.status} ${f.code})`).join("; ");
      if (result.failed.length === 0)
        notify.success(title, result.action === "clear" ? { href: pageUrls.jobs(), linkLabel: "See the jobs" } : {});
      else notify.error(`${title}; ${result.failed.length} failed`, { description: why });
      if (result.action === "delete")
        for (const q of result.succeeded) client.removeQueries({ queryKey: queryKeys.queues.detail(account, q) });
      void client.invalidateQueries({ queryKey: queryKeys.jobs.all() });
      return client.invalidateQueries({ queryKey: queryKeys.queues.all(account) });
    },
  });
}
