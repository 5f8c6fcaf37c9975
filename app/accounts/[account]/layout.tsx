import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/page-user";

export const dynamic = "force-dynamic";

export default async function AccountLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ account: string }>;
}) {
  const { account: id } = await params;
  const { accounts, session } = await requirePageUser();
  const account = accounts.find((a) => a.id === id);
  if (!account) notFound();
  return (
    <AppShell account={account} accounts={accounts} session={session}>
      {children}
    </AppShell>
  );
}
