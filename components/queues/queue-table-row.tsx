"use client";
import Link from "next/link";
import type { CSSProperties } from "react";
import { formatNumber } from "@/lib/format";
import type { QueueRow } from "@/lib/queues/table";
import { pageUrls } from "@/lib/api/urls";
import { MetricCells, SparkCell } from "./queue-metrics-cells";
import { QueueRowMenu, type RowActionAccess } from "./queue-row-menu";

interface Props {
  account: string;
  row: QueueRow;
  index: number;
  grid: string;
  style: CSSProperties;
  counting: boolean;
  /** The largest count shown: the depth bar's full width. */
  max: number;
  withMetadata: boolean;
  access: RowActionAccess;
  /** Null when the user may act on no queue in bulk (viewers, read-only accounts). */
  select: { checked: boolean; onToggle: (range: boolean) => void } | null;
}

export function QueueTableRow({
  account,
  row: q,
  index,
  grid,
  style,
  counting,
  max,
  withMetadata,
  access,
  select,
}: Props) {
  const count = q.approximateMessagesCount;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={select ? select.checked : undefined}
      className={`${grid} absolute inset-x-0 border-b border-border hover:bg-surface-2 ${select?.checked ? "bg-accent/10" : ""}`}
      style={style}
    >
      <div role="rowheader" className="flex min-w-0 items-center gap-2">
        {select ? (
          <input
            type="checkbox"
            checked={select.checked}
            // A click carries shiftKey (range selection); the keyboard's Space arrives as a click too.
            onClick={(e) => select.onToggle(e.shiftKey)}
            onChange={() => undefined}
            aria-label={`Select ${q.name}`}
            className="size-4 shrink-0"
          />
        ) : null}
        <Link
          href={pageUrls.queue(account, q.name)}
          id={index === 0 ? "first-queue" : undefined}
          title={q.name}
          className="min-w-[8ch] truncate font-mono text-accent hover:underline"
        >
          {q.name}
        </Link>
        {q.poison ? (
          <span className="shrink-0 rounded bg-warn-bg px-1.5 py-0.5 text-xs font-semibold text-warn">poison</span>
        ) : null}
        {q.parent ? (
          <Link
            href={pageUrls.queue(account, q.parent)}
            className="hidden min-w-0 truncate text-xs text-muted hover:underline sm:inline"
            title={`Parent queue ${q.parent}`}
            aria-label={`Parent queue ${q.parent}`}
          >
            ↳ {q.parent}
          </Link>
        ) : null}
        <span className="ml-auto" />
        <QueueRowMenu account={account} row={q} access={access} />
      </div>
      <div role="cell" className="flex items-center justify-end gap-2 tabular-nums">
        {count === undefined ? (
          <span className="text-muted" aria-label={counting ? "counting" : "no count"}>
            {counting ? "…" : "—"}
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
            <span key={k} className="truncate rounded bg-surface-2 px-1.5 py-0.5 font-mono text-xs" title={`${k}=${v}`}>
              {k}={v}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}
