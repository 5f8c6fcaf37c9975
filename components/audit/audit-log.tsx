"use client";
import { useQueryStates } from "nuqs";
import { useDeferredValue } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useAudit } from "@/lib/hooks/use-audit";
import { auditParams } from "@/lib/url-state";
import type { AuditEntry } from "@/lib/validation/audit";
import { AuditFilterBar, type AuditFilters } from "./audit-filters";
import { formatDateTime } from "@/lib/format";

const OUTCOME_STYLE = {
  ok: "text-ok",
  denied: "text-warn",
  failed: "text-danger",
  cancelled: "text-muted",
  partial: "text-warn",
  interrupted: "text-warn",
  pending: "text-muted",
} as const;

function details(e: AuditEntry): string {
  const parts = [
    ...Object.entries(e.params ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`),
    ...Object.entries(e.counts ?? {}).map(([k, v]) => `${k}: ${v}`),
    ...(e.jobId ? [`job ${e.jobId.slice(0, 8)}`] : []),
  ];
  return parts.join(" · ");
}

/** Every change anybody made or tried, newest first, with filters and paging. */
export function AuditLog() {
  const [filters, setFilters] = useQueryStates(auditParams);
  const deferred = useDeferredValue(filters);
  const audit = useAudit(deferred);
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Audit log</h1>
        <p className="text-sm text-muted">
          Every change made or attempted through Queuescope: who, when, where, what was asked, and how it ended. Message
          bodies and secrets are never recorded.
        </p>
      </div>
      <AuditFilterBar value={filters} onChange={(v: AuditFilters) => void setFilters(v)} />
      {audit.isError ? (
        <ErrorState
          title="The audit log could not be read"
          message={audit.error.message}
          onRetry={() => void audit.refetch()}
        />
      ) : audit.isPending ? (
        <p role="status" className="text-sm text-muted">
          Reading the audit log…
        </p>
      ) : entries.length === 0 ? (
        <EmptyState
          title={
            Object.values(filters).some(Boolean) ? "No entries match these filters" : "Nothing has been changed yet"
          }
        >
          {Object.values(filters).some(Boolean)
            ? "Clear a filter to see more."
            : "Changes made through Queuescope appear here as they happen."}
        </EmptyState>
      ) : (
        <>
          <p role="status" className="text-sm text-muted">
            Showing {entries.length} {entries.length === 1 ? "entry" : "entries"}
            {audit.hasNextPage ? ", newest first; older ones below" : ""}
          </p>
          <div className="relative overflow-x-auto rounded-lg border border-border">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Audit entries, newest first</caption>
              <thead className="bg-surface-2 text-xs uppercase text-muted">
                <tr>
                  {["When", "User", "Action", "Account / queue", "Outcome", "Details"].map((h) => (
                    <th key={h} scope="col" className="px-3 py-2">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} className="border-t border-border align-top">
                    <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </td>
                    <td className="px-3 py-2">
                      {e.user}
                      {e.role ? <span className="ml-1 text-xs text-muted">({e.role})</span> : null}
                      {e.token ? <span className="block text-xs text-muted">token “{e.token}”</span> : null}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{e.action}</td>
                    <td className="px-3 py-2 font-mono text-xs">
                      {[e.account, e.queue].filter(Boolean).join(" / ") || "—"}
                    </td>
                    <td className={`px-3 py-2 font-medium ${OUTCOME_STYLE[e.outcome]}`}>
                      {e.outcome}
                      {e.error ? (
                        <span className="block text-xs font-normal text-muted">
                          {e.error} ({e.status})
                        </span>
                      ) : null}
                    </td>
                    <td className="min-w-64 max-w-md break-words px-3 py-2 text-xs text-muted">{details(e) || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {audit.hasNextPage ? (
            <Button onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
              {audit.isFetchingNextPage ? "Loading…" : "Load older entries"}
            </Button>
          ) : null}
        </>
      )}
    </div>
  );
}
