"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useClearMessages } from "@/lib/hooks/use-messages";
import { queryKeys } from "@/lib/hooks/query-keys";
import type { QueueDetail } from "@/lib/validation/queues";

export function ClearQueueDialog({ account, detail, open, onClose, onDone }: { account: string; detail: QueueDetail; open: boolean; onClose: () => void; onDone: (summary: string) => void }) {
  const clear = useClearMessages(account, detail.name);
  const client = useQueryClient();
  const n = detail.approximateMessagesCount;
  // While the service works through a large queue, show the count going down.
  useEffect(() => {
    if (!clear.isPending) return;
    const timer = setInterval(() => void client.invalidateQueries({ queryKey: queryKeys.queues.detail(account, detail.name), exact: true }), 1000);
    return () => clearInterval(timer);
  }, [clear.isPending, client, account, detail.name]);

  return (
    <Dialog open={open} onClose={() => { if (!clear.isPending) onClose(); }} title={`Clear all messages from “${detail.name}”?`}>
      <div className="space-y-4 text-sm">
        <p className="rounded-md bg-danger-bg p-3">
          This permanently deletes every message in <strong className="font-mono">{detail.name}</strong>: about <strong>{n.toLocaleString()}</strong>{" "}
          {n === 1 ? "message" : "messages"} (approximate count, including invisible ones). The queue itself stays.
        </p>
        {clear.isPending ? (
          <div>
            <progress aria-label="Clearing messages" className="h-2 w-full" />
            <p className="mt-1 text-xs text-muted">Clearing… {n.toLocaleString()} messages left (approximate). A large queue can take the service several passes.</p>
          </div>
        ) : null}
        {clear.error ? <p role="alert" className="text-danger">{clear.error.message}</p> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose} disabled={clear.isPending}>Cancel</Button>
          <Button
            variant="danger"
            disabled={clear.isPending}
            onClick={() => clear.mutate(undefined, {
              onSuccess: (r) => {
                onDone(`Cleared ${detail.name}: about ${r.approximateBefore.toLocaleString()} messages deleted${r.attempts > 1 ? ` in ${r.attempts} passes` : ""}.`);
                onClose();
              },
            })}
          >
            {clear.isPending ? "Clearing…" : `Clear ${n.toLocaleString()} ${n === 1 ? "message" : "messages"}`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
