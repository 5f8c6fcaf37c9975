"use client";
import { inputClass } from "@/components/ui/field";
import { JOB_STATE_FILTERS } from "@/lib/url-state";
import { JOB_KINDS, type JobKind } from "@/lib/validation/job-kinds";

export interface JobFilterValue {
  state: (typeof JOB_STATE_FILTERS)[number] | null;
  kind: JobKind | null;
  queue: string;
}

const STATE_LABELS = { running: "Running", finished: "Finished", failed: "Failed or partial" } as const;
const KIND_LABELS: Record<JobKind, string> = {
  move: "Move",
  clear: "Clear",
  send: "Send",
  export: "Export",
  purge: "Purge",
};

/** State, kind and queue: kept in the URL by the page, so a filtered list can be shared. */
export function JobFilters({
  value,
  onChange,
}: {
  value: JobFilterValue;
  onChange: (v: Partial<JobFilterValue>) => void;
}) {
  const select = `${inputClass} mt-1 border-border font-normal`;
  return (
    <form
      role="search"
      aria-label="Filter jobs"
      className="grid gap-3 sm:grid-cols-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="text-sm font-medium">
        State
        <select
          className={select}
          value={value.state ?? ""}
          onChange={(e) => onChange({ state: (e.target.value || null) as JobFilterValue["state"] })}
        >
          <option value="">Any</option>
          {JOB_STATE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Kind
        <select
          className={select}
          value={value.kind ?? ""}
          onChange={(e) => onChange({ kind: (e.target.value || null) as JobKind | null })}
        >
          <option value="">Any</option>
          {JOB_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Queue
        <input
          type="search"
          data-page-filter
          aria-keyshortcuts="/"
          className={select}
          value={value.queue}
          placeholder="source or target, any part"
          onChange={(e) => onChange({ queue: e.target.value })}
        />
      </label>
    </form>
  );
}
