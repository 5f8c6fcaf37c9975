"use client";
import { useId, type Ref } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { isFilterActive, type MessageFilter } from "@/lib/messages/list-filter";

const AGES: [string, number | null][] = [
  ["Any age", null],
  ["Older than 5 min", 300],
  ["Older than 1 hour", 3600],
  ["Older than 1 day", 86_400],
  ["Older than 7 days", 604_800],
];

interface Props {
  filter: MessageFilter;
  error: string | null;
  onChange: (patch: Partial<MessageFilter>) => void;
  onClear: () => void;
  searchRef: Ref<HTMLInputElement>;
  /** Given to operators: the filter as a purge, move or export of the whole queue. */
  onApplyWholeQueue?: () => void;
}

/** The filter over loaded messages: substring, a JSONPath condition, dequeue count and age. */
export function MessageFilterBar({ filter, error, onChange, onClear, searchRef, onApplyWholeQueue }: Props) {
  const id = useId();
  return (
    <div role="search" aria-label="Filter loaded messages" className="flex flex-wrap items-start gap-3">
      <label className="min-w-48 flex-[2] text-sm">
        <span className="mb-1 block whitespace-nowrap font-medium">
          Search loaded messages <kbd className="ml-1 rounded border border-border px-1 text-xs text-muted">/</kbd>
        </span>
        <input
          ref={searchRef}
          type="search"
          data-page-filter
          data-workbench-filter
          aria-keyshortcuts="/"
          value={filter.text}
          onChange={(e) => onChange({ text: e.target.value })}
          placeholder="text, decoded text or id"
          className={`${inputClass} border-border`}
        />
      </label>
      <div className="min-w-48 flex-[2] text-sm">
        <label htmlFor={`${id}-json`} className="mb-1 block font-medium">
          JSONPath condition
        </label>
        <input
          id={`${id}-json`}
          value={filter.json}
          onChange={(e) => onChange({ json: e.target.value })}
          placeholder='$.error == "Timeout"'
          data-workbench-filter
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-json-help`}
          className={`${inputClass} border-border font-mono`}
        />
        <p id={`${id}-json-help`} className={`mt-1 text-xs ${error ? "text-danger" : "text-muted"}`}>
          {error ?? 'path op value: $.a.b, $.items[0].sku, $["a b"]; ==, !=, >, >=, <, <=; "text", 3, true, null'}
        </p>
      </div>
      <label className="w-32 text-sm">
        <span className="mb-1 block font-medium">Dequeued ≥</span>
        <input
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={filter.dequeueCountAtLeast ?? ""}
          // A count is whole: the server refuses 2.5, so a decimal point or exponent is never typed.
          onKeyDown={(e) => {
            if ([".", ",", "e", "E", "+", "-"].includes(e.key)) e.preventDefault();
          }}
          onChange={(e) =>
            onChange({
              dequeueCountAtLeast: e.target.value === "" ? null : Math.max(0, Math.trunc(Number(e.target.value))),
            })
          }
          className={`${inputClass} border-border`}
        />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Age</span>
        <select
          value={filter.olderThan ?? ""}
          onChange={(e) => onChange({ olderThan: e.target.value === "" ? null : Number(e.target.value) })}
          className={`${inputClass} border-border`}
        >
          {AGES.map(([label, seconds]) => (
            <option key={label} value={seconds ?? ""}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {isFilterActive(filter) ? (
        <Button className="sm:mt-6" onClick={onClear}>
          Clear filter
        </Button>
      ) : null}
      {isFilterActive(filter) && onApplyWholeQueue ? (
        <Button className="sm:mt-6" onClick={onApplyWholeQueue} disabled={error !== null}>
          Apply to the whole queue…
        </Button>
      ) : null}
    </div>
  );
}
