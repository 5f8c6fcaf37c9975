"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { ScanAction } from "@/lib/hooks/use-scan-jobs";
import { dryRunFigure } from "@/lib/messages/dry-run-caveats";
import type { Where } from "@/lib/validation/where";

interface Props {
  action: ScanAction;
  queue: string;
  matched: number;
  /** What the dry run counted: with a dequeue-count condition its count is only a floor. */
  where: Where;
  pending: boolean;
  onCancel: () => void;
  onRecount: () => void;
  onConfirm: () => void;
}

/** The last step: names the count and the queue; a purge is typed to confirm. */
export function ScanConfirm({ action, queue, matched, where, pending, onCancel, onRecount, onConfirm }: Props) {
  const id = useId();
  const [typed, setTyped] = useState("");
  const { figure: count, floor } = dryRunFigure(matched, where);
  if (matched === 0 && !floor) {
    return (
      <div className="flex flex-wrap items-center justify-end gap-2">
        <p className="mr-auto">
          No message matches: there is nothing to{" "}
          {action.kind === "export" ? "export" : action.kind === "move" ? "move" : "delete"}.
        </p>
        <Button onClick={onRecount} disabled={pending}>
          Count again
        </Button>
        <Button onClick={onCancel}>Close</Button>
      </div>
    );
  }
  const purge = action.kind === "purge";
  // A floor is not the number the job will act on: then only the queue's name confirms.
  const byCount = !floor;
  const confirmed =
    !purge || typed.trim() === queue || (byCount && typed.trim().replaceAll(",", "") === String(matched));
  const label = purge
    ? `Delete ${count} matching messages from ${queue}`
    : action.kind === "move"
      ? `Move ${count} matching messages to ${action.to}`
      : `Export ${count} matching messages`;
  return (
    <div className="space-y-3">
      {floor ? <p className="text-xs text-warn">{floor}</p> : null}
      <p className="text-xs text-muted">
        The job scans the queue again when it starts: messages sent or changed since the dry run are matched as they are
        then, so it may act on a slightly different number. Its card on the Jobs page says what it did.
      </p>
      {purge ? (
        <label className="block">
          <span className="mb-1 block font-medium">
            Type <code className="font-mono">{queue}</code>
            {byCount ? (
              <>
                {" "}
                or <code>{matched}</code>
              </>
            ) : null}{" "}
            to confirm
          </span>
          <input
            id={`${id}-confirm`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className={`${inputClass} border-border font-mono`}
          />
        </label>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button onClick={onRecount} disabled={pending}>
          Count again
        </Button>
        <Button variant={purge ? "danger" : "primary"} disabled={!confirmed || pending} onClick={onConfirm}>
          {pending ? "Starting…" : label}
        </Button>
      </div>
    </div>
  );
}
