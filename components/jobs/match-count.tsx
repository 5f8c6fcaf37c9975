"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useCancelJob } from "@/lib/hooks/use-jobs";
import { useJob, useStartScan, type ScanAction } from "@/lib/hooks/use-scan-jobs";
import type { Where } from "@/lib/validation/where";
import { DryRunNote } from "./dry-run-note";
import { ScanCount } from "./scan-count";

/** Said beside a running dry run: the dialog owns it, so leaving the dialog stops it. */
export const CLOSING_STOPS = "Closing this dialog stops the dry run.";

/**
 * A dry run's count of what `where` picks in a queue, for a dialog that offers it before acting.
 * A dry run this hook forgets (reset, a new count, or the dialog closing) is cancelled: left
 * running, it would hold the queue's lock and keep its messages hidden with nothing on screen to
 * stop it.
 */
export function useMatchCount(account: string, queue: string) {
  const [id, setId] = useState<string | null>(null);
  const start = useStartScan(account, queue);
  const job = useJob(id);
  const cancel = useCancelJob();
  const finished = job.data && job.data.state !== "running" ? job.data : null;
  const counted =
    finished?.scan && ["succeeded", "partial", "nothing_to_do"].includes(finished.state) ? finished.scan.matched : null;
  /** The dry run holds the queue's lock: no other job can start on it meanwhile. */
  const running = start.isPending || (id !== null && !finished);
  const runningId = id !== null && !finished ? id : null;
  // Bumped whenever the count in hand is dropped: a start that answers after that is not ours any more.
  const generation = useRef(0);
  const stopOnLeave = useRef<string | null>(null);
  useEffect(() => {
    stopOnLeave.current = runningId;
  }, [runningId]);
  const { mutate: cancelJob } = cancel;
  useEffect(
    () => () => {
      generation.current += 1;
      if (stopOnLeave.current) cancelJob(stopOnLeave.current);
    },
    [cancelJob],
  );
  const forget = () => {
    generation.current += 1;
    if (runningId) cancelJob(runningId);
    setId(null);
    start.reset();
  };
  return {
    id,
    job: job.data,
    running,
    matched: counted,
    error: start.error,
    cancel: () => runningId && cancelJob(runningId),
    cancelling: cancel.isPending || job.data?.cancelRequested === true,
    count: (action: ScanAction, where: Where) => {
      forget();
      const mine = generation.current;
      start
        .mutateAsync({ action, where, dryRun: true })
        .then((j) => (mine === generation.current ? setId(j.id) : cancelJob(j.id)))
        // The error shows through `error`.
        .catch(() => undefined);
    },
    reset: forget,
  };
}

export type MatchCountState = ReturnType<typeof useMatchCount>;

/** The dry-run button, what a dry run does, its progress and then its count. */
export function MatchCount({
  state,
  queue,
  count,
  onCount,
}: {
  state: MatchCountState;
  queue: string;
  /** The queue's approximate count (for how long messages stay hidden). */
  count: number;
  onCount: () => void;
}) {
  return (
    <div className="space-y-2">
      <DryRunNote count={count} />
      {state.id ? <ScanCount job={state.job} queue={queue} /> : null}
      {state.error ? (
        <p role="alert" className="text-danger">
          {state.error.message}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-2">
        {state.running ? <p className="mr-auto text-xs text-muted">{CLOSING_STOPS}</p> : null}
        {state.id && state.running ? (
          <Button onClick={state.cancel} disabled={state.cancelling}>
            Stop the dry run
          </Button>
        ) : null}
        <Button onClick={onCount} disabled={state.running}>
          {state.running ? "Counting…" : state.id ? "Count again (dry run)" : "Count matches (dry run)"}
        </Button>
      </div>
    </div>
  );
}
