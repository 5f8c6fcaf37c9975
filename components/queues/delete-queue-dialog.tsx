"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, type Openable } from "@/components/ui/dialog";
import { useDeleteQueue } from "@/lib/hooks/use-queues";
import type { QueueDetail } from "@/lib/validation/queues";
import { plural } from "@/lib/format";
import { TypedConfirm } from "./typed-confirm";

/** Deleting a queue destroys its messages: the user types the name to confirm. */
export function DeleteQueueDialog({
  account,
  detail,
  open,
  onClose,
}: Openable & { account: string; detail: QueueDetail }) {
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const del = useDeleteQueue(account, detail.name);
  const close = () => {
    setTyped("");
    del.reset();
    onClose();
  };
  const n = detail.approximateMessagesCount;
  return (
    <Dialog open={open} onClose={close} title={`Delete queue “${detail.name}”?`}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed !== detail.name) return;
          del.mutate(undefined, { onSuccess: () => router.push(`/accounts/${encodeURIComponent(account)}/queues`) });
        }}
      >
        <p className="rounded-md bg-danger-bg p-3 text-sm">
          This permanently deletes the queue <strong className="font-mono">{detail.name}</strong> and its{" "}
          <strong>~{plural(n, "message")}</strong> (approximate count). It cannot be undone, and the name cannot be
          reused for about 40 seconds.
        </p>
        <TypedConfirm phrase={detail.name} value={typed} onChange={setTyped} error={del.error?.message ?? null} />
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={typed !== detail.name || del.isPending}>
            {del.isPending ? "Deleting…" : "Delete queue and messages"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
