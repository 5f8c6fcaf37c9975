import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ServiceSettings } from "@/components/settings/service-settings";
import { listAccounts } from "@/lib/azure/accounts";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account: id } = await params;
  const account = listAccounts().find((a) => a.id === id);
  if (!account) notFound();
  return <ServiceSettings account={account} />;
}
