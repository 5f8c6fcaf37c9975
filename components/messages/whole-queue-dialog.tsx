"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DryRunNote } from "@/components/jobs/dry-run-note";
import { CLOSING_STOPS, useMatchCount } from "@/components/jobs/match-count";
import { ScanCount } from "@/components/jobs/scan-count";
import { useDecodePreference } from "@/lib/hooks/use-decode-preference";
import { useStartScan, type ScanAction } from "@/lib/hooks/use-scan-jobs";
import { describeWhere } from "@/lib/messages/describe-where";
import { decodeChoiceCaveat, dryRunFigure } from "@/lib/messages/dry-run-caveats";
import { filterToWhere } from "@/lib/messages/filter-to-where";
import type { MessageFilter } from "@/lib/messages/list-filter";
import { ScanActionPicker } from "./scan-action-picker";
import { ScanConfirm } from "./scan-confirm";

interface Props {
  account: string;
  queue: string;
  filter: MessageFilter;
  /** How many loaded messages the list decodes with a choice of their own (not Auto). */
  decodedOtherwise?: number;
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

function WholeQueueSteps({ account, queue, filter, decodedOtherwise = 0, onClose, onStarted }: Props) {
  // Fixed when the dialog opens, so "older than" means the same instant for the dry run and the job.
  const [result] = useState(() => filterToWhere(filter, Date.now()));
  const [action, setAction] = useState<ScanAction>({ kind: "purge" });
  const [queueChoice] = useDecodePreference(account, queue);
  const counter = useMatchCount(account, queue);
  const start = useStartScan(account, queue);
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
  const caveat = decodeChoiceCaveat(where, queueChoice, decodedOtherwise);
  const changeAction = (a: ScanAction) => {
    setAction(a);
    counter.reset();
    start.reset();
  };
  const runDry = () => counter.count(action, where);
  const matched = counter.matched;
  return (
    <div className="space-y-3 text-sm">
      <div>
        <p className="font-medium">Every message in {queue} where:</p>
        <ul className="ml-5 list-disc">
          {describeWhere(where).map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p className={`mt-1 text-xs ${caveat ? "text-warn" : "text-muted"}`}>
          {caveat ??
            "The server matches the decoded text as the inspector shows it, across every message, not only the loaded ones."}
        </p>
      </div>
      <ScanActionPicker
        account={account}
        queue={queue}
        action={action}
        onChange={changeAction}
        disabled={start.isPending || counter.running}
      />
      <DryRunNote />
      {counter.id ? <ScanCount job={counter.job} queue={queue} /> : null}
      {(counter.error ?? start.error) ? (
        <p role="alert" className="text-danger">
          {(counter.error ?? start.error)?.message}
        </p>
      ) : null}
      {matched === null ? (
        <div className="flex flex-wrap items-center justify-end gap-2">
          {counter.running ? <p className="mr-auto text-xs text-muted">{CLOSING_STOPS}</p> : null}
          <Button onClick={onClose}>Cancel</Button>
          {counter.id && counter.running ? (
            <Button onClick={counter.cancel} disabled={counter.cancelling}>
              Stop the dry run
            </Button>
          ) : null}
          <Button
            variant="primary"
            onClick={runDry}
            disabled={counter.running || (action.kind === "move" && !action.to)}
          >
            {counter.running ? "Counting…" : counter.id ? "Count again (dry run)" : "Count matches (dry run)"}
          </Button>
        </div>
      ) : (
        <ScanConfirm
          action={action}
          queue={queue}
          matched={matched}
          where={where}
          pending={start.isPending || counter.running}
          onCancel={onClose}
          onRecount={runDry}
          onConfirm={() =>
            start.mutate(
              { action, where, dryRun: false },
              {
                onSuccess: () => {
                  onStarted?.(startedText(action, dryRunFigure(matched, where), queue));
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

function startedText(action: ScanAction, counted: ReturnType<typeof dryRunFigure>, queue: string): string {
  const about = `${counted.floor ? "" : "about "}${counted.figure} matching messages`;
  if (action.kind === "purge") return `Deleting ${about} from ${queue}; the job shows what it did.`;
  if (action.kind === "move") return `Moving ${about} from ${queue} to ${action.to}; the job shows what it did.`;
  return `Exporting ${about} from ${queue}; the download link appears on the job when it is done.`;
}
