"use client";
import { useId } from "react";
import { inputClass } from "@/components/ui/field";
import { QueuePicker } from "@/components/jobs/queue-picker";
import type { ScanAction } from "@/lib/hooks/use-scan-jobs";
import { DECODE_AS, type DecodeAs } from "@/lib/validation/job-kinds";

export const DECODE_LABELS: Record<DecodeAs, string> = {
  raw: "Raw (the stored text)",
  decoded: "Decoded text (as the inspector shows it)",
  both: "Both",
};

const KINDS = [
  ["purge", "Delete what matches", "Purge: the matching messages are deleted for good."],
  ["move", "Move what matches", "To another queue of this account, chosen by name."],
  ["export", "Export what matches", "To an NDJSON file; the messages stay in the queue."],
] as const;

/** Which whole-queue action, with its one option: the target queue or what to write. */
export function ScanActionPicker({
  account,
  queue,
  action,
  onChange,
  disabled,
}: {
  account: string;
  queue: string;
  action: ScanAction;
  onChange: (a: ScanAction) => void;
  disabled: boolean;
}) {
  const id = useId();
  const pick = (kind: ScanAction["kind"]) =>
    onChange(kind === "purge" ? { kind } : kind === "move" ? { kind, to: "" } : { kind, decodeAs: "both" });
  return (
    <fieldset disabled={disabled} className="space-y-2">
      <legend className="mb-1 font-medium">What to do with the matching messages</legend>
      {KINDS.map(([kind, label, hint]) => (
        <label key={kind} className="flex items-start gap-2">
          <input
            type="radio"
            name={`${id}-kind`}
            className="mt-1"
            checked={action.kind === kind}
            onChange={() => pick(kind)}
            aria-describedby={`${id}-${kind}`}
          />
          <span>
            <span className="font-medium">{label}</span>
            <span id={`${id}-${kind}`} className="block text-xs text-muted">
              {hint}
            </span>
          </span>
        </label>
      ))}
      {action.kind === "move" ? (
        // Names only (list pages), like the Move dialog: never a count per queue of the account.
        <QueuePicker
          account={account}
          exclude={queue}
          value={action.to}
          onChange={(to) => onChange({ ...action, to })}
          label="Target queue"
          placeholder="queue name"
        />
      ) : null}
      {action.kind === "export" ? (
        <label className="block">
          <span className="mb-1 block font-medium">Write each message as</span>
          <select
            value={action.decodeAs}
            onChange={(e) => onChange({ ...action, decodeAs: e.target.value as DecodeAs })}
            className={`${inputClass} border-border`}
          >
            {DECODE_AS.map((d) => (
              <option key={d} value={d}>
                {DECODE_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </fieldset>
  );
}
