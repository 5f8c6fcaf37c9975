"use client";
import type { ComponentProps } from "react";
import { SkeletonRows } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { formatNumber } from "@/lib/format";
import { QueueTable } from "./queue-table";

interface Props {
  error: string | null;
  onRetry: () => void;
  waiting: boolean;
  all: number;
  prefix: string;
  admin: boolean;
  table: ComponentProps<typeof QueueTable>;
}

/** The table, or what to do when there is none: the listing failed, nothing yet, no queue, nothing matches. */
export function QueueListBody({ error, onRetry, waiting, all, prefix, admin, table }: Props) {
  if (error)
    // Not the sampled rows: a table that looks whole while the account does not answer would mislead.
    return (
      <ErrorState
        title="Could not list queues"
        message={`${error} The overview still shows the last sampled figures.`}
        onRetry={onRetry}
      />
    );
  if (waiting) return <SkeletonRows rows={8} label="Loading queues…" />;
  if (all === 0)
    return (
      <EmptyState title={prefix ? `No queues start with “${prefix}”` : "No queues in this account yet"}>
        {prefix
          ? "Clear the prefix to list every queue."
          : admin
            ? "Create one with “New queue”, or let a producer create it on its first send."
            : "A producer creates a queue on its first send, or an admin can create one here."}
      </EmptyState>
    );
  if (table.rows.length === 0)
    return <EmptyState title="No queue matches these filters">Clear the filter or the “Only” boxes.</EmptyState>;
  return <QueueTable {...table} />;
}

/** Its line is kept while nothing is counted, so the table below never moves when counting ends. */
export function CountingLine({ counting, counted, all }: { counting: boolean; counted: number; all: number }) {
  return (
    <div className="mb-2 flex h-4 items-center gap-2 text-xs text-muted">
      {counting && counted > 0 ? (
        <>
          <progress
            max={all}
            value={counted}
            aria-label="Counting messages"
            className="h-1.5 w-48 max-w-[40%] accent-accent"
          />
          <span className="truncate">
            Counting messages: {formatNumber(counted)} of {formatNumber(all)}
          </span>
        </>
      ) : null}
    </div>
  );
}
