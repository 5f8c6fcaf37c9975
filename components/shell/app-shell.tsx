import Link from "next/link";
import type { ReactNode } from "react";
import { JobToasts } from "@/components/jobs/job-toasts";
import { SessionProvider } from "@/components/session/session-context";
import type { AccountDto } from "@/lib/validation/accounts";
import type { SessionDto } from "@/lib/validation/auth";
import { AccountSwitcher } from "./account-switcher";
import { HealthBanner } from "./health-banner";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** Header, navigation, health banner and job toasts around every page. */
export function AppShell({ account, accounts, session, children }: { account: AccountDto; accounts: AccountDto[]; session: SessionDto; children: ReactNode }) {
  return (
    <SessionProvider value={{ session, accounts }}>
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
          <Link href="/" className="text-lg font-bold tracking-tight">
            Queue<span className="text-accent">scope</span>
          </Link>
          <NavLinks account={account.id} audit={session.user?.role === "admin"} />
          <div className="ml-auto flex items-center gap-3">
            <AccountSwitcher accounts={accounts} current={account.id} />
            <ThemeToggle />
            <UserMenu />
          </div>
        </div>
      </header>
      <HealthBanner account={account} />
      {account.readOnlyReason ? (
        <p role="status" className="border-b border-border bg-surface-2 px-4 py-2 text-sm">
          <span className="mx-auto block max-w-7xl"><strong>Read-only.</strong> {account.readOnlyReason} Controls that would change queues, messages or settings are hidden.</span>
        </p>
      ) : null}
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
      <JobToasts />
    </div>
    </SessionProvider>
  );
}
