import { redirect } from "next/navigation";
import { getAccountConfigs } from "@/lib/azure/accounts";

export const dynamic = "force-dynamic";

export default function Home() {
  const first = getAccountConfigs()[0];
  redirect(first ? `/accounts/${encodeURIComponent(first.id)}/queues` : "/not-found");
}
