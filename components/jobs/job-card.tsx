"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { useAccountAccess } from "@/components/session/session-context";
import { useCancelJob } from "@/lib/hooks/use-jobs";
import { formatDateTime, formatDecimal, formatNumber, formatSeconds } from "@/lib/format";
import { jobFigures, scanTally, exportedCount } from "@/lib/util/job-figures";
import type { JobDto } from "@/lib/validation/jobs";
import { NOT_SEEN_MEANING } from "./scan-count";

const STATE_STYLE: Record<JobDto["state"], string> = {
  running: "text-accent",
  succeeded: "text-ok",
  partial: "text-warn",
  nothing_to_do: "text-muted",
  failed: "text-danger",
  cancelled: "text-muted",
  interrupted: "text-warn",
};

/** One job: what it moves, a progress bar, the figures, and cancel while it runs. */
export function JobCard({ job, compact = false }: { job: JobDto; compact?: boolean }) {
  const cancel = useCancelJob();
  const canCancel = useAccountAccess(job.account).operate;
  const f = jobFigures(job);
  const q = (name: string) => (
    <Link
      href={`/accounts/${encodeURIComponent(job.account)}/queues/${encodeURIComponent(name)}`}
      className="font-mono text-accent hover:underline"
    >
      {name}
    </Link>
  );
  const action = {
    move: `Move from ${job.source} to ${job.target}`,
    clear: `Clear ${job.source}`,
    send: `Send messages to ${job.source}`,
    export: `Export ${job.source}`,
    purge: `Purge matching messages from ${job.source}`,
  }[job.kind];
  // A dry run and the job it precedes must not share a name (screen readers, and finding the right card).
  const label = job.options.dryRun ? `Dry run: ${action}` : action;
  // A predicate scan counts the messages it looked at; what it did with the matches is in its figures.
  const verb = job.scan
    ? "scanned"
    : { move: "moved", clear: "cleared", send: "sent", export: "exported", purge: "deleted" }[job.kind];
  return (
    <article aria-label={label} className="space-y-2 rounded-lg border border-border bg-surface p-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p>
          {job.kind === "move" ? (
            <>
              Move {q(job.source)} → {job.target ? q(job.target) : null}
            </>
          ) : (
            <>
              {{ clear: "Clear", send: "Send to", export: "Export", purge: "Purge" }[job.kind]} {q(job.source)}
            </>
          )}
          {job.options.dryRun ? <span className="ml-2 text-muted">(dry run)</span> : null}
          <span className={`ml-2 font-semibold ${STATE_STYLE[job.state]}`}>
            {job.state === "running" && job.cancelRequested ? "cancelling" : job.state.replaceAll("_", " ")}
          </span>
        </p>
        {job.state === "running" && !job.cancelRequested && canCancel ? (
          <Button onClick={() => cancel.mutate(job.id)} disabled={cancel.isPending}>
            {cancel.isPending ? "Cancelling…" : "Cancel"}
          </Button>
        ) : null}
      </div>
      {compact && job.state !== "running" ? null : (
        <progress
          max={100}
          value={f.percent ?? undefined}
          aria-label={`Progress: ${label}`}
          aria-valuetext={`${job.processed} ${verb} of ${job.total ?? "?"}`}
          className="h-2 w-full"
        />
      )}
      <p className="text-xs text-muted tabular-nums">
        {formatNumber(job.processed)} {verb}
        {job.total !== null ? ` of ~${formatNumber(job.total)}` : ""}
        {job.failed ? ` · ${job.failed} failed${job.kind === "move" ? ` (left in ${job.source})` : ""}` : ""}
        {job.duplicated ? ` · ${job.duplicated} duplicated` : ""}
        {scanTally(job)}
        {f.remaining !== null && job.state === "running" ? ` · ~${formatNumber(f.remaining)} remaining` : ""}
        {` · ${formatDecimal(f.ratePerSecond)}/s · ${formatSeconds(f.elapsedSeconds)}`}
        {f.etaSeconds !== null ? ` · ETA ${formatSeconds(f.etaSeconds)}` : ""}
        {job.startedBy ? ` · started by ${job.startedBy}` : ""}
      </p>
      <p className="text-xs text-muted tabular-nums">
        Started {formatDateTime(job.createdAt)}
        {job.finishedAt
          ? ` · finished ${formatDateTime(job.finishedAt)} · took ${formatSeconds(f.elapsedSeconds)}`
          : ""}
      </p>
      {!compact && job.duplicated ? (
        <p className="text-xs">
          Duplicated: copied to {job.target}, but the copy in {job.source} could not be deleted (another consumer
          received it, or its visibility timeout ran out). Nothing was lost.
        </p>
      ) : null}
      {!compact && job.scan?.notSeen ? <p className="text-xs text-warn">{NOT_SEEN_MEANING}</p> : null}
      {job.download ? (
        <a href={job.download} download className="inline-block text-xs font-medium text-accent hover:underline">
          Download NDJSON ({formatNumber(exportedCount(job))} messages)
        </a>
      ) : null}
      {job.error ? (
        <p role="alert" className="text-xs text-danger">
          {job.error}
        </p>
      ) : null}
      {job.note ? (
        <p className={`text-xs ${job.state === "partial" || job.state === "interrupted" ? "text-warn" : "text-muted"}`}>
          {job.note}
        </p>
      ) : null}
    </article>
  );
}
