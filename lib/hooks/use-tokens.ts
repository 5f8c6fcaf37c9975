"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import type { CreatedToken, CreateTokenRequest, TokenDto } from "@/lib/validation/tokens";
import { queryKeys } from "./query-keys";

export function useTokens() {
  return useQuery({
    queryKey: queryKeys.tokens(),
    queryFn: () => apiFetch<{ tokens: TokenDto[] }>("/api/tokens").then((r) => r.tokens),
  });
}

/** The secret lives only in this mutation's result (shown once), never in the query cache. */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateTokenRequest) =>
      apiFetch<CreatedToken>("/api/tokens", { method: "POST", json: request }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<TokenDto>(`/api/tokens/${enc(id)}`, { method: "DELETE" }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}
