import Link from "next/link";
import type { ReactNode } from "react";
import { JobToasts } from "@/components/jobs/job-toasts";
import { SessionProvider } from "@/components/session/session-context";
import type { AccountDto } from "@/lib/validation/accounts";
import type { SessionDto } from "@/lib/validation/auth";
import { AccountSwitcher } from "./account-switcher";
import { CommandsProvider } from "./commands";
import { HeaderMenu, SkipLinks } from "./header-menu";
import { PaletteButton, Shortcuts } from "./shortcuts";
import { HealthBanner } from "./health-banner";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** Header, navigation, health banner, job toasts and the command palette around every page. */
export function AppShell({
  account,
  accounts,
  session,
  children,
}: {
  account: AccountDto;
  accounts: AccountDto[];
  session: SessionDto;
  children: ReactNode;
}) {
  const admin = session.user?.role === "admin";
  return (
    <SessionProvider value={{ session, accounts }}>
      <CommandsProvider>
        <div className="flex min-h-screen flex-col">
          <SkipLinks />
          <header className="border-b border-border bg-surface">
            <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
              <Link href="/" className="text-lg font-bold tracking-tight">
                Queue<span className="text-accent">scope</span>
              </Link>
              <PaletteButton />
              <HeaderMenu>
                <NavLinks account={account.id} audit={admin} />
                <div className="flex flex-wrap items-center gap-3 md:ml-auto md:justify-end">
                  <AccountSwitcher accounts={accounts} current={account.id} />
                  <ThemeToggle />
                  <UserMenu />
                </div>
              </HeaderMenu>
            </div>
          </header>
          <HealthBanner account={account} />
          {account.readOnlyReason ? (
            <p role="status" className="border-b border-border bg-surface-2 px-4 py-2 text-sm">
              <span className="mx-auto block max-w-7xl">
                <strong>Read-only.</strong> {account.readOnlyReason} Controls that would change queues, messages or
                settings are hidden.
              </span>
            </p>
          ) : null}
          <main id="main" tabIndex={-1} className="mx-auto w-full min-w-0 max-w-7xl flex-1 px-4 py-6 outline-none">
            {children}
          </main>
          <JobToasts />
          <Shortcuts accounts={accounts} admin={admin} />
        </div>
      </CommandsProvider>
    </SessionProvider>
  );
}
