"use client";
import { useId, useState } from "react";
import { useMessageFilter } from "@/lib/hooks/use-message-filter";
import type { DecodeChoice } from "@/lib/messages/decode";
import { describeWhere } from "@/lib/messages/describe-where";
import { decodeChoiceCaveat } from "@/lib/messages/dry-run-caveats";
import { filterToWhere, type WhereResult } from "@/lib/messages/filter-to-where";
import { isFilterActive } from "@/lib/messages/list-filter";
import { formatSeconds } from "@/lib/format";
import { scanVisibility } from "@/lib/validation/scan-visibility";
import type { Where } from "@/lib/validation/where";

export interface FilterWhere {
  /** The queue's current filter as a `where`, fixed when the form opened; null with no filter. */
  result: WhereResult | null;
  checked: boolean;
  setChecked: (on: boolean) => void;
  /** What to send: the filter's `where` when ticked and expressible. */
  where: Where | undefined;
}

/** The Messages-tab filter of the queue page it is on (from the URL), offered to a whole-queue job as "only messages matching". */
export function useFilterWhere(): FilterWhere {
  const { filter } = useMessageFilter();
  const [result] = useState(() => (isFilterActive(filter) ? filterToWhere(filter, Date.now()) : null));
  const [checked, setChecked] = useState(false);
  return { result, checked, setChecked, where: checked && result?.ok ? result.where : undefined };
}

interface ChoiceProps {
  state: FilterWhere;
  verb: string;
  /** The queue's approximate count, and the job's rate: the scan's visibility, as the server works it out. */
  count: number;
  ratePerSecond?: number;
  /** While a dry run of this choice runs, the choice stays as it is (it holds the queue's lock). */
  busy?: boolean;
  /** The list's decoding for this queue: the server matches as Auto decodes, and says so when it differs. */
  decodeChoice?: DecodeChoice;
}

/** The checkbox, with the conditions in words, or why the filter cannot be used. */
export function FilterChoice({ state, verb, count, ratePerSecond, busy = false, decodeChoice = "auto" }: ChoiceProps) {
  const id = useId();
  const { result } = state;
  if (!result) return null;
  const caveat = result.ok ? decodeChoiceCaveat(result.where, decodeChoice) : null;
  return (
    <div>
      <label className="flex items-start gap-2">
        <input
          type="checkbox"
          className="mt-1"
          checked={state.checked}
          disabled={!result.ok || busy}
          onChange={(e) => state.setChecked(e.target.checked)}
          aria-describedby={`${id}-where`}
        />
        <span className="font-medium">Only messages matching the current filter</span>
      </label>
      <p id={`${id}-where`} className="ml-6 text-xs text-muted">
        {result.ok
          ? `${describeWhere(result.where).join("; ")}. ${verb} scans the whole queue: messages that do not match are received once and kept hidden until the pass has seen the whole queue, at most ${formatSeconds(scanVisibility(count, ratePerSecond))}, then released at once (their dequeue count rises by one).`
          : `The current filter cannot be used here: ${result.reason}`}
        {busy ? " Stop the dry run to change this." : ""}
      </p>
      {caveat ? <p className="mt-1 ml-6 text-xs text-warn">{caveat}</p> : null}
    </div>
  );
}
