"use client";
import { Panel } from "@/components/ui/panel";
import { useSamplingCost } from "@/lib/hooks/use-metrics";
import { useKnownQueueCount } from "@/lib/hooks/use-queues";
import { formatDateTime, formatNumber, plural } from "@/lib/format";
import { estimateQueueCalls } from "@/lib/util/sampling-cost";
import { StateStoreCost } from "./state-store-cost";

/**
 * What depth sampling costs in storage transactions: this account's queue service and, apart,
 * Queuescope's state store; from the last round's counts, or estimated before the first round.
 */
export function SamplingPanel({ account }: { account: string }) {
  const cost = useSamplingCost(account);
  const knownQueues = useKnownQueueCount(account);
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
              <dt className="text-muted">Queue service, per round</dt>
              <dd>
                {plural(c.perRound.total, "transaction")}: {plural(c.perRound.listPages, "list page")},{" "}
                {plural(c.perRound.properties, "property read")} (one per queue), {plural(c.perRound.peeks, "peek")}{" "}
                (one per non-empty queue)
              </dd>
              <dt className="text-muted">Queue service, per day</dt>
              <dd className="font-semibold">
                about {formatNumber(c.perDay ?? 0)} storage transactions on this account
              </dd>
            </>
          ) : (
            <>
              <dt className="text-muted">Queue service, per day</dt>
              <dd>
                {knownQueues === null
                  ? "appears after the first round"
                  : `at least ${formatNumber(estimateQueueCalls(knownQueues) * c.roundsPerDay)} storage transactions on this account (estimated for ${formatNumber(knownQueues)} queues; one peek per non-empty queue comes on top)`}
              </dd>
            </>
          )}
          <StateStoreCost cost={c} knownQueues={knownQueues} />
        </dl>
      )}
    </Panel>
  );
}
