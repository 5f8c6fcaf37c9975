import Link from "next/link";
import type { QueueBriefDto } from "@/lib/validation/metrics";

/** A short list of queues, each linked to its page, with the one figure the list is about. */
export function QueueBriefList({
  title,
  account,
  queues,
  figure,
  empty,
}: {
  title: string;
  account: string;
  queues: QueueBriefDto[];
  figure: (q: QueueBriefDto) => string;
  empty: string;
}) {
  const base = `/accounts/${encodeURIComponent(account)}/queues`;
  return (
    <section aria-label={title} className="min-w-0 rounded-md border border-border p-3">
      <h3 className="mb-2 text-sm font-semibold">{title}</h3>
      {queues.length === 0 ? (
        <p className="text-sm text-muted">{empty}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {queues.map((q) => (
            <li key={q.name} className="flex items-center justify-between gap-2">
              <Link
                href={`${base}/${encodeURIComponent(q.name)}?tab=metrics`}
                className="truncate font-mono text-accent hover:underline"
              >
                {q.name}
              </Link>
              <span className="shrink-0 tabular-nums text-muted">{figure(q)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
