"use client";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/lib/format";
import type { SnapshotDto } from "@/lib/validation/metrics";
import { QueueFreshness } from "./queue-freshness";

interface Props {
  shown: number;
  all: number;
  total: number;
  counted: number;
  listingFailed: boolean;
  listed: boolean;
  snapshot: SnapshotDto | undefined;
  snapshotError: string | null;
  liveAt: number | null;
  onCreate: (() => void) | null;
}

function summary(p: Props): string {
  if (p.listingFailed && !p.listed) return "The listing did not finish.";
  if (p.all === 0) return "Listing queues…";
  const of = p.shown !== p.all ? ` of ${formatNumber(p.all)}` : "";
  const left =
    p.counted === p.shown
      ? ""
      : p.listed
        ? `; ${formatNumber(p.shown - p.counted)} could not be counted`
        : `, ${formatNumber(p.counted)} counted so far`;
  return `${formatNumber(p.shown)} ${p.shown === 1 ? "queue" : "queues"}${of} · ~${formatNumber(p.total)} messages (approximate${left})`;
}

export function QueueListHeading(p: Props) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 id="queues-heading" className="text-2xl font-semibold">
          Queues
        </h1>
        <p className="text-sm text-muted" aria-live="polite">
          {summary(p)}
        </p>
        <QueueFreshness snapshot={p.snapshot} liveAt={p.liveAt} error={p.snapshotError} />
      </div>
      {p.onCreate ? (
        <Button variant="primary" onClick={p.onCreate}>
          + New queue
        </Button>
      ) : null}
    </div>
  );
}
