"use client";
import { formatNumber, plural } from "@/lib/format";
import { estimateRoundWrites, stateStorePerDay } from "@/lib/util/sampling-cost";
import type { SamplingCostDto } from "@/lib/validation/metrics";

/** Before the first round: the writes a round of `queues` queues would take. */
function estimateFor(queues: number) {
  const writes = estimateRoundWrites(queues);
  return { ...writes, total: writes.seriesWrites + writes.latestWrites };
}

/**
 * The state store's line of the sampling cost: the round's writes, downsampling and the sampler's
 * lease. Before the first round, an estimate from the queue count when this tab knows it.
 */
export function StateStoreCost({ cost, knownQueues }: { cost: SamplingCostDto; knownQueues: number | null }) {
  const s = cost.stateStore;
  const estimate = !s.perRound && knownQueues !== null ? estimateFor(knownQueues) : null;
  const perRound = s.perRound ?? estimate;
  const perDay = s.perDay ?? (estimate ? stateStorePerDay(estimate, cost.roundsPerDay, s.leaseRenewalsPerDay) : null);
  const note = s.perRound?.estimated
    ? " (estimated from the last round's queue count)"
    : estimate
      ? ` (estimated for ${plural(knownQueues!, "queue")}; measured from the first round on)`
      : "";
  return (
    <>
      <dt className="text-muted">State store, per round</dt>
      <dd>
        {perRound
          ? `${plural(perRound.total, "transaction")}: ${plural(perRound.seriesWrites, "history write")}, ${plural(perRound.latestWrites, "write")} of the latest round${note}`
          : "appears after the first round"}
      </dd>
      <dt className="text-muted">State store, per day</dt>
      <dd>
        {perDay !== null ? (
          <strong>about {formatNumber(perDay)} transactions in Queuescope&apos;s state store</strong>
        ) : (
          "the writes appear after the first round"
        )}
        <span className="mt-0.5 block text-xs text-muted">
          {perDay !== null ? "Rounds, downsampling and " : "Before the first round, the lease alone: "}
          {plural(s.leaseRenewalsPerDay, "lease renewal")} (every {+(s.leaseSeconds / 3).toFixed(1)} s, a third of
          QUEUESCOPE_LEASE_SECONDS). Each other instance running samplers adds about{" "}
          {formatNumber(s.followerCallsPerDay)} (it asks for the lease every {s.followSeconds} s).
        </span>
      </dd>
    </>
  );
}
