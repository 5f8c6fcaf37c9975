import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QueueDetailView } from "@/components/queues/queue-detail-view";
import { requirePageUser } from "@/lib/auth/page-user";

type Params = Promise<{ account: string; queue: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).queue) };
}

export default async function QueuePage({ params }: { params: Params }) {
  const { account: id, queue } = await params;
  const account = (await requirePageUser()).accounts.find((a) => a.id === id);
  if (!account) notFound();
  return <QueueDetailView account={account} queue={decodeURIComponent(queue)} />;
}
