"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { AccountDto } from "@/lib/validation/accounts";
import type { SessionDto } from "@/lib/validation/auth";

interface SessionContextValue {
  session: SessionDto;
  accounts: AccountDto[];
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionContextValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionDto {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value.session;
}

/** What the signed-in user may do in an account (role and read-only mode together). */
export function useAccountAccess(accountId: string): AccountDto["can"] {
  const value = useContext(SessionContext);
  return value?.accounts.find((a) => a.id === accountId)?.can ?? { operate: false, admin: false };
}

/** Every account the signed-in user can see. */
export function useAccounts(): AccountDto[] {
  return useContext(SessionContext)?.accounts ?? [];
}
