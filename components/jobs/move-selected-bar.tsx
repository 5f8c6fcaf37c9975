"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useStartMove } from "@/lib/hooks/use-jobs";
import type { ReceivedMessageDto } from "@/lib/validation/messages";
import { QueuePicker, useIsKnownQueue } from "./queue-picker";

/** Moves the messages picked from a deep browse, using the pop receipts they were received with. */
export function MoveSelectedBar({
  account,
  source,
  selected,
  onStarted,
}: {
  account: string;
  source: string;
  selected: ReceivedMessageDto[];
  onStarted: () => void;
}) {
  const [to, setTo] = useState("");
  const known = useIsKnownQueue(account, to);
  const start = useStartMove(account, source);
  return (
    <div
      role="group"
      aria-label="Move selected messages"
      className="flex flex-wrap items-end gap-2 rounded-md border border-border bg-surface p-2 text-sm"
    >
      <span className="pb-1.5 font-medium">{selected.length} selected</span>
      <div className="min-w-48 flex-1">
        <QueuePicker
          account={account}
          exclude={source}
          value={to}
          onChange={setTo}
          label="Target queue for the selected messages"
          hideLabel
          placeholder="Move to… (type to search)"
        />
      </div>
      <Button
        variant="primary"
        disabled={!known || to === source || !selected.length || start.isPending}
        onClick={() =>
          start.mutate(
            { to, messages: selected.map((m) => ({ id: m.id, popReceipt: m.popReceipt, text: m.text })) },
            { onSuccess: onStarted },
          )
        }
      >
        Move selected
      </Button>
      {start.error ? (
        <p role="alert" className="basis-full text-danger">
          {start.error.message}
        </p>
      ) : null}
    </div>
  );
}
