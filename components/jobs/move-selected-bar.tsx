"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useStartMove } from "@/lib/hooks/use-jobs";
import { useQueueListing } from "@/lib/hooks/use-queues";
import type { ReceivedMessageDto } from "@/lib/validation/messages";

/** Moves the messages picked from a deep browse, using the pop receipts they were received with. */
export function MoveSelectedBar({ account, source, selected, onStarted }: { account: string; source: string; selected: ReceivedMessageDto[]; onStarted: () => void }) {
  const [to, setTo] = useState("");
  const listing = useQueueListing(account, "", false);
  const start = useStartMove(account, source);
  return (
    <div role="group" aria-label="Move selected messages" className="flex flex-wrap items-end gap-2 rounded-md border border-border bg-surface p-2 text-sm">
      <span className="pb-1.5 font-medium">{selected.length} selected</span>
      <label>
        <span className="sr-only">Target queue for the selected messages</span>
        <select value={to} onChange={(e) => setTo(e.target.value)} className={`${inputClass} border-border font-mono`}>
          <option value="">Move to…</option>
          {(listing.data?.queues ?? []).filter((q) => q.name !== source).map((q) => <option key={q.name} value={q.name}>{q.name}</option>)}
        </select>
      </label>
      <Button
        variant="primary"
        disabled={!to || !selected.length || start.isPending}
        onClick={() => start.mutate(
          { to, messages: selected.map((m) => ({ id: m.id, popReceipt: m.popReceipt, text: m.text })) },
          { onSuccess: onStarted },
        )}
      >
        Move selected
      </Button>
      {start.error ? <p role="alert" className="basis-full text-danger">{start.error.message}</p> : null}
    </div>
  );
}
