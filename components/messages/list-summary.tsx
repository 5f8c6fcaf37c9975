"use client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";
import { isFilterActive } from "@/lib/messages/list-filter";
import { parentOf } from "@/lib/queues/table";
import type { QueueDetail } from "@/lib/validation/queues";
import type { MessageList } from "./use-message-list";
import { formatNumber, formatTime } from "@/lib/format";

interface Props {
  list: MessageList;
  detail: QueueDetail;
  canDeepBrowse: boolean;
  onDeepBrowse: () => void;
}

/** Messages in the queue the list has not seen: the approximate count (which includes invisible ones) minus those loaded. */
const unseen = (list: MessageList, detail: QueueDetail) =>
  Math.max(0, detail.approximateMessagesCount - list.rows.length);

/** What the list holds and how much of the queue that is, announced as it changes. */
export function ListSummary({ list, detail, canDeepBrowse, onDeepBrowse }: Props) {
  const peeked = list.rows.length - list.received.length;
  const filtering = isFilterActive(list.filter);
  const notSeen = unseen(list, detail);
  return (
    <>
      <p className="text-sm text-muted" aria-live="polite">
        {list.received.length
          ? `Deep browse: ${list.received.length} messages loaded; they become visible to consumers again at ${(list.visibleAgainAt ? formatTime(list.visibleAgainAt) : null) ?? "the end of their visibility timeout"}.${peeked ? ` ${peeked} more only peeked.` : ""}`
          : `Peek: the first ${list.rows.length} of ~${formatNumber(detail.approximateMessagesCount)} messages, without changing them.`}
        {filtering
          ? ` ${formatNumber(list.shown.length)} of ${formatNumber(list.rows.length)} loaded match the filter.`
          : ""}
        {list.selected.size ? ` ${formatNumber(list.selected.size)} selected.` : ""}
        {filtering && notSeen && list.shown.length
          ? ` About ${formatNumber(notSeen)} messages in the queue are not loaded and were not searched.`
          : ""}
      </p>
      {!list.received.length && canDeepBrowse && parentOf(detail.name) && notSeen ? (
        <p className="rounded-md border border-warn bg-warn-bg px-3 py-2 text-sm">
          This poison queue holds about {formatNumber(detail.approximateMessagesCount)} messages and a peek shows{" "}
          {list.rows.length}. Nothing consumes a poison queue, so{" "}
          <Button className="mx-1 py-0.5" onClick={onDeepBrowse}>
            Deep browse…
          </Button>{" "}
          can load them all safely.
        </p>
      ) : null}
    </>
  );
}

/** The list is empty: the queue has no visible messages, or the filter matches none of those loaded. */
export function NoMessages({ list, detail, canDeepBrowse, onDeepBrowse }: Props) {
  if (!list.rows.length) {
    return (
      <EmptyState title="No visible messages">
        The queue is empty, or its messages are invisible (received by a consumer, or sent with a delay). The
        approximate count includes invisible ones.
      </EmptyState>
    );
  }
  const notSeen = unseen(list, detail);
  return (
    <EmptyState title={`No loaded message matches the filter (0 of ${formatNumber(list.rows.length)})`}>
      <p>
        {notSeen
          ? `About ${formatNumber(notSeen)} more messages in the queue have not been loaded, so they were not searched.`
          : "Every message in the queue is loaded; none matches."}
      </p>
      <div className="mt-3 flex justify-center gap-2">
        {notSeen && canDeepBrowse ? (
          <Button variant="primary" onClick={onDeepBrowse}>
            Deep browse to search them…
          </Button>
        ) : null}
        <Button onClick={list.clearFilter}>Clear filter</Button>
      </div>
    </EmptyState>
  );
}
