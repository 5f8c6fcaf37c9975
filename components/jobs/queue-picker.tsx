"use client";
import { useId } from "react";
import { inputClass } from "@/components/ui/field";
import { useQueueNames } from "@/lib/hooks/use-queues";

/**
 * A searchable target queue: type any part of a name and pick from the browser's suggestions
 * (an input with a datalist is a native combobox, its implicit role, usable by keyboard and screen readers), instead
 * of scrolling a dropdown of hundreds.
 */
export function QueuePicker({
  account,
  exclude,
  value,
  onChange,
  label,
  hideLabel = false,
  placeholder = "Type to search queues…",
}: {
  account: string;
  exclude: string;
  value: string;
  onChange: (name: string) => void;
  label: string;
  hideLabel?: boolean;
  placeholder?: string;
}) {
  // Names only (list pages, no counts), and only while the picker is shown.
  const listing = useQueueNames(account, true);
  const id = useId();
  const names = (listing.data ?? []).filter((n) => n !== exclude);
  const unknown = value !== "" && listing.isSuccess && !names.includes(value);
  return (
    <label className="block">
      <span className={hideLabel ? "sr-only" : "mb-1 block font-medium"}>{label}</span>
      <input
        list={`${id}-queues`}
        value={value}
        onChange={(e) => onChange(e.target.value.trim())}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={unknown || undefined}
        aria-describedby={unknown ? `${id}-error` : undefined}
        className={`${inputClass} border-border font-mono`}
      />
      <datalist id={`${id}-queues`}>
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {unknown ? (
        <span id={`${id}-error`} className="mt-1 block text-xs text-danger">
          No queue “{value}” in this account.
        </span>
      ) : null}
    </label>
  );
}

/** Whether a typed target names a queue of the account: the Move buttons wait for one. `enabled` false (a closed dialog) asks nothing. */
export function useIsKnownQueue(account: string, name: string, enabled = true): boolean {
  const listing = useQueueNames(account, enabled);
  return !!name && !!listing.data?.includes(name);
}
