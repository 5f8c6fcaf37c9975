"use client";
import { useQueryStates } from "nuqs";
import { notify } from "@/lib/notify";
import { queuePageParams } from "@/lib/url-state";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ErrorState } from "@/components/ui/states";
import { useJsonColumns } from "@/lib/hooks/use-json-columns";
import { isFilterActive } from "@/lib/messages/list-filter";
import type { DecodeChoice } from "@/lib/messages/decode";
import { parentOf } from "@/lib/queues/table";
import type { AccountDto } from "@/lib/validation/accounts";
import type { QueueDetail } from "@/lib/validation/queues";
import { DeepBrowseDialog } from "./deep-browse-dialog";
import { InspectedActions } from "./inspected-actions";
import { ListSummary, NoMessages } from "./list-summary";
import { MessageActions } from "./message-actions";
import { MessageColumns } from "./message-columns";
import { MessageFilterBar } from "./message-filter-bar";
import { MessageInspector } from "./message-inspector";
import { MessageTable } from "./message-table";
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
  useWorkbenchKeys(searchRef, () =>
    list.selected.size
      ? list.clearSelection()
      : isFilterActive(list.filter)
        ? list.clearFilter()
        : setInspectedId(null),
  );
  const inspected = inspectedId ? (list.byId.get(inspectedId) ?? null) : null;
  const deepBrowse = () => setDeepOpen(true);
  // What an action on loaded messages did is said the way every mutation says it: a toast.
  const announce = (s: string) => notify.success(s);

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
        open={wholeOpen}
        onClose={() => setWholeOpen(false)}
      />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <MessageColumns rows={list.rows} columns={columns} onChange={setColumns} />
        <div className="flex items-end gap-2">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Decode this queue as</span>
            <select
              value={list.queueChoice}
              onChange={(e) => list.setQueueChoice(e.target.value as DecodeChoice)}
              className={`${inputClass} border-border`}
            >
              <option value="auto">Auto (base64 only when it decodes to text)</option>
              <option value="text">Stored text</option>
              <option value="base64">Base64</option>
            </select>
          </label>
          {list.received.length ? <Button onClick={list.forgetReceived}>Back to peek</Button> : null}
          <Button onClick={() => void list.peek.refetch()} disabled={list.peek.isFetching}>
            {list.peek.isFetching ? "Peeking…" : "Peek again"}
          </Button>
        </div>
      </div>
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
            {operate ? (
              <SelectionBar
                account={account.id}
                queue={queue}
                list={list}
                onStatus={announce}
                onDeepBrowse={deepBrowse}
              />
            ) : null}
            <MessageTable
              rows={list.shown}
              columns={columns}
              inspectedId={inspectedId}
              selected={list.selected}
              canSelect={operate}
              onInspect={setInspectedId}
              onToggle={list.toggle}
              onSelectAll={list.selectAllShown}
            />
          </div>
          {inspected ? (
            <MessageInspector
              message={inspected.message}
              decoded={inspected.decoded}
              choice={list.choiceFor(inspected.message.id)}
              onChoice={(c) => list.setOverride(inspected.message.id, c)}
              remembered={list.choiceFor(inspected.message.id) === list.queueChoice}
              onRemember={() => list.setQueueChoice(list.choiceFor(inspected.message.id))}
              actions={
                operate ? (
                  <InspectedActions
                    key={inspected.message.id}
                    account={account.id}
                    queue={queue}
                    message={inspected.message}
                    onReceived={(m) => list.addReceived([m], null)}
                    onChanged={list.replaceReceived}
                    onGone={(id) => {
                      list.dropReceived([id]);
                      setInspectedId(null);
                    }}
                    onStatus={announce}
                  />
                ) : null
              }
            />
          ) : null}
        </div>
      )}
      {operate ? <ReceivePanel account={account.id} queue={queue} /> : null}
    </div>
  );
}
