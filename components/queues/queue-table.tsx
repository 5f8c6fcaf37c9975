"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useRef } from "react";
import { formatNumber } from "@/lib/format";
import type { QueueRow, SortKey } from "@/lib/queues/table";
import { METRIC_COLUMNS, METRIC_TRACKS, MetricCells, SparkCell } from "./queue-metrics-cells";
import { QueueRowMenu } from "./queue-row-menu";

const ROW_HEIGHT = 44;
// Metadata is the first column to go: on a phone, and when no queue has any (an empty column would
// squeeze every name to "audit-…"). The sampled figures join from lg on.
const GRID_WITH_METADATA = `grid grid-cols-[minmax(0,1fr)_7rem] md:grid-cols-[minmax(0,2fr)_10rem_minmax(0,2fr)] ${METRIC_TRACKS} items-center gap-3 md:gap-4 px-3 md:px-4`;
const GRID_NAMES_ONLY = `grid grid-cols-[minmax(0,1fr)_7rem] md:grid-cols-[minmax(0,1fr)_10rem] ${METRIC_TRACKS} items-center gap-3 md:gap-4 px-3 md:px-4`;

interface Props {
  account: string;
  rows: QueueRow[];
  counting: boolean;
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
}: {
  label: string;
  k: SortKey;
  p: Props;
  className?: string;
  title?: string;
}) {
  const active = p.sort === k;
  return (
    <div
      role="columnheader"
      aria-sort={active ? (p.descending ? "descending" : "ascending") : "none"}
      className={className}
      title={title}
    >
      <button type="button" onClick={() => p.onSort(k)} className="font-medium hover:text-fg">
        {label} <span aria-hidden="true">{active ? (p.descending ? "▼" : "▲") : "↕"}</span>
      </button>
    </div>
  );
}

/** A virtualized ARIA table: 10,000 rows cost what the visible 20 cost. */
export function QueueTable(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The app does not use the React Compiler, so the virtualizer's unmemoizable API is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: p.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const max = p.rows.reduce((m, r) => Math.max(m, r.approximateMessagesCount ?? 0), 0);
  const base = `/accounts/${encodeURIComponent(p.account)}/queues`;
  const withMetadata = p.rows.some((r) => Object.keys(r.metadata).length > 0);
  const GRID = withMetadata ? GRID_WITH_METADATA : GRID_NAMES_ONLY;

  return (
    <div
      role="table"
      aria-label="Queues"
      aria-rowcount={p.rows.length + 1}
      className="rounded-lg border border-border bg-surface text-sm"
    >
      <div role="rowgroup">
        <div
          role="row"
          aria-rowindex={1}
          className={`${GRID} border-b border-border bg-surface-2 py-2 text-left text-muted`}
        >
          <SortHeader label="Name" k="name" p={p} />
          <SortHeader label="Messages (approx.)" k="depth" p={p} className="text-right" />
          <div role="columnheader" className="hidden font-medium lg:block">
            24 h
          </div>
          {METRIC_COLUMNS.map((c) => (
            <SortHeader
              key={c.key}
              label={c.label}
              k={c.key}
              p={p}
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
      <div
        ref={scrollRef}
        role="rowgroup"
        className="max-h-[calc(100vh-19rem)] min-h-24 overflow-auto"
        tabIndex={0}
        aria-label="Queue rows"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const q = p.rows[item.index]!;
            const count = q.approximateMessagesCount;
            return (
              <div
                key={q.name}
                role="row"
                aria-rowindex={item.index + 2}
                className={`${GRID} absolute inset-x-0 border-b border-border hover:bg-surface-2`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <div role="rowheader" className="flex min-w-0 items-center gap-2">
                  <Link
                    href={`${base}/${encodeURIComponent(q.name)}`}
                    id={item.index === 0 ? "first-queue" : undefined}
                    title={q.name}
                    className="truncate font-mono text-accent hover:underline"
                  >
                    {q.name}
                  </Link>
                  {q.poison ? (
                    <span className="shrink-0 rounded bg-warn-bg px-1.5 py-0.5 text-xs font-semibold text-warn">
                      poison
                    </span>
                  ) : null}
                  {q.parent ? (
                    <Link
                      href={`${base}/${encodeURIComponent(q.parent)}`}
                      className="hidden shrink-0 text-xs text-muted hover:underline sm:inline"
                      aria-label={`Parent queue ${q.parent}`}
                    >
                      ↳ {q.parent}
                    </Link>
                  ) : null}
                  <span className="ml-auto" />
                  <QueueRowMenu account={p.account} queue={q.name} parent={q.parent} />
                </div>
                <div role="cell" className="flex items-center justify-end gap-2 tabular-nums">
                  {count === undefined ? (
                    <span className="text-muted" aria-label={p.counting ? "counting" : "no count"}>
                      {p.counting ? "…" : "—"}
                    </span>
                  ) : (
                    <>
                      <span
                        aria-hidden="true"
                        className="h-1.5 rounded bg-accent/60"
                        style={{ width: `${count && max ? Math.max(2, (count / max) * 64) : 0}px` }}
                      />
                      {formatNumber(count)}
                    </>
                  )}
                </div>
                <SparkCell row={q} />
                <MetricCells row={q} />
                {withMetadata ? (
                  <div role="cell" className="hidden min-w-0 gap-1 overflow-hidden md:flex">
                    {Object.entries(q.metadata).map(([k, v]) => (
                      <span
                        key={k}
                        className="truncate rounded bg-surface-2 px-1.5 py-0.5 font-mono text-xs"
                        title={`${k}=${v}`}
                      >
                        {k}={v}
                      </span>
                    ))}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
