"use client";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useQueueList } from "@/lib/hooks/use-queues";

const number = new Intl.NumberFormat("en-US");

export function QueueList({ account }: { account: string }) {
  const { data, error, isPending, isFetching, refetch } = useQueueList(account);
  const total = data?.reduce((sum, q) => sum + (q.approximateMessagesCount ?? 0), 0) ?? 0;

  return (
    <section aria-labelledby="queues-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="queues-heading" className="text-2xl font-semibold">
            Queues
          </h1>
          {data ? (
            <p className="text-sm text-muted" aria-live="polite">
              {number.format(data.length)} {data.length === 1 ? "queue" : "queues"} · ~{number.format(total)} messages (approximate)
            </p>
          ) : null}
        </div>
        <Button onClick={() => void refetch()} disabled={isFetching} aria-label="Refresh queues">
          {isFetching ? "Refreshing…" : "Refresh"}
        </Button>
      </div>
      {error ? (
        <ErrorState title="Could not list queues" message={error.message} onRetry={() => void refetch()} />
      ) : isPending ? (
        <p role="status" aria-busy="true" className="py-8 text-center text-muted">
          Loading queues…
        </p>
      ) : data.length === 0 ? (
        <EmptyState title="No queues in this account yet">
          Producers create queues when they first send a message; you can also create one with the Azure CLI:{" "}
          <code className="font-mono">az storage queue create -n my-queue</code>.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-sm">
            <caption className="sr-only">Queues with their approximate message counts</caption>
            <thead className="bg-surface-2 text-left text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  <abbr title="The service's approximate count: never lower than the true number, includes invisible messages">
                    Messages (approx.)
                  </abbr>
                </th>
                <th scope="col" className="px-4 py-2 font-medium">Metadata</th>
              </tr>
            </thead>
            <tbody>
              {data.map((q) => (
                <tr key={q.name} className="border-t border-border">
                  <th scope="row" className="px-4 py-2 text-left font-mono font-normal">{q.name}</th>
                  <td className="px-4 py-2 text-right tabular-nums">
                    {q.approximateMessagesCount === undefined ? "—" : number.format(q.approximateMessagesCount)}
                  </td>
                  <td className="px-4 py-2">
                    <ul className="flex flex-wrap gap-1">
                      {Object.entries(q.metadata).map(([k, v]) => (
                        <li key={k} className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-xs">
                          {k}={v}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
