"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { formatNumber, plural } from "@/lib/format";
import { FIND_VISIBILITY_SECONDS, useFindMessage } from "@/lib/hooks/use-messages";
import type { FindOutcome } from "@/lib/messages/find-message";
import { notify } from "@/lib/notify";
import type { ReceivedMessageDto } from "@/lib/validation/messages";

interface Props {
  account: string;
  queue: string;
  id: string;
  onReceived: (m: ReceivedMessageDto) => void;
  /** Messages returned to the queue on the way, with the receipts their release gave them. */
  onReleased: (ms: ReceivedMessageDto[]) => void;
  onStatus: (s: string) => void;
  onDeepBrowse?: () => void;
  onCancel: () => void;
}

function missed(id: string, o: FindOutcome<ReceivedMessageDto>): string {
  const n = o.released.length;
  const back = n ? ` The ${plural(n, "message")} looked at ${n === 1 ? "is" : "are"} back in the queue.` : "";
  if (o.limitReached)
    return `Looked at ${formatNumber(o.scanned)} messages, the most one search receives, without reaching ${id}: it may be further back in the queue.${back} Load more with deep browse, or filter the list and use “Apply to the whole queue…” to act on every message that matches.`;
  if (!o.scanned)
    return `Did not find ${id}: no message was visible to receive. A consumer may have received or deleted it. Peek again.`;
  return `Did not find ${id} among ${plural(o.scanned, "visible message")}: a consumer may have received or deleted it.${back} Peek again.`;
}

/** The warning and the button that receive a peeked message so it can be acted on. */
export function FindMessage({ account, queue, id, onReceived, onReleased, onStatus, onDeepBrowse, onCancel }: Props) {
  const find = useFindMessage(account, queue);
  const [miss, setMiss] = useState<{ text: string; limit: boolean } | null>(null);
  const run = () =>
    void find.mutateAsync(id).then(
      (o) => {
        // Before the found one joins: both land in the same render. This panel may unmount meanwhile
        // (the refreshed peek no longer shows a hidden message); the parent's callbacks still run.
        onReleased(o.released);
        if (o.found) {
          onReceived(o.found);
          onStatus(
            `Received ${id} (${o.released.length} other messages returned at once). It is hidden from consumers for ${FIND_VISIBILITY_SECONDS} s while you act on it.`,
          );
        } else if (!o.error) {
          const text = missed(id, o);
          setMiss({ text, limit: o.limitReached });
          notify.warning(o.limitReached ? "Search limit reached" : "Message not found", { description: text });
        }
      },
      () => undefined,
    );
  const error = find.data?.error ?? find.error;

  return (
    <div role="note" className="space-y-2 rounded-md border border-warn bg-warn-bg p-3">
      <p>
        Queuescope receives messages from the head of the queue, hidden for {FIND_VISIBILITY_SECONDS} s, until this one
        appears, then returns the others at once (visibility 0).
        <strong> Every message received on the way, this one included, has its dequeue count raised by one</strong>, and
        consumers cannot see them for a moment.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" disabled={find.isPending} onClick={run}>
          {find.isPending ? "Receiving…" : "Receive it to act on it"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
      {miss ? (
        <div role="status" className="space-y-2">
          <p>{miss.text}</p>
          {miss.limit && onDeepBrowse ? <Button onClick={onDeepBrowse}>Deep browse…</Button> : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-danger">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
