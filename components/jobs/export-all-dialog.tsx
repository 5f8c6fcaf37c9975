"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/field";
import { formatNumber } from "@/lib/format";
import { useStartExport } from "@/lib/hooks/use-jobs";

const CHOICES = [
  { label: "Sized to the queue", value: 0 },
  { label: "1 minute", value: 60 },
  { label: "5 minutes", value: 300 },
  { label: "15 minutes", value: 900 },
  { label: "1 hour", value: 3600 },
];

/** Exports every message of a queue to an NDJSON file on the server, as a job. */
export function ExportAllDialog({ account, queue, count, open, onClose }: { account: string; queue: string; count: number; open: boolean; onClose: () => void }) {
  const [timeout, setTimeoutS] = useState(0);
  const start = useStartExport(account, queue);
  return (
    <Dialog open={open} onClose={onClose} title={`Export every message of “${queue}”`}>
      <div className="space-y-3 text-sm">
        <div role="note" className="rounded-md border border-warn bg-warn-bg p-3">
          The service shows at most 32 messages without side effects, so the export <strong>receives</strong> them: they are hidden from consumers while it reads
          and reappear on their own afterwards, and each one&apos;s <strong>dequeue count rises by one</strong> (which can push a message past an Azure Functions
          <code> maxDequeueCount</code>). Safe on poison queues; elsewhere, prefer a time when consumers are stopped.
        </div>
        <SelectField label="Hide messages for" value={timeout} onChange={(e) => setTimeoutS(Number(e.target.value))}>
          {CHOICES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </SelectField>
        <p className="text-xs text-muted">The download link appears on the job when it is done.</p>
        {start.error ? <p role="alert" className="text-danger">{start.error.message}</p> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={start.isPending} onClick={() => start.mutate(timeout, { onSuccess: onClose })}>
            {start.isPending ? "Starting…" : `Export ${formatNumber(count)} messages`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
