"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { ChartFrame } from "@/components/charts/chart-frame";
import { RangePicker } from "@/components/charts/range-picker";
import { TimeChart, type ChartSeries } from "@/components/charts/time-chart";
import { ErrorState } from "@/components/ui/states";
import { useQueueHistory } from "@/lib/hooks/use-metrics";
import { historySeries, historySummary } from "@/lib/util/history-series";
import { formatAge, formatCount, formatDelta, formatRate, formatStamp } from "@/lib/format";
import type { HistoryRange } from "@/lib/validation/metrics";

const RANGE_SECONDS: Record<HistoryRange, number> = {
  "1h": 3600,
  "24h": 86_400,
  "7d": 604_800,
  "30d": 2_592_000,
  "1y": 31_536_000,
};

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-md border border-border bg-surface px-3 py-2" title={hint}>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

/** Depth and oldest-message age over a range, the latest sampled figures, and the jobs that touched the queue. */
export function QueueMetrics({ account, queue }: { account: string; queue: string }) {
  const [range, setRange] = useState<HistoryRange>("24h");
  const history = useQueueHistory(account, queue, range);
  const latest = history.data?.latest;
  // A placeholder is another range's answer: its figures stand, its points do not.
  const current = history.isPlaceholderData ? undefined : history.data;
  const series = useMemo(() => (current ? historySeries(current) : null), [current]);
  const chartSeries = useMemo<ChartSeries[]>(
    () =>
      series
        ? [
            { label: "Depth", values: series.count, scale: "count", color: "accent" },
            {
              label: "Oldest age (est.)",
              values: series.age,
              scale: "age",
              color: "warn",
              format: (v) => formatAge(v),
            },
          ]
        : [],
    [series],
  );
  const markers = useMemo(
    () => (current?.jobs ?? []).map((j) => ({ at: Date.parse(j.startedAt) / 1000, label: `${j.kind} ${j.state}` })),
    [current],
  );

  return (
    <section aria-labelledby="metrics-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="metrics-heading" className="text-lg font-semibold">
          Depth and age
        </h2>
        <RangePicker value={range} onChange={setRange} />
      </div>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5">
        <Stat label="Depth (sampled)" value={formatCount(latest?.count)} />
        <Stat
          label="Change since previous"
          value={latest ? formatDelta(latest.previousCount === null ? null : latest.count - latest.previousCount) : "—"}
        />
        <Stat
          label="Net rate"
          value={formatRate(latest?.netPerMinute ?? null)}
          hint="Added minus removed, smoothed over rounds"
        />
        <Stat
          label="Oldest message ≈"
          value={formatAge(latest?.oldestAgeSeconds ?? null)}
          hint="Estimate: Azure does not guarantee order"
        />
        <Stat
          label="Drain ETA"
          value={latest?.drainEtaSeconds ? formatAge(latest.drainEtaSeconds) : latest?.growing ? "growing" : "—"}
        />
      </dl>
      {history.error ? (
        <ErrorState
          title="Could not load the history"
          message={history.error.message}
          onRetry={() => void history.refetch()}
        />
      ) : !series ? (
        <p role="status" aria-busy="true" className="py-8 text-center text-muted">
          Loading history…
        </p>
      ) : series.x.length === 0 ? (
        <p className="rounded-md border border-dashed border-border px-4 py-8 text-center text-sm text-muted">
          No samples in this range yet. The sampler records this queue every round; pick a longer range, or wait for the
          next round.
        </p>
      ) : (
        <ChartFrame
          title={`${queue}: depth and oldest message age, last ${range}`}
          summary={historySummary(queue, range, series)}
          columns={[
            { label: "Time", cells: series.x.map((t) => formatStamp(t * 1000, true)) },
            { label: "Depth", cells: series.count.map((c) => formatCount(c)) },
            { label: "Oldest age (est.)", cells: series.age.map((a) => formatAge(a)) },
            { label: "Net rate", cells: series.rate.map((r) => formatRate(r)) },
          ]}
        >
          <TimeChart
            x={series.x}
            series={chartSeries}
            markers={markers}
            label={`${queue} history`}
            xRange={[series.x.at(-1)! - RANGE_SECONDS[range], series.x.at(-1)!]}
          />
        </ChartFrame>
      )}
      {current?.jobs.length ? (
        <div>
          <h3 className="mb-1 text-sm font-medium">
            Jobs in this range <span className="text-muted">(dashed lines on the chart)</span>
          </h3>
          <ul className="space-y-1 text-sm">
            {current.jobs.map((j) => (
              <li key={j.id}>
                <Link href={`/jobs#job-${encodeURIComponent(j.id)}`} className="text-accent hover:underline">
                  {j.kind}
                </Link>{" "}
                · {j.state} · started {formatStamp(j.startedAt, true)}
                {j.finishedAt ? `, finished ${formatStamp(j.finishedAt, true)}` : ", running"}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
