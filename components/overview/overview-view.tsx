"use client";
import { ErrorState } from "@/components/ui/states";
import { useOverview } from "@/lib/hooks/use-metrics";
import { AccountOverview } from "./account-overview";

/** Every configured account on one page; one account's failure does not hide the others. */
export function OverviewView() {
  const overview = useOverview(30_000);
  return (
    <section aria-labelledby="overview-heading" className="space-y-6">
      <div>
        <h1 id="overview-heading" className="text-2xl font-semibold">
          Overview
        </h1>
        <p className="text-sm text-muted">
          Which queues are backing up, since when and how fast, from the sampler&apos;s latest rounds. Refreshes every
          30 s.
        </p>
      </div>
      {overview.error ? (
        <ErrorState
          title="Could not load the overview"
          message={overview.error.message}
          onRetry={() => void overview.refetch()}
        />
      ) : !overview.data ? (
        <p role="status" aria-busy="true" className="py-8 text-center text-muted">
          Loading the overview…
        </p>
      ) : (
        overview.data.accounts.map((a) => <AccountOverview key={a.id} account={a} />)
      )}
    </section>
  );
}
