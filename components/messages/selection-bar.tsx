"use client";
import { useState } from "react";
import { MoveSelectedBar } from "@/components/jobs/move-selected-bar";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useBulkMessages, type BulkOutcome } from "@/lib/hooks/use-messages";
import { SelectionExport } from "./selection-export";
import type { MessageList } from "./use-message-list";
import { formatNumber, plural } from "@/lib/format";

function summary(verb: string, outcome: BulkOutcome): string {
  const failed = outcome.failed.length
    ? ` ${outcome.failed.length} failed (${outcome.failed[0]!.message}); their pop receipts may have expired: load them again with deep browse.`
    : "";
  return `${verb} ${plural(outcome.done.length, "message")}.${failed}`;
}

/** What can be done to the selected (received) messages: delete, move, return to the queue, export. */
export function SelectionBar({
  account,
  queue,
  list,
  onStatus,
  onDeepBrowse,
}: {
  account: string;
  queue: string;
  list: MessageList;
  onStatus: (s: string) => void;
  onDeepBrowse: () => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const bulk = useBulkMessages(account, queue);
  const chosen = list.selectedMessages();
  const n = chosen.length;
  const matching = list.shown.filter((r) => list.selectable(r.message.id)).length;
  const peeked = list.shown.length - matching;
  const run = (action: "delete" | "release") =>
    bulk.mutate(
      { action, messages: chosen },
      {
        onSuccess: (outcome) => {
          list.dropReceived(outcome.done);
          onStatus(summary(action === "delete" ? "Deleted" : "Returned to the queue", outcome));
          setConfirm(false);
        },
      },
    );

  return (
    <div className="space-y-2">
      {list.received.length ? (
        <div role="toolbar" aria-label="Selection" className="flex flex-wrap items-center gap-2 text-sm">
          <Button onClick={list.selectAllShown} disabled={!matching}>
            Select all {formatNumber(matching)} matching
          </Button>
          <Button onClick={list.clearSelection} disabled={!n}>
            Clear selection
          </Button>
          <Button variant="danger" onClick={() => setConfirm(true)} disabled={!n || bulk.isPending}>
            Delete {n || ""} selected…
          </Button>
          <Button
            onClick={() => run("release")}
            disabled={!n || bulk.isPending}
            title="Make them visible to consumers again now (visibility 0)"
          >
            Return to queue
          </Button>
          <SelectionExport queue={queue} list={list} chosen={chosen} onStatus={onStatus} />
        </div>
      ) : null}
      {n ? (
        <MoveSelectedBar
          account={account}
          source={queue}
          selected={chosen}
          onStarted={() => list.dropReceived(chosen.map((m) => m.id))}
        />
      ) : null}
      {peeked ? (
        <p className="flex flex-wrap items-center gap-2 text-xs text-muted">
          {plural(peeked, "message")} in view {peeked === 1 ? "was" : "were"} only peeked: a peek holds no pop receipt,
          which deleting, moving and returning need.
          <Button className="py-0.5 text-xs" onClick={onDeepBrowse}>
            Load with deep browse
          </Button>
        </p>
      ) : null}
      {bulk.error ? (
        <p role="alert" className="text-sm text-danger">
          {bulk.error.message}
        </p>
      ) : null}
      <Dialog
        open={confirm}
        onClose={() => setConfirm(false)}
        title={`Delete ${plural(n, "message")} from “${queue}”?`}
      >
        <div className="space-y-4 text-sm">
          <p className="rounded-md bg-danger-bg p-3">
            This permanently deletes the {plural(n, "message")} you selected, using the pop receipts deep browse
            received them with. Other messages are not touched.
          </p>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setConfirm(false)}>Cancel</Button>
            <Button variant="danger" disabled={bulk.isPending} onClick={() => run("delete")}>
              {bulk.isPending ? "Deleting…" : `Delete ${plural(n, "message")}`}
            </Button>
          </div>
        </div>
      </Dialog>
    </div>
  );
}
