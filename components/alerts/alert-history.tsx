import Link from "next/link";
import { Panel } from "@/components/ui/panel";
import { EmptyState } from "@/components/ui/states";
import type { AlertTransitionDto, DeliveryDto } from "@/lib/validation/alerts";
import { formatDateTime } from "@/lib/format";
import { formatValue, queueHref } from "./alert-text";

const DELIVERY: Record<DeliveryDto["status"], string> = {
  none: "no webhook",
  pending: "sending…",
  retrying: "retrying",
  delivered: "delivered",
  failed: "failed",
};

export function deliveryText(d: DeliveryDto): string {
  const attempts = d.attempts > 1 ? ` after ${d.attempts} attempts` : "";
  return d.status === "delivered"
    ? `delivered${attempts}`
    : `${DELIVERY[d.status]}${d.lastError ? ` (${d.lastError})` : ""}`;
}

export function AlertHistory({ recent }: { recent: AlertTransitionDto[] }) {
  return (
    <Panel title="Recent history">
      {recent.length === 0 ? (
        <EmptyState title="No alert has fired or resolved yet">
          Each time a rule fires or resolves for a queue, it is listed here with what its webhook answered.
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Alert transitions, newest first</caption>
            <thead className="text-xs uppercase text-muted">
              <tr>
                {["When", "State", "Rule", "Queue", "Value", "Webhook"].map((h) => (
                  <th key={h} scope="col" className="px-2 py-1.5">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {recent.map((t) => (
                <tr key={t.id} className="border-t border-border align-top">
                  <td className="whitespace-nowrap px-2 py-1.5 tabular-nums">
                    <time dateTime={t.at}>{formatDateTime(t.at)}</time>
                  </td>
                  <td className={`px-2 py-1.5 font-medium ${t.state === "firing" ? "text-danger" : "text-ok"}`}>
                    {t.state}
                  </td>
                  <td className="px-2 py-1.5">{t.ruleName}</td>
                  <td className="px-2 py-1.5 font-mono text-xs">
                    <Link className="text-accent hover:underline" href={queueHref(t.account, t.queue)}>
                      {t.account}/{t.queue}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap px-2 py-1.5">{formatValue(t.condition, t.value)}</td>
                  <td
                    className={`px-2 py-1.5 text-xs ${t.delivery.status === "failed" || t.delivery.status === "retrying" ? "text-danger" : "text-muted"}`}
                  >
                    {deliveryText(t.delivery)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
