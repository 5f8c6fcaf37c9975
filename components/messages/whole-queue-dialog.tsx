"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DryRunNote } from "@/components/jobs/dry-run-note";
import { ScanCount } from "@/components/jobs/scan-count";
import { useCancelJob } from "@/lib/hooks/use-jobs";
import { useJob, useStartScan, type ScanAction } from "@/lib/hooks/use-scan-jobs";
import { describeWhere } from "@/lib/messages/describe-where";
import { filterToWhere } from "@/lib/messages/filter-to-where";
import type { MessageFilter } from "@/lib/messages/list-filter";
import { ScanActionPicker } from "./scan-action-picker";
import { ScanConfirm } from "./scan-confirm";
import { formatNumber } from "@/lib/format";

interface Props {
  account: string;
  queue: string;
  filter: MessageFilter;
  open: boolean;
  onClose: () => void;
  /** A sentence for what started; the job's own toast follows it either way. */
  onStarted?: (status: string) => void;
}

/** "Apply to the whole queue…": the filter as a server-side purge, move or export, dry run first. */
export function WholeQueueDialog(props: Props) {
  return (
    <Dialog open={props.open} onClose={props.onClose} title={`Apply the filter to the whole queue “${props.queue}”`}>
      <WholeQueueSteps {...props} />
    </Dialog>
  );
}

function WholeQueueSteps({ account, queue, filter, onClose, onStarted }: Props) {
  // Fixed when the dialog opens, so "older than" means the same instant for the dry run and the job.
  const [result] = useState(() => filterToWhere(filter, Date.now()));
  const [action, setAction] = useState<ScanAction>({ kind: "purge" });
  const [dryRunId, setDryRunId] = useState<string | null>(null);
  const start = useStartScan(account, queue);
  const dry = useJob(dryRunId);
  const cancel = useCancelJob();
  if (!result.ok) {
    return (
      <div className="space-y-3 text-sm">
        <p role="alert">This filter cannot be applied to the whole queue: {result.reason}</p>
        <p className="text-muted">Change the filter, or load the messages with deep browse and act on a selection.</p>
        <div className="flex justify-end">
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    );
  }
  const where = result.where;
  const conditions = describeWhere(where);
  const changeAction = (a: ScanAction) => {
    setAction(a);
    setDryRunId(null);
    start.reset();
  };
  const runDry = () => start.mutate({ action, where, dryRun: true }, { onSuccess: (job) => setDryRunId(job.id) });
  const finished = dry.data && dry.data.state !== "running" ? dry.data : null;
  const matched =
    finished?.scan &&
    (finished.state === "succeeded" || finished.state === "partial" || finished.state === "nothing_to_do")
      ? finished.scan.matched
      : null;
  return (
    <div className="space-y-3 text-sm">
      <div>
        <p className="font-medium">Every message in {queue} where:</p>
        <ul className="ml-5 list-disc">
          {conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p className="mt-1 text-xs text-muted">
          The server matches the decoded text as the inspector shows it, across every message, not only the loaded ones.
        </p>
      </div>
      <ScanActionPicker
        account={account}
        queue={queue}
        action={action}
        onChange={changeAction}
        disabled={start.isPending || (dryRunId !== null && !finished)}
      />
      <DryRunNote />
      {dryRunId ? <ScanCount job={dry.data} queue={queue} /> : null}
      {start.error ? (
        <p role="alert" className="text-danger">
          {start.error.message}
        </p>
      ) : null}
      {matched === null ? (
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          {dryRunId && !finished ? (
            <Button onClick={() => cancel.mutate(dryRunId)} disabled={cancel.isPending || dry.data?.cancelRequested}>
              Stop the dry run
            </Button>
          ) : null}
          <Button
            variant="primary"
            onClick={runDry}
            disabled={start.isPending || (dryRunId !== null && !finished) || (action.kind === "move" && !action.to)}
          >
            {dryRunId && !finished ? "Counting…" : finished ? "Count again (dry run)" : "Count matches (dry run)"}
          </Button>
        </div>
      ) : (
        <ScanConfirm
          action={action}
          queue={queue}
          matched={matched}
          pending={start.isPending}
          onCancel={onClose}
          onRecount={runDry}
          onConfirm={() =>
            start.mutate(
              { action, where, dryRun: false },
              {
                onSuccess: () => {
                  onStarted?.(startedText(action, matched, queue));
                  onClose();
                },
              },
            )
          }
        />
      )}
    </div>
  );
}

function startedText(action: ScanAction, matched: number, queue: string): string {
  const about = `about ${formatNumber(matched)} matching messages`;
  if (action.kind === "purge") return `Deleting ${about} from ${queue}; the job shows what it did.`;
  if (action.kind === "move") return `Moving ${about} from ${queue} to ${action.to}; the job shows what it did.`;
  return `Exporting ${about} from ${queue}; the download link appears on the job when it is done.`;
}
