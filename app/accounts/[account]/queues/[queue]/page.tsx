import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QueueDetailView } from "@/components/queues/queue-detail-view";
import { requirePageUser } from "@/lib/auth/page-user";
import { tryDecode } from "@/lib/security/path";

type Params = Promise<{ account: string; queue: string }>;

// A malformed escape names no queue: the not-found page, not a URIError (a 500).
export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: tryDecode((await params).queue) ?? "Not found" };
}

export default async function QueuePage({ params }: { params: Params }) {
  const { account: id, queue } = await params;
  const account = (await requirePageUser()).accounts.find((a) => a.id === id);
  const name = tryDecode(queue);
  if (!account || name === null) notFound();
  return <QueueDetailView account={account} queue={name} />;
}
