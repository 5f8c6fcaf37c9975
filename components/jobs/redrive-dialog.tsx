"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/field";
import { useDecodePreference } from "@/lib/hooks/use-decode-preference";
import { useStartMove } from "@/lib/hooks/use-jobs";
import { dryRunFigure } from "@/lib/messages/dry-run-caveats";
import { FilterChoice, useFilterWhere } from "./filter-choice";
import { MatchCount, useMatchCount } from "./match-count";
import { formatNumber } from "@/lib/format";

interface Props {
  account: string;
  source: string;
  target: string;
  count: number;
  open: boolean;
  onClose: () => void;
  /** A sentence for what started; the job's own toast follows it either way. */
  onStarted?: (status: string) => void;
}

export function RedriveDialog(props: Props) {
  return (
    <Dialog open={props.open} onClose={props.onClose} title={`Redrive ${props.source} to ${props.target}`}>
      <RedriveForm {...props} />
    </Dialog>
  );
}

/** Like the SQS console's redrive: what, where to, how fast, and optionally only what the filter picks. */
function RedriveForm({ account, source, target, count, onClose, onStarted }: Props) {
  const id = useId();
  const filterWhere = useFilterWhere();
  const counter = useMatchCount(account, source);
  // A count is for one filter choice: ticking or unticking forgets it (the box is locked while one runs).
  const filter = { ...filterWhere, setChecked: (on: boolean) => (filterWhere.setChecked(on), counter.reset()) };
  const [decodeChoice] = useDecodePreference(account, source);
  const [rate, setRate] = useState("");
  const start = useStartMove(account, source);
  const rateValue = rate.trim() === "" ? undefined : Number(rate);
  const rateError =
    rateValue !== undefined && !(rateValue >= 0.1 && rateValue <= 10_000)
      ? "Give a rate from 0.1 to 10,000 messages/s, or leave it empty for full speed."
      : null;
  const filtered = filter.where;
  const about = `~${formatNumber(count)}`;
  const counted = filtered && counter.matched !== null ? dryRunFigure(counter.matched, filtered) : null;
  const submit = () =>
    start.mutate(
      {
        to: target,
        ...(rateValue !== undefined ? { ratePerSecond: rateValue } : {}),
        ...(filtered ? { where: filtered } : {}),
      },
      {
        onSuccess: () => {
          onStarted?.(
            filtered
              ? `Redriving ${!counted ? "the" : counted.floor ? counted.figure : `about ${counted.figure}`} messages of ${source} that match the filter to ${target}; the job shows how many.`
              : `Redriving ${about} messages from ${source} to ${target}.`,
          );
          onClose();
        },
      },
    );
  return (
    <form
      className="space-y-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (!rateError) submit();
      }}
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-muted">Messages</dt>
        <dd>
          {filtered ? (
            <>
              {counted ? <strong className="tabular-nums">{counted.figure}</strong> : "Those"} matching the filter of{" "}
              {about} in <span className="font-mono">{source}</span>{" "}
              <span className="text-xs text-muted">
                {counted ? "(as the dry run counted)" : "(count them with a dry run below)"}
              </span>
              {counted?.floor ? <span className="block text-xs text-warn">{counted.floor}</span> : null}
            </>
          ) : (
            <>
              <strong className="tabular-nums">{about}</strong> in <span className="font-mono">{source}</span>{" "}
              <span className="text-xs text-muted">(approximate; includes messages that are invisible right now)</span>
            </>
          )}
        </dd>
        <dt className="text-muted">Target</dt>
        <dd className="font-mono">{target}</dd>
      </dl>
      <label className="block">
        <span className="mb-1 block font-medium">Rate (messages/s, optional)</span>
        <input
          type="number"
          inputMode="decimal"
          min={0.1}
          max={10_000}
          step="any"
          value={rate}
          onChange={(e) => setRate(e.target.value)}
          placeholder="full speed"
          aria-invalid={rateError ? true : undefined}
          aria-describedby={`${id}-rate`}
          className={`${inputClass} border-border`}
        />
        <span id={`${id}-rate`} className={`mt-1 block text-xs ${rateError ? "text-danger" : "text-muted"}`}>
          {rateError ??
            "A slow rate lets the consumers of the target keep up; empty moves as fast as the storage allows."}
        </span>
      </label>
      <FilterChoice
        state={filter}
        verb="The redrive"
        count={count}
        ratePerSecond={rateError ? undefined : rateValue}
        busy={counter.running}
        decodeChoice={decodeChoice}
      />
      {filtered ? (
        <MatchCount
          state={counter}
          queue={source}
          count={count}
          onCount={() => counter.count({ kind: "move", to: target }, filtered)}
        />
      ) : null}
      {start.error ? (
        <p role="alert" className="text-danger">
          {start.error.message}
        </p>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={start.isPending || rateError !== null || counter.running}>
          {start.isPending
            ? "Starting…"
            : `${filtered ? `Redrive ${counted ? `${counted.figure} ` : ""}matching messages` : `Redrive ${about} messages`} to ${target}${rateValue ? ` at ${rateValue}/s` : ""}`}
        </Button>
      </div>
    </form>
  );
}
