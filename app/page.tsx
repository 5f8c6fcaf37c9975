import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-user";

export const dynamic = "force-dynamic";

export default async function Home() {
  const first = (await requirePageUser()).accounts[0];
  redirect(first ? `/accounts/${encodeURIComponent(first.id)}/queues` : "/not-found");
}
