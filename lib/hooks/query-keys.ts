// The one query-key factory: every React Query key in the app comes from here.
export const queryKeys = {
  health: () => ["health"] as const,
  palette: {
    queues: (account: string) => ["palette", account, "queues"] as const,
  },
  audit: (filters: Record<string, string>) => ["audit", filters] as const,
  tokens: () => ["tokens"] as const,
  alerts: {
    all: () => ["alerts"] as const,
    overview: () => ["alerts", "overview"] as const,
    rules: () => ["alerts", "rules"] as const,
  },
  jobs: {
    all: () => ["jobs"] as const,
    detail: (id: string) => ["jobs", id] as const,
  },
  service: {
    properties: (account: string) => ["accounts", account, "service", "properties"] as const,
    stats: (account: string) => ["accounts", account, "service", "stats"] as const,
  },
  /** Sampled figures: not under `queues`, so a message action's invalidation does not refetch them. */
  metrics: {
    overview: () => ["overview"] as const,
    snapshot: (account: string) => ["accounts", account, "snapshot"] as const,
    accountHistory: (account: string, range: string) => ["accounts", account, "history", range] as const,
    queueHistory: (account: string, queue: string, range: string) =>
      ["accounts", account, "history", range, queue] as const,
    sampling: (account: string) => ["accounts", account, "sampling"] as const,
  },
  queues: {
    all: (account: string) => ["accounts", account, "queues"] as const,
    listings: (account: string) => ["accounts", account, "queues", "listing"] as const,
    /** `mode` "unsampled": counts only what the latest round did not see; "live": every count. */
    listing: (account: string, prefix: string, mode: "live" | "unsampled" = "live") =>
      ["accounts", account, "queues", "listing", prefix, mode] as const,
    /** Names only (no counts): the Move dialog's targets, loaded when it opens. */
    names: (account: string) => ["accounts", account, "queues", "names"] as const,
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
