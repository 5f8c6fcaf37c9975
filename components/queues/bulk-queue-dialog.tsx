"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { formatNumber, plural } from "@/lib/format";
import { useBulkQueueAction, type BulkQueueAction, type BulkQueueResult } from "@/lib/hooks/use-queues";
import type { QueueRow } from "@/lib/queues/table";
import { TypedConfirm } from "./typed-confirm";

interface Props {
  account: string;
  action: BulkQueueAction | null;
  rows: QueueRow[];
  onClose: () => void;
  onDone: (result: BulkQueueResult) => void;
}

/** Several queues at once can lose a lot: the user types the action and the count, after seeing every name. */
export function BulkQueueDialog({ account, action, rows, onClose, onDone }: Props) {
  const [typed, setTyped] = useState("");
  const bulk = useBulkQueueAction(account);
  const n = rows.length;
  const phrase = `${action ?? ""} ${plural(n, "queue")}`;
  const messages = rows.reduce((sum, r) => sum + (r.approximateMessagesCount ?? 0), 0);
  const close = () => {
    setTyped("");
    bulk.reset();
    onClose();
  };
  const title = action === "delete" ? `Delete ${plural(n, "queue")}?` : `Clear ${plural(n, "queue")}?`;
  return (
    <Dialog open={action !== null} onClose={close} title={title}>
      <form
        className="space-y-4 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim() !== phrase || !action) return;
          bulk.mutate(
            { action, queues: rows.map((r) => r.name) },
            {
              onSuccess: (result) => {
                close();
                onDone(result);
              },
            },
          );
        }}
      >
        <p className="rounded-md bg-danger-bg p-3">
          {action === "delete"
            ? "This permanently deletes these queues and every message in them; a deleted name cannot be reused for about 40 seconds."
            : "This permanently deletes every message in these queues (each clear runs as a background job); the queues stay."}{" "}
          About <strong>{formatNumber(messages)}</strong> {messages === 1 ? "message" : "messages"} in all
          (approximate).
        </p>
        <ul
          aria-label="Queues"
          className="max-h-40 overflow-auto rounded-md border border-border p-2 font-mono text-xs"
        >
          {rows.map((r) => (
            <li key={r.name} className="flex justify-between gap-3">
              <span className="truncate" title={r.name}>
                {r.name}
              </span>
              <span className="shrink-0 text-muted tabular-nums">
                {r.approximateMessagesCount === undefined ? "—" : formatNumber(r.approximateMessagesCount)}
              </span>
            </li>
          ))}
        </ul>
        <TypedConfirm phrase={phrase} value={typed} onChange={setTyped} error={bulk.error?.message ?? null} />
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={typed.trim() !== phrase || bulk.isPending}>
            {bulk.isPending
              ? "Working…"
              : action === "delete"
                ? `Delete ${plural(n, "queue")}`
                : `Clear ${plural(n, "queue")}`}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
