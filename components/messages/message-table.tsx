"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useImperativeHandle, useRef, type KeyboardEvent, type Ref } from "react";
import { MessageRow } from "./message-row";
import { MessageTableHead } from "./message-table-head";
import { isReceived, type ListRow } from "./use-message-list";

interface Props {
  rows: ListRow[];
  columns: string[];
  inspectedId: string | null;
  selected: ReadonlySet<string>;
  /** Checkboxes only where the user may act on messages. */
  canSelect: boolean;
  onInspect: (id: string) => void;
  onToggle: (id: string, range: boolean) => void;
  onSelectAll: () => void;
  onClearSelection: () => void;
  ref?: Ref<MessageTableHandle>;
}

export interface MessageTableHandle {
  /** Moves focus from outside the list (the filter's ↓) to its first row. */
  focusFirstRow: () => void;
}

// Below this every row is in the page (find-in-page works); above it only those in view are.
// Kept low: 100 full rows cost ~40 ms to paint on a busy machine, past the 50 ms budget.
const VIRTUAL_ABOVE = 60;
const ROW_PX = 36;

export function MessageTable({
  rows,
  columns,
  inspectedId,
  selected,
  canSelect,
  onInspect,
  onToggle,
  onSelectAll,
  onClearSelection,
  ref,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUAL_ABOVE;
  // The virtualizer hands back fresh measurements on every call, which the compiler cannot memoize.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 6,
    enabled: virtual,
  });
  const items = virtual ? virtualizer.getVirtualItems() : null;
  const visible = items ? items.map((i) => i.index) : rows.map((_, i) => i);
  const padTop = items?.[0]?.start ?? 0;
  const padBottom = items ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const span = 4 + columns.length + (canSelect ? 1 : 0) + 1;
  const selectableRows = canSelect ? rows.filter((r) => isReceived(r.message)) : [];
  const selectable = selectableRows.length;
  const chosen = selectableRows.filter((r) => selected.has(r.message.id)).length;

  // Focus at once when the row is rendered, so a key pressed right after acts on it; a row
  // outside the virtual window is scrolled to first.
  const focusRow = (index: number) => {
    const find = () =>
      scroller.current?.querySelector<HTMLButtonElement>(`tr[data-index="${index}"] button[aria-label^="Inspect"]`);
    const row = find();
    if (row) return row.focus();
    virtualizer.scrollToIndex(index);
    requestAnimationFrame(() => find()?.focus());
  };
  useImperativeHandle(ref, () => ({ focusFirstRow: () => focusRow(0) }));
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const tr = (e.target as HTMLElement).closest("tr[data-index]");
    if (!tr || e.altKey || e.ctrlKey || e.metaKey) return;
    const index = Number(tr.getAttribute("data-index"));
    const id = rows[index]?.message.id;
    if (e.key === "ArrowDown" || e.key === "j") focusRow(Math.min(rows.length - 1, index + 1));
    else if (e.key === "ArrowUp" || e.key === "k") focusRow(Math.max(0, index - 1));
    else if (e.key === "x" && id && canSelect) onToggle(id, e.shiftKey);
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={scroller}
      onKeyDown={onKeyDown}
      className="max-h-[65vh] overflow-auto rounded-lg border border-border bg-surface"
    >
      <table className="w-full text-sm">
        <caption className="sr-only">Messages: ↑ ↓ or j k move, Enter inspects, x selects</caption>
        <MessageTableHead
          columns={columns}
          canSelect={canSelect}
          selectable={selectable}
          chosen={chosen}
          onSelectAll={onSelectAll}
          onClearSelection={onClearSelection}
        />
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true" style={{ height: padTop }}>
              <td colSpan={span} />
            </tr>
          ) : null}
          {visible.map((i) => {
            const row = rows[i]!;
            const id = row.message.id;
            return (
              <MessageRow
                key={id}
                row={row}
                index={i}
                columns={columns}
                inspected={id === inspectedId}
                selected={selected.has(id)}
                canSelect={canSelect}
                onInspect={onInspect}
                onToggle={onToggle}
              />
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden="true" style={{ height: padBottom }}>
              <td colSpan={span} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
