import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MaskList } from "@/components/settings/mask-list";
import { SamplingPanel } from "@/components/settings/sampling-panel";
import { ServiceSettings } from "@/components/settings/service-settings";
import { requirePageUser } from "@/lib/auth/page-user";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account: id } = await params;
  const account = (await requirePageUser()).accounts.find((a) => a.id === id);
  if (!account) notFound();
  return (
    <div className="space-y-6">
      <ServiceSettings account={account} />
      <SamplingPanel account={account.id} />
      <MaskList masks={account.masks} />
    </div>
  );
}
