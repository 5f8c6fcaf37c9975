import Link from "next/link";
import { Panel } from "@/components/ui/panel";
import { EmptyState } from "@/components/ui/states";
import type { FiringAlertDto } from "@/lib/validation/alerts";
import { formatDateTime } from "@/lib/format";
import { describeCondition, formatValue, queueHref } from "./alert-text";

export function FiringAlerts({ firing, canEdit }: { firing: FiringAlertDto[]; canEdit: boolean }) {
  return (
    <Panel title={`Firing now (${firing.length})`}>
      {firing.length === 0 ? (
        <EmptyState title="Nothing is firing">
          {canEdit
            ? "Rules are checked after every sampling round; add one below to be told when a queue backs up."
            : "Rules are checked after every sampling round. An admin sets them up."}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border" aria-label="Firing alerts">
          {firing.map((f) => (
            <li key={`${f.ruleId}/${f.queue}`} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
              <span
                className={`rounded px-1.5 py-0.5 text-xs font-semibold ${f.resolving ? "bg-warn-bg text-warn" : "bg-danger-bg text-danger"}`}
              >
                {f.resolving ? "Clearing" : "Firing"}
              </span>
              <span className="font-medium">{f.ruleName}</span>
              <Link
                className="font-mono text-sm text-accent underline-offset-2 hover:underline"
                href={queueHref(f.account, f.queue)}
              >
                {f.account}/{f.queue}
              </Link>
              <span className="text-sm text-muted">
                {formatValue(f.condition, f.value)} · {describeCondition(f.condition, f.threshold)} · since{" "}
                <time dateTime={f.since}>{formatDateTime(f.since)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
