"use client";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { apiUrls } from "@/lib/api/urls";
import type { AuditEntry } from "@/lib/validation/audit";
import { queryKeys } from "./query-keys";

export interface AuditPage {
  entries: AuditEntry[];
  /** Where the next (older) page starts; null on the last page. */
  nextCursor: string | null;
}

/** The audit log, newest first, 50 at a time; filters are sent to the server. */
export function useAudit(filters: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit(filters),
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ""));
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<AuditPage>(apiUrls.audit(params));
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
