import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QueueList } from "@/components/queues/queue-list";
import { getAccountConfig } from "@/lib/azure/accounts";
import { requirePageUser } from "@/lib/auth/page-user";
import { pageSnapshot } from "@/lib/metrics/history";

export const metadata: Metadata = { title: "Queues" };

/**
 * The first HTML already holds the rows and counts of the latest sampling round (read from the
 * state store, not the queue service); the table then lists and counts in the browser as before.
 */
export default async function QueuesPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  // The layout checks too, but renders alongside: the snapshot is read only for a user who may see it.
  const { accounts } = await requirePageUser();
  if (!accounts.some((a) => a.id === account)) notFound();
  return <QueueList account={account} initialSnapshot={await pageSnapshot(getAccountConfig(account))} />;
}
