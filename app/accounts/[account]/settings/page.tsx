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
    // Beside the service settings, not under them: the settings load after the page, and would push
    // anything below them down (a layout shift).
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
      <ServiceSettings account={account} />
      <aside className="space-y-6" aria-label="Sampling and masking">
        <SamplingPanel account={account.id} />
        <MaskList masks={account.masks} />
      </aside>
    </div>
  );
}
