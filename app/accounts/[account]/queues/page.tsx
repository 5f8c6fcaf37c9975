import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { createLoader } from "nuqs/server";
import { QueueList } from "@/components/queues/queue-list";
import { getAccountConfig } from "@/lib/azure/accounts";
import { requirePageUser } from "@/lib/auth/page-user";
import { pageSnapshot } from "@/lib/metrics/history";
import { queueListParams, queueTableView } from "@/lib/url-state";

export const metadata: Metadata = { title: "Queues" };

const loadView = createLoader(queueListParams);

/**
 * The first HTML already holds the first screen of rows and counts of the latest sampling round,
 * in the order and filter the URL asks for (read from the state store, not the queue service);
 * the browser then fetches the whole round, and lists and counts live on request.
 */
export default async function QueuesPage({
  params,
  searchParams,
}: {
  params: Promise<{ account: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { account } = await params;
  // The layout checks too, but renders alongside: the snapshot is read only for a user who may see it.
  const { accounts } = await requirePageUser();
  if (!accounts.some((a) => a.id === account)) notFound();
  const view = queueTableView(loadView(await searchParams));
  return <QueueList account={account} initialSnapshot={await pageSnapshot(getAccountConfig(account), view)} />;
}
