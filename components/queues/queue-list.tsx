"use client";
import { useMemo, useState } from "react";
import { usePageCommands } from "@/components/shell/commands";
import { Button } from "@/components/ui/button";
import { SkeletonRows } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { formatNumber } from "@/lib/format";
import { useSnapshot } from "@/lib/hooks/use-metrics";
import { useQueueListing } from "@/lib/hooks/use-queues";
import { filterRows, mergeRows, sortRows, totalMessages } from "@/lib/queues/table";
import { useAccountAccess } from "@/components/session/session-context";
import { CreateQueueDialog } from "./create-queue-dialog";
import { QueueFlagFilters } from "./queue-flag-filters";
import { QueueFreshness } from "./queue-freshness";
import { QueueTable } from "./queue-table";
import { QueueToolbar } from "./queue-toolbar";
import { useFrameValue } from "./use-frame-value";
import { useQueueTableView } from "./use-queue-table-view";

export function QueueList({ account }: { account: string }) {
  const { view, setFilter, setPrefix, setPoisonOnly, setRefreshMs, setOnly, onSort } = useQueueTableView();
  const { prefix, refreshMs } = view;
  // Live counts (one call per queue) only on request; until then the last sampling round's.
  const [liveAt, setLiveAt] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const access = useAccountAccess(account);
  const snapshot = useSnapshot(account, "round");
  const live = liveAt !== null || refreshMs > 0;
  const listing = useQueueListing(account, prefix, refreshMs || false, live);
  const data = useFrameValue(listing.data);
  const snapRows = snapshot.data?.queues;

  const merged = useMemo(() => {
    const sampled = (snapRows ?? []).filter((s) => s.name.startsWith(prefix));
    return mergeRows(data?.queues ?? [], data?.counts ?? {}, sampled, !!data?.done);
  }, [data, snapRows, prefix]);
  const sorted = useMemo(() => sortRows(merged, view.sort, view.descending), [merged, view.sort, view.descending]);
  const rows = useMemo(() => filterRows(sorted, view), [sorted, view]);
  const { total, counted } = totalMessages(rows);
  const all = merged.length;
  const countedAll = data ? Object.keys(data.counts).length : 0;
  const counting = !!data && !data.done && listing.fetchStatus === "fetching";
  const waiting = all === 0 && (!data?.done || snapshot.isPending);

  const refresh = () => {
    if (liveAt === null) setLiveAt(Date.now());
    else void listing.refetch().then(() => setLiveAt(Date.now()));
  };
  usePageCommands([
    ...(access.admin ? [{ id: "new-queue", label: "New queue…", run: () => setCreating(true) }] : []),
    { id: "refresh-queues", label: "Refresh the queue list (live counts)", run: refresh },
    {
      id: "poison-only",
      label: view.poisonOnly ? "Show every queue" : "Show poison queues only",
      run: () => setPoisonOnly(!view.poisonOnly),
    },
  ]);

  return (
    <section aria-labelledby="queues-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="queues-heading" className="text-2xl font-semibold">
            Queues
          </h1>
          <p className="text-sm text-muted" aria-live="polite">
            {listing.error && !data?.done
              ? "The listing did not finish."
              : all > 0
                ? `${formatNumber(rows.length)} ${rows.length === 1 ? "queue" : "queues"}${rows.length !== all ? ` of ${formatNumber(all)}` : ""} · ~${formatNumber(total)} messages (approximate${
                    counted === rows.length
                      ? ""
                      : data?.done
                        ? `; ${formatNumber(rows.length - counted)} could not be counted`
                        : `, ${formatNumber(counted)} counted so far`
                  })`
                : "Listing queues…"}
          </p>
          <QueueFreshness
            snapshot={snapshot.data}
            liveAt={live ? (liveAt ?? listing.dataUpdatedAt) : null}
            error={snapshot.error?.message ?? null}
          />
        </div>
        {access.admin ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            + New queue
          </Button>
        ) : null}
      </div>
      <QueueToolbar
        filter={view.filter}
        onFilter={setFilter}
        prefix={prefix}
        onPrefix={setPrefix}
        poisonOnly={view.poisonOnly}
        onPoisonOnly={setPoisonOnly}
        refreshMs={refreshMs}
        onRefreshMs={setRefreshMs}
        onRefresh={refresh}
        refreshing={listing.isFetching}
      />
      <QueueFlagFilters only={view.only} onOnly={setOnly} />
      {/* Its line is kept while nothing is counted, so the table below never moves when counting ends. */}
      <div className="mb-2 flex h-4 items-center gap-2 text-xs text-muted">
        {counting && countedAll > 0 ? (
          <>
            <progress
              max={all}
              value={countedAll}
              aria-label="Counting messages"
              className="h-1.5 w-48 max-w-[40%] accent-accent"
            />
            <span className="truncate">
              Counting messages: {formatNumber(countedAll)} of {formatNumber(all)}
            </span>
          </>
        ) : null}
      </div>
      {listing.error ? (
        // Not the sampled rows: a table that looks whole while the account does not answer would mislead.
        <ErrorState
          title="Could not list queues"
          message={`${listing.error.message} The overview still shows the last sampled figures.`}
          onRetry={() => void listing.refetch()}
        />
      ) : waiting ? (
        <SkeletonRows rows={8} label="Loading queues…" />
      ) : all === 0 ? (
        <EmptyState title={prefix ? `No queues start with “${prefix}”` : "No queues in this account yet"}>
          {prefix
            ? "Clear the prefix to list every queue."
            : access.admin
              ? "Create one with “New queue”, or let a producer create it on its first send."
              : "A producer creates a queue on its first send, or an admin can create one here."}
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No queue matches these filters">Clear the filter or the “Only” boxes.</EmptyState>
      ) : (
        <QueueTable
          account={account}
          rows={rows}
          counting={counting}
          sort={view.sort}
          descending={view.descending}
          onSort={onSort}
        />
      )}
      <CreateQueueDialog account={account} open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}
