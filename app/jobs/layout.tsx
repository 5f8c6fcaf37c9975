import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { listAccounts } from "@/lib/azure/accounts";

export const dynamic = "force-dynamic";

export default function JobsLayout({ children }: { children: ReactNode }) {
  const accounts = listAccounts();
  return <AppShell account={accounts[0]!} accounts={accounts}>{children}</AppShell>;
}
