import type { Metadata } from "next";
import { OverviewView } from "@/components/overview/overview-view";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/page-user";

export const dynamic = "force-dynamic";
// The root layout's title template applies to segments below it, not to this page.
export const metadata: Metadata = { title: { absolute: "Overview · Queuescope" } };

export default async function Home() {
  const { accounts, session } = await requirePageUser();
  if (!accounts[0])
    return (
      <p className="p-8">
        No storage account is configured. Set QUEUESCOPE_ACCOUNTS or AZURE_STORAGE_CONNECTION_STRING, or unset both for
        the embedded emulator.
      </p>
    );
  return (
    <AppShell account={accounts[0]} accounts={accounts} session={session}>
      <OverviewView />
    </AppShell>
  );
}
