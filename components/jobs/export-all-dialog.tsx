"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/field";
import { formatNumber } from "@/lib/format";
import { useStartExport } from "@/lib/hooks/use-jobs";
import { DECODE_LABELS } from "@/components/messages/scan-action-picker";
import { DECODE_AS, type DecodeAs } from "@/lib/validation/job-kinds";
import { FilterChoice, useFilterWhere } from "./filter-choice";

const CHOICES = [
  { label: "Sized to the queue", value: 0 },
  { label: "1 minute", value: 60 },
  { label: "5 minutes", value: 300 },
  { label: "15 minutes", value: 900 },
  { label: "1 hour", value: 3600 },
];

/** Exports every message of a queue to an NDJSON file on the server, as a job. */
type Props = { account: string; queue: string; count: number; open: boolean; onClose: () => void };

export function ExportAllDialog(props: Props) {
  return (
    <Dialog open={props.open} onClose={props.onClose} title={`Export every message of “${props.queue}”`}>
      <ExportForm {...props} />
    </Dialog>
  );
}

function ExportForm({ account, queue, count, onClose }: Props) {
  const [timeout, setTimeoutS] = useState(0);
  const [decodeAs, setDecodeAs] = useState<DecodeAs>("both");
  const filter = useFilterWhere();
  const exporter = useStartExport(account, queue);
  const start = () =>
    exporter.mutate(
      {
        ...(decodeAs !== "both" ? { decodeAs } : {}),
        ...(timeout ? { visibilityTimeout: timeout } : {}),
        ...(filter.where ? { where: filter.where } : {}),
      },
      { onSuccess: onClose },
    );
  return (
    <div className="space-y-3 text-sm">
      <div role="note" className="rounded-md border border-warn bg-warn-bg p-3">
        The service shows at most 32 messages without side effects, so the export <strong>receives</strong> them: they
        are hidden from consumers while it reads and reappear on their own afterwards, and each one&apos;s{" "}
        <strong>dequeue count rises by one</strong> (which can push a message past an Azure Functions
        <code> maxDequeueCount</code>). Safe on poison queues; elsewhere, prefer a time when consumers are stopped.
      </div>
      <SelectField label="Hide messages for" value={timeout} onChange={(e) => setTimeoutS(Number(e.target.value))}>
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Write each message as"
        value={decodeAs}
        onChange={(e) => setDecodeAs(e.target.value as DecodeAs)}
      >
        {DECODE_AS.map((d) => (
          <option key={d} value={d}>
            {DECODE_LABELS[d]}
          </option>
        ))}
      </SelectField>
      <FilterChoice state={filter} verb="Export" count={count} />
      <p className="text-xs text-muted">The download link appears on the job when it is done.</p>
      {exporter.error ? (
        <p role="alert" className="text-danger">
          {exporter.error.message}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" onClick={start} disabled={exporter.isPending}>
          {exporter.isPending
            ? "Starting…"
            : filter.where
              ? "Export matching messages"
              : `Export ${formatNumber(count)} messages`}
        </Button>
      </div>
    </div>
  );
}
