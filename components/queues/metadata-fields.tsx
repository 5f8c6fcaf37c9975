"use client";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { MetadataRow } from "@/lib/queues/metadata-rows";

interface Props {
  rows: MetadataRow[];
  onChange: (rows: MetadataRow[]) => void;
  rowErrors: Record<number, string>;
}

/** Name/value rows for queue metadata; errors sit next to the row they belong to. */
export function MetadataFields({ rows, onChange, rowErrors }: Props) {
  const set = (i: number, patch: Partial<MetadataRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-sm font-medium">Metadata</legend>
      {rows.length === 0 ? <p className="text-sm text-muted">No metadata.</p> : null}
      {rows.map((row, i) => (
        <div key={i}>
          <div className="flex gap-2">
            <input
              aria-label={`Metadata name ${i + 1}`}
              value={row.name}
              onChange={(e) => set(i, { name: e.target.value })}
              placeholder="name"
              aria-invalid={rowErrors[i] ? true : undefined}
              className={`${inputClass} border-border font-mono`}
            />
            <input
              aria-label={`Metadata value ${i + 1}`}
              value={row.value}
              onChange={(e) => set(i, { value: e.target.value })}
              placeholder="value"
              className={`${inputClass} border-border font-mono`}
            />
            <Button
              aria-label={`Remove metadata ${row.name || i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              ✕
            </Button>
          </div>
          {rowErrors[i] ? (
            <p role="alert" className="mt-1 text-xs text-danger">
              {rowErrors[i]}
            </p>
          ) : null}
        </div>
      ))}
      <Button onClick={() => onChange([...rows, { name: "", value: "" }])}>+ Add metadata</Button>
    </fieldset>
  );
}
