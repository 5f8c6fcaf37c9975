// The one query-key factory: every React Query key in the app comes from here.
export const queryKeys = {
  health: () => ["health"] as const,
  accounts: () => ["accounts"] as const,
  queues: {
    all: (account: string) => ["accounts", account, "queues"] as const,
    list: (account: string, params: { prefix?: string; counts: boolean }) =>
      ["accounts", account, "queues", "list", params] as const,
  },
};
