import { Sparkline, sparkSummary } from "@/components/charts/sparkline";
import type { QueueRow, SortKey } from "@/lib/queues/table";
import { formatAge, formatDelta, formatRate } from "@/lib/format";

/** The sampled columns' grid tracks, after Name and Messages; hidden below `lg` (at 390 px the name and count matter). */
export const METRIC_TRACKS = "lg:grid-cols-[minmax(0,2fr)_7rem_5rem_4.5rem_5.5rem_5.5rem_5.5rem_5.5rem_minmax(0,1fr)]";
const CELL = "hidden lg:flex items-center justify-end tabular-nums";

export const METRIC_COLUMNS: { key: SortKey; label: string; title: string }[] = [
  { key: "delta", label: "Δ", title: "Change since the previous sample" },
  { key: "rate", label: "Net/min", title: "Net messages per minute (added minus removed), smoothed" },
  { key: "age", label: "Oldest ≈", title: "Age of the oldest message: an estimate (Azure does not guarantee order)" },
  { key: "eta", label: "Drain ETA", title: "Time until empty at the current net rate, when draining" },
  { key: "flags", label: "Status", title: "Growing or stalled, from the latest samples" },
];

export function SparkCell({ row }: { row: QueueRow }) {
  return (
    <div role="cell" className="hidden items-center lg:flex">
      {row.spark ? (
        <Sparkline points={row.spark} label={`${row.name} trend. ${sparkSummary(row.spark)}`} />
      ) : (
        <span className="text-xs text-muted">not sampled</span>
      )}
    </div>
  );
}

export function MetricCells({ row }: { row: QueueRow }) {
  const d = row.delta;
  return (
    <>
      <div role="cell" className={`${CELL} ${d && d > 0 ? "text-warn" : d && d < 0 ? "text-ok" : "text-muted"}`}>
        {formatDelta(d)}
      </div>
      <div role="cell" className={CELL}>
        {formatRate(row.netPerMinute)}
      </div>
      <div
        role="cell"
        className={CELL}
        title={row.oldestAgeSeconds === null ? undefined : "Estimate: Azure does not guarantee order"}
      >
        {row.oldestAgeSeconds === null ? "—" : `≈ ${formatAge(row.oldestAgeSeconds)}`}
      </div>
      <div role="cell" className={CELL}>
        {row.drainEtaSeconds === null ? "—" : formatAge(row.drainEtaSeconds)}
      </div>
      <div role="cell" className="hidden items-center justify-end gap-1 lg:flex">
        {row.stalled ? (
          <span className="rounded bg-danger-bg px-1.5 py-0.5 text-xs font-semibold text-danger">stalled</span>
        ) : null}
        {row.growing ? (
          <span className="rounded bg-warn-bg px-1.5 py-0.5 text-xs font-semibold text-warn">growing</span>
        ) : null}
      </div>
    </>
  );
}
