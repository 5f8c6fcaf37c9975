"use client";
import dynamic from "next/dynamic";
import { useMemo, useState } from "react";
import { usePageCommands } from "@/components/shell/commands";
import { useAccountAccess } from "@/components/session/session-context";
import { useSnapshot } from "@/lib/hooks/use-metrics";
import { useQueueListing, type BulkQueueAction } from "@/lib/hooks/use-queues";
import { filterRows, mergeRows, sortRows, totalMessages } from "@/lib/queues/table";
import { maxDepth, unpackFirstScreen, viewKey } from "@/lib/queues/first-screen";
import { BulkQueueDialog } from "./bulk-queue-dialog";
import { QueueBulkBar } from "./queue-bulk-bar";
import { QueueFlagFilters } from "./queue-flag-filters";
import { CountingLine, QueueListBody } from "./queue-list-body";
import { QueueListHeading } from "./queue-list-heading";
import { QueueToolbar } from "./queue-toolbar";
import { useFrameValue } from "./use-frame-value";
import { useQueueSelection } from "./use-queue-selection";
import { useQueueTableView } from "./use-queue-table-view";

// The create dialog validates with zod, which no other part of this page needs: it loads when the
// dialog first opens, not with the table's first rows.
const CreateQueueDialog = dynamic(() => import("./create-queue-dialog").then((m) => m.CreateQueueDialog), {
  ssr: false,
});

interface Props {
  account: string;
  /**
   * The first screen of the latest round as the server rendered the page with (a `FirstScreen`
   * as JSON; null: none yet, or not in time), and when it read it.
   */
  initialSnapshot?: { json: string | null; at: number };
}

export function QueueList({ account, initialSnapshot }: Props) {
  const { view, setFilter, setPrefix, setPoisonOnly, setRefreshMs, setOnly, onSort } = useQueueTableView();
  const { prefix, refreshMs } = view;
  // Live counts (one call per queue) only on request; until then the last sampling round's.
  const [liveAt, setLiveAt] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [bulk, setBulk] = useState<BulkQueueAction | null>(null);
  const access = useAccountAccess(account);
  const [initial] = useState(() => {
    const first = initialSnapshot?.json ? unpackFirstScreen(initialSnapshot.json) : null;
    return { data: first?.data ?? null, at: initialSnapshot?.at ?? 0, summary: first?.partial ?? null };
  });
  const snapshot = useSnapshot(account, "round", { ...initial, partial: !!initial.summary });
  const live = liveAt !== null || refreshMs > 0;
  const listing = useQueueListing(account, prefix, refreshMs || false, live);
  const data = useFrameValue(listing.data);
  const snapRows = snapshot.data?.queues;

  const merged = useMemo(() => {
    const sampled = (snapRows ?? []).filter((s) => s.name.startsWith(prefix));
    return mergeRows(data?.queues ?? [], data?.counts ?? {}, sampled, !!data?.done);
  }, [data, snapRows, prefix]);
  const sorted = useMemo(() => sortRows(merged, view.sort, view.descending), [merged, view.sort, view.descending]);
  const { filter, poisonOnly, only } = view;
  const rows = useMemo(() => filterRows(sorted, { filter, poisonOnly, only }), [sorted, filter, poisonOnly, only]);
  const names = useMemo(() => rows.map((r) => r.name), [rows]);
  const selection = useQueueSelection(names);
  // Until the whole round (or the listing) arrives, the rows are the server's first screen of this
  // view, and its figures are the server's, over every row.
  const first =
    snapshot.isPlaceholderData && !data?.done && initial.summary?.view === viewKey(view) ? initial.summary : null;
  const { total, counted } = first ?? totalMessages(rows);
  const all = first?.all ?? merged.length;
  const countedAll = data ? Object.keys(data.counts).length : 0;
  const counting = !!data && !data.done && listing.fetchStatus === "fetching";
  const waiting = all === 0 && (!data?.done || snapshot.isPending);
  const selectable = access.operate || access.admin;

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
  const selectedRows = useMemo(
    () => rows.filter((r) => selection.selected.includes(r.name)),
    [rows, selection.selected],
  );

  return (
    <section aria-labelledby="queues-heading">
      <QueueListHeading
        shown={first?.shown ?? rows.length}
        all={all}
        total={total}
        counted={counted}
        listingFailed={!!listing.error}
        listed={!!data?.done}
        snapshot={snapshot.data}
        snapshotError={snapshot.error?.message ?? null}
        liveAt={live ? (liveAt ?? listing.dataUpdatedAt) : null}
        onCreate={access.admin ? () => setCreating(true) : null}
      />
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
      <QueueBulkBar
        count={selection.selected.length}
        canClear={access.operate}
        canDelete={access.admin}
        onAction={setBulk}
        onUnselect={selection.clear}
      />
      <CountingLine counting={counting} counted={countedAll} all={all} />
      <QueueListBody
        error={listing.error?.message ?? null}
        onRetry={() => void listing.refetch()}
        waiting={waiting}
        all={all}
        prefix={prefix}
        admin={access.admin}
        table={{
          account,
          rows,
          rowCount: first?.shown ?? rows.length,
          maxDepth: first?.maxDepth ?? maxDepth(rows),
          counting,
          sort: view.sort,
          descending: view.descending,
          onSort,
          access,
          // While only the first screen is here, select-all names and takes only its rows.
          selection: selectable ? selection : null,
        }}
      />
      {creating && <CreateQueueDialog account={account} open onClose={() => setCreating(false)} />}
      <BulkQueueDialog
        account={account}
        action={bulk}
        rows={selectedRows}
        onClose={() => setBulk(null)}
        onDone={selection.clear}
      />
    </section>
  );
}
