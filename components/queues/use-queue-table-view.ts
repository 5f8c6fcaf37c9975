"use client";
import { useState } from "react";
import type { RowFlagsFilter, SortKey, TableView } from "@/lib/queues/table";

/** Numeric columns open biggest first; the name opens A→Z. */
const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set(["depth", "delta", "rate", "age", "eta", "flags"]);

/** The queue table's view state in one place (filter, prefix, flags, sort), so it can move to the URL whole. */
export function useQueueTableView() {
  const [view, setView] = useState<TableView & { prefix: string; only: RowFlagsFilter }>({ filter: "", prefix: "", poisonOnly: false, sort: "name", descending: false, only: {} });
  return {
    view,
    setFilter: (filter: string) => setView((v) => ({ ...v, filter })),
    setPrefix: (prefix: string) => setView((v) => ({ ...v, prefix })),
    setPoisonOnly: (poisonOnly: boolean) => setView((v) => ({ ...v, poisonOnly })),
    setOnly: (only: RowFlagsFilter) => setView((v) => ({ ...v, only })),
    onSort: (sort: SortKey) => setView((v) => (sort === v.sort ? { ...v, descending: !v.descending } : { ...v, sort, descending: DESCENDING_FIRST.has(sort) })),
  };
}
