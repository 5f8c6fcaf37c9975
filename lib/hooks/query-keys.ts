// The one query-key factory: every React Query key in the app comes from here.
export const queryKeys = {
  health: () => ["health"] as const,
  palette: {
    queues: (account: string) => ["palette", account, "queues"] as const,
  },
  audit: (filters: Record<string, string>) => ["audit", filters] as const,
  jobs: {
    all: () => ["jobs"] as const,
    detail: (id: string) => ["jobs", id] as const,
  },
  service: {
    properties: (account: string) => ["accounts", account, "service", "properties"] as const,
    stats: (account: string) => ["accounts", account, "service", "stats"] as const,
  },
  queues: {
    all: (account: string) => ["accounts", account, "queues"] as const,
    listings: (account: string) => ["accounts", account, "queues", "listing"] as const,
    listing: (account: string, prefix: string) => ["accounts", account, "queues", "listing", prefix] as const,
    detail: (account: string, queue: string) => ["accounts", account, "queues", "detail", queue] as const,
    policies: (account: string, queue: string) => ["accounts", account, "queues", "detail", queue, "policies"] as const,
    messages: (account: string, queue: string) => ["accounts", account, "queues", "detail", queue, "messages"] as const,
  },
};

declare module "@tanstack/react-query" {
  interface Register {
    // Every query and mutation goes through apiFetch/apiStream, which only throw ApiError.
    defaultError: import("@/lib/api/client").ApiError;
  }
}
