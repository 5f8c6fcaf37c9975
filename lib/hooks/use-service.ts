"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import type { ServicePropertiesDto, ServicePropertiesUpdate, ServiceStatsDto } from "@/lib/validation/service";
import { queryKeys } from "./query-keys";

const base = (account: string) => `/api/accounts/${enc(account)}/service`;

export function useServiceProperties(account: string) {
  return useQuery({ queryKey: queryKeys.service.properties(account), queryFn: () => apiFetch<ServicePropertiesDto>(`${base(account)}/properties`), retry: false });
}

export function useSaveServiceProperties(account: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: ServicePropertiesUpdate) => apiFetch<ServicePropertiesDto>(`${base(account)}/properties`, { method: "PUT", json: update }),
    // The page then shows what the service reports, not what was sent.
    onSuccess: (saved) => client.setQueryData(queryKeys.service.properties(account), saved),
  });
}

export function useServiceStats(account: string) {
  return useQuery({ queryKey: queryKeys.service.stats(account), queryFn: () => apiFetch<ServiceStatsDto>(`${base(account)}/stats`), retry: false });
}
