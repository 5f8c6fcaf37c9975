"use client";
import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { parsePath } from "@/lib/messages/json-condition";
import type { ListRow } from "./use-message-list";

const MAX_COLUMNS = 8;

/** Top-level keys of the first JSON messages, offered as column suggestions. */
function suggestions(rows: ListRow[]): string[] {
  const keys = new Set<string>();
  for (const row of rows.slice(0, 50)) {
    const doc = row.filterable.json();
    if (doc && typeof doc === "object" && !Array.isArray(doc)) for (const k of Object.keys(doc)) keys.add(k);
  }
  return [...keys].slice(0, 40);
}

/** JSON fields shown as columns of the list (`orderId`, `$.items[0].sku`), remembered per queue. */
export function MessageColumns({
  rows,
  columns,
  onChange,
}: {
  rows: ListRow[];
  columns: string[];
  onChange: (columns: string[]) => void;
}) {
  const [draft, setDraft] = useState("");
  const id = useId();
  const offered = useMemo(() => suggestions(rows), [rows]);
  const parsed = draft.trim() ? parsePath(draft) : null;
  const error =
    parsed && (!parsed.ok ? parsed.error : parsed.rest.trim() ? "A column is a path only, without an operator." : null);
  const add = () => {
    const column = draft.trim();
    if (!column || error || columns.includes(column) || columns.length >= MAX_COLUMNS) return;
    onChange([...columns, column]);
    setDraft("");
  };

  return (
    <div className="flex min-w-0 flex-1 flex-wrap items-center gap-2 text-sm">
      <form
        className="flex flex-wrap items-center gap-2 sm:flex-nowrap"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label htmlFor={id} className="whitespace-nowrap font-medium">
          JSON column
        </label>
        <input
          id={id}
          list={`${id}-keys`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="orderId or $.items[0].sku"
          aria-invalid={error ? true : undefined}
          className={`${inputClass} w-52 border-border font-mono`}
        />
        <datalist id={`${id}-keys`}>
          {offered.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        <Button
          type="submit"
          className="whitespace-nowrap"
          disabled={!draft.trim() || !!error || columns.length >= MAX_COLUMNS}
        >
          Add column
        </Button>
      </form>
      {error ? (
        <span role="alert" className="text-xs text-danger">
          {error}
        </span>
      ) : null}
      <ul aria-label="JSON columns" className="flex flex-wrap gap-1.5">
        {columns.map((c) => (
          <li
            key={c}
            className="flex items-center gap-1 rounded-full border border-border bg-surface-2 py-0.5 pl-2.5 pr-1 font-mono text-xs"
          >
            {c}
            <button
              type="button"
              aria-label={`Remove column ${c}`}
              onClick={() => onChange(columns.filter((x) => x !== c))}
              className="rounded-full px-1 text-muted hover:text-fg"
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
