"use client";
import { useQueryStates } from "nuqs";
import { notify } from "@/lib/notify";
import { queuePageParams } from "@/lib/url-state";
import { useRef, useState } from "react";
import { ErrorState } from "@/components/ui/states";
import { useJsonColumns } from "@/lib/hooks/use-json-columns";
import { isFilterActive } from "@/lib/messages/list-filter";
import { parentOf } from "@/lib/queues/table";
import type { AccountDto } from "@/lib/validation/accounts";
import type { QueueDetail } from "@/lib/validation/queues";
import { DeepBrowseDialog } from "./deep-browse-dialog";
import { InspectorPane } from "./inspector-pane";
import { ListSummary, NoMessages } from "./list-summary";
import { MessageActions } from "./message-actions";
import { MessageFilterBar } from "./message-filter-bar";
import { MessageTable, type MessageTableHandle } from "./message-table";
import { MessageToolbar } from "./message-toolbar";
import { ReceivePanel } from "./receive-panel";
import { SelectionBar } from "./selection-bar";
import { useMessageList } from "./use-message-list";
import { useWorkbenchKeys } from "./use-workbench-keys";
import { WholeQueueDialog } from "./whole-queue-dialog";

export function MessageBrowser({ account, detail }: { account: AccountDto; detail: QueueDetail }) {
  const queue = detail.name;
  const list = useMessageList(account.id, queue);
  const [columns, setColumns] = useJsonColumns(account.id, queue);
  // The inspected message is in the URL too (?msg=), so a shared link opens it.
  const [{ msg: inspectedId }, setView] = useQueryStates({ msg: queuePageParams.msg });
  const setInspectedId = (msg: string | null) => void setView({ msg });
  const [deepOpen, setDeepOpen] = useState(false);
  const [wholeOpen, setWholeOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const operate = account.can.operate;
  const tableRef = useRef<MessageTableHandle>(null);
  useWorkbenchKeys(searchRef, {
    onEscape: () =>
      list.selected.size
        ? list.clearSelection()
        : isFilterActive(list.filter)
          ? list.clearFilter()
          : setInspectedId(null),
    onIntoList: () => {
      tableRef.current?.focusFirstRow();
      return tableRef.current !== null;
    },
  });
  const inspected = inspectedId ? (list.byId.get(inspectedId) ?? null) : null;
  const deepBrowse = () => setDeepOpen(true);
  // What an action on loaded messages did is said the way every mutation says it: a toast.
  const announce = (s: string) => notify.success(s);
  const onList = { account: account.id, queue, list, onStatus: announce };

  return (
    <div className="space-y-4">
      <MessageActions
        account={account}
        detail={detail}
        loaded={list.shown.map((r) => r.message)}
        decode={(m) => list.byId.get(m.id)?.decoded ?? m.decoded}
        onDeepBrowse={deepBrowse}
      />
      <DeepBrowseDialog
        account={account.id}
        queue={queue}
        poison={parentOf(queue) !== null}
        open={deepOpen}
        onClose={() => setDeepOpen(false)}
        onLoaded={(ms, at) => list.addReceived(ms, at)}
      />
      <MessageFilterBar
        filter={list.filter}
        error={list.filterError}
        onChange={list.setFilter}
        onClear={list.clearFilter}
        searchRef={searchRef}
        onApplyWholeQueue={operate ? () => setWholeOpen(true) : undefined}
      />
      <WholeQueueDialog
        account={account.id}
        queue={queue}
        filter={list.filter}
        decodedOtherwise={list.rows.filter((r) => list.choiceFor(r.message.id) !== "auto").length}
        open={wholeOpen}
        onClose={() => setWholeOpen(false)}
      />
      <MessageToolbar list={list} columns={columns} onColumns={setColumns} />
      <ListSummary list={list} detail={detail} canDeepBrowse={operate} onDeepBrowse={deepBrowse} />
      {list.peek.error && !list.received.length ? (
        <ErrorState
          title="Could not peek messages"
          message={list.peek.error.message}
          onRetry={() => void list.peek.refetch()}
        />
      ) : list.peek.isPending && !list.received.length ? (
        <p role="status" aria-busy="true" className="py-6 text-center text-muted">
          Peeking…
        </p>
      ) : list.shown.length === 0 ? (
        <NoMessages list={list} detail={detail} canDeepBrowse={operate} onDeepBrowse={deepBrowse} />
      ) : (
        <div
          className={`grid grid-cols-1 items-start gap-4 ${inspected ? "xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" : ""}`}
        >
          <div className="min-w-0 space-y-2">
            {operate ? <SelectionBar {...onList} onDeepBrowse={deepBrowse} /> : null}
            <MessageTable
              ref={tableRef}
              rows={list.shown}
              columns={columns}
              inspectedId={inspectedId}
              selected={list.selected}
              canSelect={operate}
              onInspect={setInspectedId}
              onToggle={list.toggle}
              onSelectAll={list.selectAllShown}
              onClearSelection={list.clearSelection}
            />
          </div>
          {inspected ? (
            <InspectorPane
              {...onList}
              inspected={inspected}
              operate={operate}
              onClose={() => setInspectedId(null)}
              onDeepBrowse={deepBrowse}
            />
          ) : null}
        </div>
      )}
      {operate ? <ReceivePanel account={account.id} queue={queue} /> : null}
    </div>
  );
}
