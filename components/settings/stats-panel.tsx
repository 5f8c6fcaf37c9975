"use client";
import { Panel } from "@/components/ui/panel";
import { useServiceStats } from "@/lib/hooks/use-service";
import { formatDateTime } from "@/lib/format";

export function StatsPanel({ account }: { account: string }) {
  const stats = useServiceStats(account);
  return (
    <Panel title="Geo-replication">
      {stats.data ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Status</dt>
          <dd className="font-semibold">{stats.data.geoReplication.status}</dd>
          <dt className="text-muted">Last sync</dt>
          <dd>
            {stats.data.geoReplication.lastSyncOn
              ? formatDateTime(stats.data.geoReplication.lastSyncOn)
              : "not reported"}
          </dd>
        </dl>
      ) : stats.error ? (
        <p className="text-sm text-muted">
          {stats.error.code === "not_available" ? "Not available for this account: " : ""}
          {stats.error.message}
        </p>
      ) : (
        <p role="status" className="text-sm text-muted">
          Asking the secondary endpoint…
        </p>
      )}
    </Panel>
  );
}
