"use client";
import { Panel } from "@/components/ui/panel";
import { useSamplingCost } from "@/lib/hooks/use-metrics";
import { formatDateTime, formatNumber } from "@/lib/format";

const count = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** What depth sampling costs this account in storage transactions, from the last round's counts. */
export function SamplingPanel({ account }: { account: string }) {
  const cost = useSamplingCost(account);
  const c = cost.data;
  return (
    <Panel title="Depth sampling">
      {cost.error ? (
        <p role="alert" className="text-sm text-danger">
          Could not read the sampling figures: {cost.error.message}
        </p>
      ) : !c ? (
        <p role="status" className="text-sm text-muted">
          Reading the sampling figures…
        </p>
      ) : !c.sampled ? (
        <p className="text-sm">
          <strong>Not sampled.</strong> This account has <code>&quot;sample&quot;: false</code> in the accounts file, so
          it has no depth history and costs nothing. Remove it to sample.
        </p>
      ) : (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm [overflow-wrap:anywhere]">
          <dt className="text-muted">Sampled</dt>
          <dd className="font-semibold">
            Yes, every {c.intervalSeconds} s ({formatNumber(c.roundsPerDay)} rounds a day; QUEUESCOPE_SAMPLE_INTERVAL)
          </dd>
          <dt className="text-muted">Last round</dt>
          <dd>
            {c.sampledAt
              ? formatDateTime(c.sampledAt)
              : "not sampled yet: the first round runs within one interval of the start"}
          </dd>
          {c.perRound ? (
            <>
              <dt className="text-muted">Per round</dt>
              <dd>
                {count(c.perRound.total, "transaction", "transactions")}:{" "}
                {count(c.perRound.listPages, "list page", "list pages")},{" "}
                {count(c.perRound.properties, "property read", "property reads")} (one per queue),{" "}
                {count(c.perRound.peeks, "peek", "peeks")} (one per non-empty queue)
              </dd>
              <dt className="text-muted">Per day</dt>
              <dd className="font-semibold">
                about {formatNumber(c.perDay ?? 0)} storage transactions on this account
              </dd>
            </>
          ) : null}
        </dl>
      )}
    </Panel>
  );
}
