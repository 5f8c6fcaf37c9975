"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { AccountDto } from "@/lib/validation/accounts";
import { queryKeys } from "./query-keys";

export function useAccounts() {
  return useQuery({
    queryKey: queryKeys.accounts(),
    queryFn: () => apiFetch<{ accounts: AccountDto[] }>("/api/accounts"),
    staleTime: 5 * 60_000,
  });
}
