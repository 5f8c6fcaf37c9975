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
