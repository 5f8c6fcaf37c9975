"use client";
import Link from "next/link";
import { useMemo } from "react";
import { ChartFrame } from "@/components/charts/chart-frame";
import { TimeChart, type ChartSeries } from "@/components/charts/time-chart";
import { formatAge, formatCount, formatRate, formatStamp } from "@/lib/format";
import type { OverviewAccountDto } from "@/lib/validation/metrics";
import { AlertsFiring } from "./alerts-firing";
import { QueueBriefList } from "./queue-brief-list";

function NotSampled({ a }: { a: OverviewAccountDto }) {
  return (
    <p className="rounded-md border border-border bg-surface-2 px-3 py-2 text-sm">
      {a.sampled
        ? `Not sampled yet: the first round runs within ${a.intervalSeconds ?? 60} s of start; this account's figures appear after it.`
        : 'This account is not sampled ("sample": false in the accounts file). Remove that setting and restart to see its history here.'}
    </p>
  );
}

export function AccountOverview({ account: a }: { account: OverviewAccountDto }) {
  const x = useMemo(() => a.total.map((p) => Date.parse(p.at) / 1000), [a.total]);
  const series = useMemo<ChartSeries[]>(
    () => [{ label: "Total depth", values: a.total.map((p) => p.count), scale: "count", color: "accent" }],
    [a.total],
  );
  const queues = `/accounts/${encodeURIComponent(a.id)}/queues`;
  const counts = a.total.map((p) => p.count);

  return (
    <section aria-labelledby={`acct-${a.id}`} className="space-y-3 rounded-lg border border-border bg-surface p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`acct-${a.id}`} className="text-lg font-semibold">
          <Link href={queues} className="hover:underline">
            {a.name}
          </Link>
        </h2>
        {a.sampledAt ? (
          <p className="text-sm text-muted">
            {formatCount(a.queueCount)} queues · ~{formatCount(a.totalNow)} messages · sampled{" "}
            {formatStamp(a.sampledAt)}
          </p>
        ) : null}
      </div>
      {a.error ? (
        <div role="alert" className="rounded-md border border-danger bg-danger-bg px-3 py-2 text-sm">
          <strong className="text-danger">This account&apos;s summary could not be read</strong> ({a.error.code}):{" "}
          {a.error.message} Check that the state store is reachable (GET /api/health), then reload; the{" "}
          <Link href={queues} className="text-accent underline">
            queue table
          </Link>{" "}
          still lists live counts.
        </div>
      ) : !a.sampledAt ? (
        <NotSampled a={a} />
      ) : (
        <>
          {a.total.length > 0 ? (
            <ChartFrame
              title={`${a.name}: total depth, last 24 h`}
              summary={`${a.name} total depth over the last 24 h: ${counts.length} points, from ${counts[0]} to ${counts.at(-1)}, peak ${Math.max(...counts)}.`}
              columns={[
                { label: "Time", cells: x.map((t) => formatStamp(t * 1000)) },
                { label: "Total depth (15-min max)", cells: counts.map((c) => formatCount(c)) },
              ]}
            >
              <TimeChart
                x={x}
                series={series}
                height={160}
                label={`${a.name} total depth`}
                xRange={[x.at(-1)! - 86_400, x.at(-1)!]}
              />
            </ChartFrame>
          ) : null}
          <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
            <AlertsFiring account={a.id} alerts={a.alertsFiring} />
            <QueueBriefList
              title="Top growing"
              account={a.id}
              queues={a.topGrowing}
              figure={(q) => formatRate(q.netPerMinute)}
              empty="No queue is growing."
            />
            <QueueBriefList
              title="Oldest messages"
              account={a.id}
              queues={a.oldest}
              figure={(q) => `≈ ${formatAge(q.oldestAgeSeconds)}`}
              empty="Every queue is empty."
            />
            <QueueBriefList
              title="Poison queues not empty"
              account={a.id}
              queues={a.poisonNotEmpty}
              figure={(q) => formatCount(q.count)}
              empty="No poison queue holds messages."
            />
            <QueueBriefList
              title="Stalled"
              account={a.id}
              queues={a.stalled}
              figure={(q) => `≈ ${formatAge(q.oldestAgeSeconds)}`}
              empty="No queue is stalled."
            />
          </div>
        </>
      )}
    </section>
  );
}
