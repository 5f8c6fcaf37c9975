"use client";
import { useQueryStates } from "nuqs";
import { useMemo, useState } from "react";
import { usePageCommands } from "@/components/shell/commands";
import { Button } from "@/components/ui/button";
import { SkeletonRows } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useQueueListing } from "@/lib/hooks/use-queues";
import { formatNumber } from "@/lib/format";
import { buildRows, totalMessages, type SortKey } from "@/lib/queues/table";
import { queueListParams } from "@/lib/url-state";
import { useAccountAccess } from "@/components/session/session-context";
import { CreateQueueDialog } from "./create-queue-dialog";
import { QueueTable } from "./queue-table";
import { QueueToolbar } from "./queue-toolbar";


export function QueueList({ account }: { account: string }) {
  const [view, setView] = useQueryStates(queueListParams);
  const { q: filter, prefix, poison: poisonOnly, sort, desc: descending, refresh: refreshMs } = view;
  const [creating, setCreating] = useState(false);
  const access = useAccountAccess(account);
  const listing = useQueueListing(account, prefix, refreshMs || false);
  const data = listing.data;

  const rows = useMemo(
    () => buildRows(data?.queues ?? [], data?.counts ?? {}, { filter, poisonOnly, sort, descending }),
    [data, filter, poisonOnly, sort, descending],
  );
  const { total, counted } = totalMessages(rows);
  const all = data?.queues.length ?? 0;
  const countedAll = data ? Object.keys(data.counts).length : 0;
  const counting = !!data && !data.done && listing.fetchStatus === "fetching";

  const onSort = (key: SortKey) => void setView(key === sort ? { desc: !descending } : { sort: key, desc: key === "depth" });
  usePageCommands([
    ...(access.admin ? [{ id: "new-queue", label: "New queue…", run: () => setCreating(true) }] : []),
    { id: "refresh-queues", label: "Refresh the queue list", run: () => void listing.refetch() },
    { id: "poison-only", label: poisonOnly ? "Show every queue" : "Show poison queues only", run: () => void setView({ poison: !poisonOnly }) },
  ]);

  return (
    <section aria-labelledby="queues-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="queues-heading" className="text-2xl font-semibold">Queues</h1>
          <p className="text-sm text-muted" aria-live="polite">
            {listing.error && !data?.done
              ? "The listing did not finish."
              : data && (data.done || all > 0)
                ? `${formatNumber(rows.length)} ${rows.length === 1 ? "queue" : "queues"}${rows.length !== all ? ` of ${formatNumber(all)}` : ""} · ~${formatNumber(total)} messages (approximate${
                    counted === rows.length ? "" : data.done ? `; ${formatNumber(rows.length - counted)} could not be counted` : `, ${formatNumber(counted)} counted so far`
                  })`
                : "Listing queues…"}
          </p>
        </div>
        {access.admin ? <Button variant="primary" onClick={() => setCreating(true)}>+ New queue</Button> : null}
      </div>
      <QueueToolbar
        filter={filter} onFilter={(q) => void setView({ q })}
        prefix={prefix} onPrefix={(p) => void setView({ prefix: p })}
        poisonOnly={poisonOnly} onPoisonOnly={(poison) => void setView({ poison })}
        refreshMs={refreshMs} onRefreshMs={(refresh) => void setView({ refresh })}
        onRefresh={() => void listing.refetch()} refreshing={listing.isFetching}
      />
      {/* Its line is kept while nothing is counted, so the table below never moves when counting ends. */}
      <div className="mb-2 flex h-4 items-center gap-2 text-xs text-muted">
        {counting && all > 0 ? (
          <>
            <progress max={all} value={countedAll} aria-label="Counting messages" className="h-1.5 w-48 max-w-[40%] accent-accent" />
            <span className="truncate">Counting messages: {formatNumber(countedAll)} of {formatNumber(all)}</span>
          </>
        ) : null}
      </div>
      {listing.error ? (
        <ErrorState title="Could not list queues" message={listing.error.message} onRetry={() => void listing.refetch()} />
      ) : !data || (!data.done && all === 0) ? (
        <SkeletonRows rows={8} label="Loading queues…" />
      ) : all === 0 ? (
        <EmptyState title={prefix ? `No queues start with “${prefix}”` : "No queues in this account yet"}>
          {prefix ? "Clear the prefix to list every queue." : access.admin ? "Create one with “New queue”, or let a producer create it on its first send." : "A producer creates a queue on its first send, or an admin can create one here."}
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No queue matches these filters">Clear the filter or the “Poison queues only” box.</EmptyState>
      ) : (
        <QueueTable account={account} rows={rows} counting={counting} sort={sort} descending={descending} onSort={onSort} />
      )}
      <CreateQueueDialog account={account} open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}
