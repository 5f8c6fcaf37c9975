"use client";
import { useEffect, useState } from "react";
import type { SnapshotDto } from "@/lib/validation/metrics";
import { formatAge, secondsSince } from "@/lib/format";

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** Where the counts come from: the last sampling round (and how old it is), or live counting. */
export function QueueFreshness({
  snapshot,
  liveAt,
  error,
}: {
  snapshot: SnapshotDto | undefined;
  liveAt: number | null;
  error: string | null;
}) {
  const now = useNow(1000);
  if (error) return <p className="text-xs text-muted">Sampled figures could not be read ({error}); counts are live.</p>;
  if (!snapshot) return null;
  if (!snapshot.sampledAt) {
    return (
      <p role="status" className="mb-3 rounded-md border border-border bg-surface-2 px-3 py-2 text-sm">
        {snapshot.reason === "sampling_disabled" ? (
          <>
            <strong>This account is not sampled</strong> (<code>&quot;sample&quot;: false</code> in the accounts file),
            so there is no trend, rate or oldest-message age. Counts below are live; remove that setting and restart to
            sample it.
          </>
        ) : (
          <>
            <strong>Not sampled yet.</strong> The first sampling round runs within {snapshot.intervalSeconds} s of
            start; trends, rates and ages appear after it (the rate after two). Counts below are live.
          </>
        )}
      </p>
    );
  }
  const age = formatAge(secondsSince(snapshot.sampledAt, now));
  return (
    // The server said "N s ago" a moment before the browser does: the next tick agrees again.
    <p className="text-xs text-muted" data-testid="counts-freshness" suppressHydrationWarning>
      {liveAt
        ? `Live counts from ${formatAge((now - liveAt) / 1000)} ago; trends as of the sampling round ${age} ago.`
        : `Counts as of ${age} ago (last sampling round, every ${snapshot.intervalSeconds} s). Refresh for live counts.`}
    </p>
  );
}
