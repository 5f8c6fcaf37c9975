// Metadata as editable rows, checked with the same schema the route uses.
import { metadataSchema, type Metadata } from "@/lib/validation/queues";

export interface MetadataRow {
  name: string;
  value: string;
}

export function toRows(metadata: Metadata): MetadataRow[] {
  return Object.entries(metadata).map(([name, value]) => ({ name, value }));
}

/** The metadata the rows describe, or an error per row (by index) and for the whole set. */
export function checkRows(rows: MetadataRow[]): {
  metadata: Metadata | null;
  rowErrors: Record<number, string>;
  formError?: string;
} {
  const rowErrors: Record<number, string> = {};
  const entries = new Map<string, string>();
  rows.forEach((row, i) => {
    if (row.name === "" && row.value === "") return;
    if (row.name === "") rowErrors[i] = "Give this entry a name.";
    else if (entries.has(row.name)) rowErrors[i] = `"${row.name}" is used twice.`;
    else entries.set(row.name, row.value);
  });
  // fromEntries, not assignment: a row named "__proto__" must reach the schema (and be refused there).
  const metadata: Metadata = Object.fromEntries(entries);
  const parsed = metadataSchema.safeParse(metadata);
  let formError: string | undefined;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path[0];
      const index = typeof name === "string" ? rows.findIndex((r) => r.name === name) : -1;
      if (index >= 0) rowErrors[index] ??= issue.message;
      else formError ??= issue.message;
    }
  }
  const ok = Object.keys(rowErrors).length === 0 && !formError;
  return { metadata: ok ? metadata : null, rowErrors, formError };
}
