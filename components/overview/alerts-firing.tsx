import Link from "next/link";
import { formatValue, queueHref } from "@/components/alerts/alert-text";
import type { FiringAlertDto } from "@/lib/validation/alerts";

export function AlertsFiring({ account, alerts }: { account: string; alerts: FiringAlertDto[] }) {
  return (
    <section aria-label="Alerts firing" className="min-w-0 rounded-md border border-border p-3">
      <h3 className="mb-2 text-sm font-semibold">Alerts firing</h3>
      {alerts.length === 0 ? (
        <p className="text-sm text-muted">None firing.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {alerts.map((alert) => (
            <li key={`${alert.ruleId}/${alert.queue}`} className="flex flex-wrap items-center gap-x-2">
              <span className="rounded bg-danger-bg px-1.5 py-0.5 text-xs font-semibold text-danger">
                {alert.ruleName}
              </span>
              <Link href={queueHref(account, alert.queue)} className="font-mono text-accent hover:underline">
                {alert.queue}
              </Link>
              <span className="tabular-nums text-muted">{formatValue(alert.condition, alert.value)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
