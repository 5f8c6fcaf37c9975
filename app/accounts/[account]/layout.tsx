import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AccountSwitcher } from "@/components/shell/account-switcher";
import { HealthBanner } from "@/components/shell/health-banner";
import { NavLinks } from "@/components/shell/nav-links";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { listAccounts } from "@/lib/azure/accounts";

export const dynamic = "force-dynamic";

export default async function AccountLayout({ children, params }: { children: ReactNode; params: Promise<{ account: string }> }) {
  const { account: id } = await params;
  const accounts = listAccounts();
  const account = accounts.find((a) => a.id === id);
  if (!account) notFound();

  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
          <Link href="/" className="text-lg font-bold tracking-tight">
            Queue<span className="text-accent">scope</span>
          </Link>
          <NavLinks account={account.id} />
          <div className="ml-auto flex items-center gap-3">
            <AccountSwitcher accounts={accounts} current={account.id} />
            <ThemeToggle />
          </div>
        </div>
      </header>
      <HealthBanner account={account} />
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
