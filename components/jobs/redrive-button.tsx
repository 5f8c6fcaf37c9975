"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useQueue } from "@/lib/hooks/use-queues";
import { RedriveDialog } from "./redrive-dialog";

/** A poison queue's way back: asks first, with the count, the target, a rate and an optional filter. */
export function RedriveButton({
  account,
  source,
  parent,
  count,
}: {
  account: string;
  source: string;
  parent: string;
  count: number;
}) {
  const parentQueue = useQueue(account, parent);
  const [open, setOpen] = useState(false);
  if (!parentQueue.data) return null;
  return (
    <>
      <Button
        variant="primary"
        disabled={count === 0}
        title={count === 0 ? `${source} is empty: nothing to redrive` : undefined}
        onClick={() => setOpen(true)}
      >
        Redrive to {parent}…
      </Button>
      <RedriveDialog
        account={account}
        source={source}
        target={parent}
        count={count}
        open={open}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
