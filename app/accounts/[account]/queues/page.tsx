import type { Metadata } from "next";
import { QueueList } from "@/components/queues/queue-list";

export const metadata: Metadata = { title: "Queues" };

export default async function QueuesPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return <QueueList account={account} />;
}
