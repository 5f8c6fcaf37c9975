"use client";
import { useEffect, useRef, type ReactNode } from "react";
import type { SortKey } from "@/lib/queues/table";
import { METRIC_COLUMNS } from "./queue-metrics-cells";

export interface SortProps {
  sort: SortKey;
  descending: boolean;
  onSort: (key: SortKey) => void;
}

function SortHeader({
  label,
  k,
  p,
  className = "",
  title,
  lead,
}: {
  label: string;
  k: SortKey;
  p: SortProps;
  className?: string;
  title?: string;
  /** Before the sort button, in the same header cell (the select-all box). */
  lead?: ReactNode;
}) {
  const active = p.sort === k;
  return (
    <div
      role="columnheader"
      aria-sort={active ? (p.descending ? "descending" : "ascending") : "none"}
      className={className}
      title={title}
    >
      {lead}
      <button type="button" onClick={() => p.onSort(k)} className="font-medium hover:text-fg">
        {label} <span aria-hidden="true">{active ? (p.descending ? "▼" : "▲") : "↕"}</span>
      </button>
    </div>
  );
}

/** Select-all of the rows shown (after the filters); mixed when only some are. */
function SelectAll({
  all,
  some,
  shown,
  onToggle,
}: {
  all: boolean;
  some: boolean;
  shown: number;
  onToggle: () => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some;
  }, [some]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={all}
      onChange={onToggle}
      aria-label={`Select all ${shown} queues shown`}
      className="size-4 shrink-0"
    />
  );
}

export function QueueTableHeader({
  grid,
  withMetadata,
  select,
  ...sort
}: SortProps & {
  grid: string;
  withMetadata: boolean;
  select: { all: boolean; some: boolean; shown: number; onToggle: () => void } | null;
}) {
  return (
    <div role="rowgroup">
      <div
        role="row"
        aria-rowindex={1}
        className={`${grid} border-b border-border bg-surface-2 py-2 text-left text-muted`}
      >
        <SortHeader
          label="Name"
          k="name"
          p={sort}
          className="flex items-center gap-2"
          lead={select ? <SelectAll {...select} /> : null}
        />
        <SortHeader label="Messages (approx.)" k="depth" p={sort} className="text-right" />
        <div role="columnheader" className="hidden font-medium lg:block">
          24 h
        </div>
        {METRIC_COLUMNS.map((c) => (
          <SortHeader
            key={c.key}
            label={c.label}
            k={c.key}
            p={sort}
            title={c.title}
            className="hidden text-right lg:block"
          />
        ))}
        {withMetadata ? (
          <div role="columnheader" className="hidden font-medium md:block">
            Metadata
          </div>
        ) : null}
      </div>
    </div>
  );
}
