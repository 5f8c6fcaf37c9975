"use client";
import { inputClass } from "@/components/ui/field";

export const AUDIT_FILTERS = ["user", "action", "account", "queue", "outcome"] as const;
export type AuditFilters = Record<(typeof AUDIT_FILTERS)[number], string>;

const TEXT_FILTERS = [
  { key: "user", label: "User" },
  { key: "action", label: "Action", placeholder: "e.g. queue.move" },
  { key: "account", label: "Account" },
  { key: "queue", label: "Queue" },
] as const;

export function AuditFilterBar({ value, onChange }: { value: AuditFilters; onChange: (v: AuditFilters) => void }) {
  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5"
      onSubmit={(e) => e.preventDefault()}
    >
      {TEXT_FILTERS.map((f) => (
        <label key={f.key} className="text-sm font-medium">
          {f.label}
          <input
            type="search"
            data-page-filter={f.key === "user" ? true : undefined}
            className={`${inputClass} mt-1 border-border font-normal`}
            value={value[f.key]}
            placeholder={"placeholder" in f ? f.placeholder : "any"}
            onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
          />
        </label>
      ))}
      <label className="text-sm font-medium">
        Outcome
        <select
          className={`${inputClass} mt-1 border-border font-normal`}
          value={value.outcome}
          onChange={(e) => onChange({ ...value, outcome: e.target.value })}
        >
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="denied">denied</option>
          <option value="failed">failed</option>
          <option value="partial">partial</option>
          <option value="cancelled">cancelled</option>
          <option value="interrupted">interrupted</option>
          <option value="pending">pending (no outcome recorded)</option>
        </select>
      </label>
    </form>
  );
}
