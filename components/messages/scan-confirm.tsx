"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { ScanAction } from "@/lib/hooks/use-scan-jobs";
import { formatNumber } from "@/lib/format";

interface Props {
  action: ScanAction;
  queue: string;
  matched: number;
  pending: boolean;
  onCancel: () => void;
  onRecount: () => void;
  onConfirm: () => void;
}

/** The last step: names the count and the queue; a purge is typed to confirm. */
export function ScanConfirm({ action, queue, matched, pending, onCancel, onRecount, onConfirm }: Props) {
  const id = useId();
  const [typed, setTyped] = useState("");
  const count = formatNumber(matched);
  if (matched === 0) {
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
  const confirmed = !purge || typed.trim() === queue || typed.trim().replaceAll(",", "") === String(matched);
  const label = purge
    ? `Delete ${count} matching messages from ${queue}`
    : action.kind === "move"
      ? `Move ${count} matching messages to ${action.to}`
      : `Export ${count} matching messages`;
  return (
    <div className="space-y-3">
      <p className="text-xs text-muted">
        The job scans the queue again when it starts: messages sent or changed since the dry run are matched as they are
        then, so it may act on a slightly different number. Its card on the Jobs page says what it did.
      </p>
      {purge ? (
        <label className="block">
          <span className="mb-1 block font-medium">
            Type <code className="font-mono">{queue}</code> or <code>{matched}</code> to confirm
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
