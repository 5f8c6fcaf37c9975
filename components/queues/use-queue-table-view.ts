"use client";
import { useQueryStates } from "nuqs";
import { ROW_FLAGS, type RowFlagsFilter, type SortKey } from "@/lib/queues/table";
import { queueListParams, queueTableView } from "@/lib/url-state";

/** Numeric columns open biggest first; the name opens A→Z. */
const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set(["depth", "delta", "rate", "age", "eta", "flags"]);

/**
 * The queue table's view state (filter, prefix, poison only, flags, sort, auto-refresh), kept in
 * the URL so a reload, back/forward and a shared link show the same table.
 */
export function useQueueTableView() {
  const [url, setUrl] = useQueryStates(queueListParams);
  const view = queueTableView(url);
  return {
    view,
    setFilter: (q: string) => void setUrl({ q }),
    setPrefix: (prefix: string) => void setUrl({ prefix }),
    setPoisonOnly: (poison: boolean) => void setUrl({ poison }),
    setRefreshMs: (refresh: number) => void setUrl({ refresh }),
    setOnly: (next: RowFlagsFilter) => void setUrl({ only: ROW_FLAGS.filter((f) => next[f]) }),
    onSort: (sort: SortKey) =>
      void setUrl(sort === url.sort ? { desc: !url.desc } : { sort, desc: DESCENDING_FIRST.has(sort) }),
  };
}
