"use client";
import { memo } from "react";
import { readPath, parsePath } from "@/lib/messages/json-condition";
import { formatDateTime, formatNumber, relativeAge } from "@/lib/format";
import { CopyButton } from "./copy-button";
import { isReceived, type ListRow } from "./use-message-list";

export const HIGH_DEQUEUE_COUNT = 5;
const PEEKED_NOTE =
  "Peeked: a peek holds no pop receipt, which deleting, moving and editing need. Load it with deep browse to act on it.";

const preview = (row: ListRow) =>
  row.decoded.format === "binary"
    ? `binary, ${row.decoded.size} bytes`
    : row.decoded.text.slice(0, 400).replace(/\s+/g, " ");

function fieldText(row: ListRow, column: string): string {
  const path = parsePath(column);
  if (!path.ok) return "";
  const value = readPath(row.filterable.json(), path.path);
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

interface Props {
  row: ListRow;
  index: number;
  columns: string[];
  inspected: boolean;
  selected: boolean;
  canSelect: boolean;
  onInspect: (id: string) => void;
  onToggle: (id: string, range: boolean) => void;
}

export const MessageRow = memo(function MessageRow({
  row,
  index,
  columns,
  inspected,
  selected,
  canSelect,
  onInspect,
  onToggle,
}: Props) {
  const m = row.message;
  const received = isReceived(m);
  return (
    <tr
      data-index={index}
      aria-selected={inspected}
      className={`h-9 border-t border-border ${inspected ? "bg-accent/10" : selected ? "bg-accent/5" : "hover:bg-surface-2"}`}
    >
      {canSelect ? (
        <td className="w-8 px-2">
          <input
            type="checkbox"
            className="size-4 align-middle"
            aria-label={`Select message ${m.id}`}
            title={received ? "Select (shift-click for a range)" : PEEKED_NOTE}
            disabled={!received}
            checked={selected}
            onChange={() => undefined}
            onClick={(e) => onToggle(m.id, e.shiftKey)}
          />
        </td>
      ) : null}
      <td className="hidden whitespace-nowrap px-2 font-mono text-xs sm:table-cell">
        <span title={m.id}>{m.id.slice(0, 8)}</span>
        <CopyButton text={m.id} label={`Copy id ${m.id}`} />
      </td>
      <td className="whitespace-nowrap px-2 text-xs text-muted" title={formatDateTime(m.insertedOn)}>
        {relativeAge(m.insertedOn)}
      </td>
      <td
        className={`px-2 text-right tabular-nums ${m.dequeueCount >= HIGH_DEQUEUE_COUNT ? "font-semibold text-warn" : ""}`}
        title={
          m.dequeueCount >= HIGH_DEQUEUE_COUNT
            ? `Dequeued ${m.dequeueCount} times: at or past the usual poison threshold`
            : undefined
        }
      >
        {m.dequeueCount}
      </td>
      <td className="hidden whitespace-nowrap px-2 text-right text-xs tabular-nums sm:table-cell">
        {formatNumber(m.size)} B
      </td>
      {columns.map((c) => (
        <td key={c} className="max-w-48 truncate px-2 font-mono text-xs">
          {fieldText(row, c)}
        </td>
      ))}
      <td className="w-full max-w-0 px-2">
        <button
          type="button"
          onClick={() => onInspect(m.id)}
          className="block w-full truncate text-left focus-visible:outline-2 focus-visible:outline-accent"
          aria-label={`Inspect message ${m.id}`}
          aria-pressed={inspected}
        >
          {row.decoded.encoding === "base64" ? (
            <span className="mr-1.5 rounded bg-surface-2 px-1 text-xs text-muted">b64</span>
          ) : null}
          {!received && canSelect ? <span className="sr-only">(peeked) </span> : null}
          <span className="font-mono text-xs">{preview(row)}</span>
        </button>
      </td>
    </tr>
  );
});
