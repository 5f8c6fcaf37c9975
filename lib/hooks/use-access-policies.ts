"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { apiUrls } from "@/lib/api/urls";
import { notify } from "@/lib/notify";
import type { AccessPolicy, SasRequest } from "@/lib/validation/queues";
import { queryKeys } from "./query-keys";

const base = apiUrls.queue;

export function useAccessPolicies(account: string, queue: string) {
  return useQuery({
    queryKey: queryKeys.queues.policies(account, queue),
    queryFn: () =>
      apiFetch<{ policies: AccessPolicy[] }>(`${base(account, queue)}/access-policies`).then((r) => r.policies),
    retry: false,
  });
}

export function useSaveAccessPolicies(account: string, queue: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (policies: AccessPolicy[]) =>
      apiFetch<{ policies: AccessPolicy[] }>(`${base(account, queue)}/access-policies`, {
        method: "PUT",
        json: { policies },
      }).then((r) => r.policies),
    onSuccess: (policies) => {
      notify.success(`Saved the access policies of ${queue}`, { description: `${policies.length} of 5 policies.` });
      client.setQueryData(queryKeys.queues.policies(account, queue), policies);
    },
  });
}

/** A SAS is a credential: generated on request, kept only in the mutation's result, never cached. */
export function useCreateSas(account: string, queue: string) {
  return useMutation({
    mutationFn: (request: SasRequest) =>
      apiFetch<{ url: string; expiresOn: string | null }>(`${base(account, queue)}/sas`, {
        method: "POST",
        json: request,
      }),
    onSuccess: () =>
      notify.success(`Generated a SAS URL for ${queue}`, { description: "Copy it now: it is not stored." }),
  });
}
