"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { QueueRow } from "@/lib/queues/table";
import { METRIC_TRACKS } from "./queue-metrics-cells";
import type { RowActionAccess } from "./queue-row-menu";
import { QueueTableHeader, type SortProps } from "./queue-table-header";
import { QueueTableRow } from "./queue-table-row";
import type { QueueSelection } from "./use-queue-selection";

const ROW_HEIGHT = 44;
/** Rows the server renders (and the first frame shows) before the browser has measured the scroll box. */
const FIRST_PAINT_ROWS = 16;
// Metadata is the first column to go: on a phone, and when no queue has any (an empty column would
// squeeze every name to "audit-…"). The sampled figures join from lg on.
const GRID_WITH_METADATA = `grid grid-cols-[minmax(0,1fr)_7rem] md:grid-cols-[minmax(0,2fr)_10rem_minmax(0,2fr)] ${METRIC_TRACKS} items-center gap-3 md:gap-4 px-3 md:px-4`;
const GRID_NAMES_ONLY = `grid grid-cols-[minmax(0,1fr)_7rem] md:grid-cols-[minmax(0,1fr)_10rem] ${METRIC_TRACKS} items-center gap-3 md:gap-4 px-3 md:px-4`;

interface Props extends SortProps {
  account: string;
  rows: QueueRow[];
  /** Rows in the view; more than `rows` while only the first screen is here. */
  rowCount: number;
  /** The depth bars' scale: the largest depth in the view. */
  maxDepth: number;
  counting: boolean;
  access: RowActionAccess;
  /** Null: no checkboxes (the user may neither clear nor delete here). */
  selection: QueueSelection | null;
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
    // Without a size the server would render no row at all; the browser measures the real one at once.
    initialRect: { width: 1024, height: FIRST_PAINT_ROWS * ROW_HEIGHT },
  });
  const withMetadata = p.rows.some((r) => Object.keys(r.metadata).length > 0);
  const grid = withMetadata ? GRID_WITH_METADATA : GRID_NAMES_ONLY;
  const sel = p.selection;

  return (
    <div
      role="table"
      aria-label="Queues"
      aria-rowcount={p.rowCount + 1}
      className="rounded-lg border border-border bg-surface text-sm"
    >
      <QueueTableHeader
        grid={grid}
        withMetadata={withMetadata}
        sort={p.sort}
        descending={p.descending}
        onSort={p.onSort}
        select={sel ? { all: sel.allShown, some: sel.someShown, shown: p.rows.length, onToggle: sel.toggleAll } : null}
      />
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
            return (
              <QueueTableRow
                key={q.name}
                account={p.account}
                row={q}
                index={item.index}
                grid={grid}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                counting={p.counting}
                max={p.maxDepth}
                withMetadata={withMetadata}
                access={p.access}
                select={sel ? { checked: sel.has(q.name), onToggle: (range) => sel.toggle(q.name, range) } : null}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
