"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { apiFetch, enc } from "@/lib/api/client";
import { queryKeys } from "@/lib/hooks/query-keys";
import { rememberJob } from "@/lib/hooks/use-my-jobs";
import type { JobDto } from "@/lib/validation/jobs";
import type { QueueDetail } from "@/lib/validation/queues";

/** Clearing runs as a server-side job: its progress shows in the job toast and on the Jobs page. */
export function ClearQueueDialog({ account, detail, open, onClose, onDone }: { account: string; detail: QueueDetail; open: boolean; onClose: () => void; onDone: (summary: string) => void }) {
  const client = useQueryClient();
  const clear = useMutation({
    mutationFn: () => apiFetch<{ job: JobDto }>(`/api/accounts/${enc(account)}/queues/${enc(detail.name)}/messages?job=1`, { method: "DELETE" }).then((r) => r.job),
    onSuccess: (job) => {
      rememberJob(job.id);
      return client.invalidateQueries({ queryKey: queryKeys.jobs.all() });
    },
  });
  const n = detail.approximateMessagesCount;

  return (
    <Dialog open={open} onClose={onClose} title={`Clear all messages from “${detail.name}”?`}>
      <div className="space-y-4 text-sm">
        <p className="rounded-md bg-danger-bg p-3">
          This permanently deletes every message in <strong className="font-mono">{detail.name}</strong>: about <strong>{n.toLocaleString()}</strong>{" "}
          {n === 1 ? "message" : "messages"} (approximate count, including invisible ones). The queue itself stays.
        </p>
        <p className="text-xs text-muted">A large queue can take the service several passes; progress shows at the bottom right and on the Jobs page.</p>
        {clear.error ? <p role="alert" className="text-danger">{clear.error.message}</p> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            disabled={clear.isPending}
            onClick={() => clear.mutate(undefined, {
              onSuccess: () => {
                onDone(`Clearing ${detail.name} (~${n.toLocaleString()} messages) in the background.`);
                onClose();
              },
            })}
          >
            {clear.isPending ? "Starting…" : `Clear ${n.toLocaleString()} ${n === 1 ? "message" : "messages"}`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
