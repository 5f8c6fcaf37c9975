"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import type { AlertRuleDto, AlertRuleInput, AlertsOverviewDto, WebhookTestResult } from "@/lib/validation/alerts";
import { queryKeys } from "./query-keys";

/** Firing alerts, recent transitions and webhook problems; refreshed every 15 s (rounds come every minute). */
export function useAlerts() {
  return useQuery({
    queryKey: queryKeys.alerts.overview(),
    queryFn: () => apiFetch<AlertsOverviewDto>("/api/alerts"),
    refetchInterval: 15_000,
  });
}

/** The rules (admins only: they carry webhook URLs). */
export function useAlertRules(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.alerts.rules(),
    queryFn: () => apiFetch<{ rules: AlertRuleDto[] }>("/api/alerts/rules").then((r) => r.rules),
    enabled,
  });
}

/** Creates a rule, or replaces the one with `id`. */
export function useSaveAlertRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, rule }: { id?: string; rule: AlertRuleInput }) =>
      apiFetch<AlertRuleDto>(id ? `/api/alerts/rules/${enc(id)}` : "/api/alerts/rules", {
        method: id ? "PUT" : "POST",
        json: rule,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.alerts.all() }),
  });
}

export function useDeleteAlertRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/alerts/rules/${enc(id)}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.alerts.all() }),
  });
}

export function useTestAlertWebhook() {
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<WebhookTestResult & { configured: boolean }>(`/api/alerts/rules/${enc(id)}/test`, { method: "POST" }),
  });
}
