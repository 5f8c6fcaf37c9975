"use client";
import { Button } from "@/components/ui/button";
import { useStartMove } from "@/lib/hooks/use-jobs";
import { useQueue } from "@/lib/hooks/use-queues";

/** One click: every message of a poison queue back to the queue it came from. */
export function RedriveButton({ account, source, parent, count }: { account: string; source: string; parent: string; count: number }) {
  const parentQueue = useQueue(account, parent);
  const start = useStartMove(account, source);
  if (!parentQueue.data) return null;
  return (
    <>
      <Button variant="primary" disabled={start.isPending || count === 0} title={count === 0 ? `${source} is empty: nothing to redrive` : undefined} onClick={() => start.mutate({ to: parent })}>
        {start.isPending ? "Starting…" : `Redrive to ${parent}`}
      </Button>
      {start.error ? <p role="alert" className="basis-full text-right text-sm text-danger">{start.error.message}</p> : null}
    </>
  );
}
