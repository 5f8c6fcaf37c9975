"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { apiUrls, pageUrls } from "@/lib/api/urls";
import { notify } from "@/lib/notify";
import type { ServicePropertiesDto, ServicePropertiesUpdate, ServiceStatsDto } from "@/lib/validation/service";
import { queryKeys } from "./query-keys";

const base = apiUrls.service;

export function useServiceProperties(account: string) {
  return useQuery({
    queryKey: queryKeys.service.properties(account),
    queryFn: () => apiFetch<ServicePropertiesDto>(`${base(account)}/properties`),
    retry: false,
  });
}

export function useSaveServiceProperties(account: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: ServicePropertiesUpdate) =>
      apiFetch<ServicePropertiesDto>(`${base(account)}/properties`, { method: "PUT", json: update }),
    // The page then shows what the service reports, not what was sent.
    onSuccess: (saved, update) => {
      const sections = Object.keys(update).filter((k) => k !== "version").length;
      notify.success(`Saved the queue service settings of ${account}`, {
        description: `${sections} ${sections === 1 ? "section" : "sections"} changed.`,
        href: pageUrls.settings(account),
        linkLabel: "Settings",
      });
      client.setQueryData(queryKeys.service.properties(account), saved);
    },
  });
}

export function useServiceStats(account: string) {
  return useQuery({
    queryKey: queryKeys.service.stats(account),
    queryFn: () => apiFetch<ServiceStatsDto>(`${base(account)}/stats`),
    retry: false,
  });
}
