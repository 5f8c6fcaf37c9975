"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { apiUrls } from "@/lib/api/urls";
import type { HealthReport } from "@/lib/validation/accounts";
import { queryKeys } from "./query-keys";

export const HEALTH_INTERVAL_MS = 10_000;

export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health(),
    queryFn: () => apiFetch<HealthReport>(apiUrls.health()),
    refetchInterval: HEALTH_INTERVAL_MS,
    retry: false,
  });
}
