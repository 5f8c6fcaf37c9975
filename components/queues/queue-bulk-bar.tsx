"use client";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/lib/format";
import type { BulkQueueAction } from "@/lib/hooks/use-queues";

/** What the selected rows can have done to them; each button shows only to a role allowed to press it. */
export function QueueBulkBar({
  count,
  canClear,
  canDelete,
  onAction,
  onUnselect,
}: {
  count: number;
  canClear: boolean;
  canDelete: boolean;
  onAction: (action: BulkQueueAction) => void;
  onUnselect: () => void;
}) {
  if (count === 0) return null;
  return (
    <div
      role="toolbar"
      aria-label="Selected queues"
      className="mb-2 flex flex-wrap items-center gap-2 rounded-md border border-border bg-surface-2 px-3 py-2 text-sm"
    >
      <span className="font-medium" aria-live="polite">
        {formatNumber(count)} selected
      </span>
      <span className="grow" />
      {canClear ? (
        <Button variant="danger" onClick={() => onAction("clear")}>
          Clear {formatNumber(count)}…
        </Button>
      ) : null}
      {canDelete ? (
        <Button variant="danger" onClick={() => onAction("delete")}>
          Delete {formatNumber(count)}…
        </Button>
      ) : null}
      <Button onClick={onUnselect}>Unselect</Button>
    </div>
  );
}
