"use client";
import { useMemo } from "react";
import { useQueryStates } from "nuqs";
import { ROW_FLAGS, type RowFlagsFilter, type SortKey } from "@/lib/queues/table";
import { queueListParams, queueTableView } from "@/lib/url-state";

/** Numeric columns open biggest first; the name opens A→Z. */
const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set(["depth", "delta", "rate", "age", "eta", "flags"]);

/**
 * The queue table's view state (filter, prefix, poison only, flags, sort, auto-refresh), kept in
 * the URL so a reload, back/forward and a shared link show the same table. The view (and its
 * `only`) is the same object until the URL changes: the table re-filters 10,000 rows when it does.
 */
export function useQueueTableView() {
  const [url, setUrl] = useQueryStates(queueListParams);
  const { q, prefix, poison, sort, desc, refresh } = url;
  const onlyKey = url.only.join(",");
  const view = useMemo(
    () =>
      queueTableView({
        q,
        prefix,
        poison,
        sort,
        desc,
        refresh,
        only: ROW_FLAGS.filter((f) => onlyKey.split(",").includes(f)),
      }),
    [q, prefix, poison, sort, desc, refresh, onlyKey],
  );
  return {
    view,
    setFilter: (q: string) => void setUrl({ q }),
    setPrefix: (prefix: string) => void setUrl({ prefix }),
    setPoisonOnly: (poison: boolean) => void setUrl({ poison }),
    setRefreshMs: (refresh: number) => void setUrl({ refresh }),
    setOnly: (next: RowFlagsFilter) => void setUrl({ only: ROW_FLAGS.filter((f) => next[f]) }),
    onSort: (next: SortKey) =>
      void setUrl(next === sort ? { desc: !desc } : { sort: next, desc: DESCENDING_FIRST.has(next) }),
  };
}
