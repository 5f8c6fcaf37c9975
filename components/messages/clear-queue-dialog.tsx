"use client";
import { Button } from "@/components/ui/button";
import { Dialog, type Openable } from "@/components/ui/dialog";
import { formatNumber, plural } from "@/lib/format";
import { useStartClear } from "@/lib/hooks/use-jobs";
import type { QueueDetail } from "@/lib/validation/queues";

/** Clearing runs as a server-side job: its progress shows in the job toast and on the Jobs page. */
export function ClearQueueDialog({
  account,
  detail,
  open,
  onClose,
}: Openable & { account: string; detail: QueueDetail }) {
  const clear = useStartClear(account, detail.name);
  const n = detail.approximateMessagesCount;

  return (
    <Dialog open={open} onClose={onClose} title={`Clear all messages from “${detail.name}”?`}>
      <div className="space-y-4 text-sm">
        <p className="rounded-md bg-danger-bg p-3">
          This permanently deletes every message in <strong className="font-mono">{detail.name}</strong>: about{" "}
          <strong>{formatNumber(n)}</strong> {n === 1 ? "message" : "messages"} (approximate count, including invisible
          ones). The queue itself stays.
        </p>
        <p className="text-xs text-muted">
          A large queue can take the service several passes; progress shows at the bottom right and on the Jobs page.
        </p>
        {clear.error ? (
          <p role="alert" className="text-danger">
            {clear.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            disabled={clear.isPending}
            onClick={() => clear.mutate(undefined, { onSuccess: onClose })}
          >
            {clear.isPending ? "Starting…" : `Clear ${plural(n, "message")}`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
