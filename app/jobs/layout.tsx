import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/page-user";

export const dynamic = "force-dynamic";

export default async function JobsLayout({ children }: { children: ReactNode }) {
  const { accounts, session } = await requirePageUser();
  return (
    <AppShell account={accounts[0]!} accounts={accounts} session={session}>
      {children}
    </AppShell>
  );
}
