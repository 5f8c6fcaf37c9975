import Link from "next/link";
import type { ReactNode } from "react";
import { JobToasts } from "@/components/jobs/job-toasts";
import type { AccountDto } from "@/lib/validation/accounts";
import { AccountSwitcher } from "./account-switcher";
import { HealthBanner } from "./health-banner";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";

/** Header, navigation, health banner and job toasts around every page. */
export function AppShell({ account, accounts, children }: { account: AccountDto; accounts: AccountDto[]; children: ReactNode }) {
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
      <JobToasts />
    </div>
  );
}
