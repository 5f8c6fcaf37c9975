"use client";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

export interface DataColumn {
  label: string;
  cells: string[];
}

/**
 * A chart with its text alternative: a summary read out in place of the canvas, and a data table
 * anyone can open (the chart itself is hidden from assistive technology).
 */
export function ChartFrame({
  title,
  summary,
  columns,
  children,
}: {
  title: string;
  summary: string;
  columns: DataColumn[];
  children: ReactNode;
}) {
  const [table, setTable] = useState(false);
  const id = useId();
  const rows = columns[0]?.cells.length ?? 0;
  return (
    <figure role="figure" aria-labelledby={`${id}-t`} aria-describedby={`${id}-s`} className="min-w-0">
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <figcaption id={`${id}-t`} className="text-sm font-medium">
          {title}
        </figcaption>
        <Button aria-expanded={table} aria-controls={`${id}-d`} onClick={() => setTable(!table)} className="text-xs">
          {table ? "Hide data table" : "Show data table"}
        </Button>
      </div>
      <p id={`${id}-s`} className="sr-only">
        {summary}
      </p>
      {children}
      <div id={`${id}-d`} hidden={!table} className="mt-2 max-h-72 overflow-auto rounded border border-border">
        {table ? (
          <table className="w-full text-left text-xs tabular-nums">
            <caption className="sr-only">{title}: data</caption>
            <thead className="sticky top-0 bg-surface-2">
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col" className="px-2 py-1 font-medium">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: rows }, (_, i) => (
                <tr key={i} className="border-t border-border">
                  {columns.map((c) => (
                    <td key={c.label} className="px-2 py-0.5">
                      {c.cells[i]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </figure>
  );
}
