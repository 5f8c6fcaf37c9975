import Link from "next/link";

/** Reads whatever shape alert evaluation gives a firing alert: rule name, queue and value, by common field names. */
function describe(alert: unknown): { rule: string; queue: string | null; value: string | null } {
  const a = (alert && typeof alert === "object" ? alert : {}) as Record<string, unknown>;
  const rule =
    a.rule && typeof a.rule === "object"
      ? String((a.rule as Record<string, unknown>).name ?? "")
      : String(a.ruleName ?? a.rule ?? a.name ?? "alert");
  const queue = a.queue === undefined || a.queue === null ? null : String(a.queue);
  const value = a.value === undefined || a.value === null ? null : String(a.value);
  return { rule: rule || "alert", queue, value };
}

export function AlertsFiring({ account, alerts }: { account: string; alerts: unknown[] }) {
  const base = `/accounts/${encodeURIComponent(account)}/queues`;
  return (
    <section aria-label="Alerts firing" className="min-w-0 rounded-md border border-border p-3">
      <h3 className="mb-2 text-sm font-semibold">Alerts firing</h3>
      {alerts.length === 0 ? (
        <p className="text-sm text-muted">None firing.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {alerts.map((alert, i) => {
            const { rule, queue, value } = describe(alert);
            return (
              <li key={i} className="flex flex-wrap items-center gap-x-2">
                <span className="rounded bg-danger-bg px-1.5 py-0.5 text-xs font-semibold text-danger">{rule}</span>
                {queue ? (
                  <Link href={`${base}/${encodeURIComponent(queue)}`} className="font-mono text-accent hover:underline">
                    {queue}
                  </Link>
                ) : null}
                {value !== null ? <span className="tabular-nums text-muted">value {value}</span> : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
