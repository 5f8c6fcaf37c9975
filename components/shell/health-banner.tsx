"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useHealth, HEALTH_INTERVAL_MS } from "@/lib/hooks/use-health";
import { queryKeys } from "@/lib/hooks/query-keys";
import type { AccountDto } from "@/lib/validation/accounts";

/** Says plainly when the current account does not answer, and what to do about it. */
export function HealthBanner({ account }: { account: AccountDto }) {
  const health = useHealth();
  const queryClient = useQueryClient();
  const mine = health.data?.accounts.find((a) => a.id === account.id);
  if (!mine || mine.reachable) return null;

  const authFailed = mine.error?.code === "storage_auth_failed";
  const title = authFailed
    ? `Storage account “${account.name}” rejected Queuescope's credentials`
    : `Storage account “${account.name}” is unreachable`;
  const hint = authFailed
    ? "Check the account key, SAS token or Entra ID role in Queuescope's configuration."
    : account.kind === "emulator"
      ? "The embedded Azurite emulator is not answering. Restart Queuescope with npm start."
      : `Check that ${account.queueEndpoint} is reachable from this server.`;

  return (
    <div role="alert" className="border-b border-danger bg-danger-bg px-4 py-3 text-sm text-fg">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2">
        <p className="flex-1">
          <strong className="text-danger">{title}.</strong> {hint}{" "}
          <span className="whitespace-nowrap text-muted">Checking again every {HEALTH_INTERVAL_MS / 1000}&nbsp;s.</span>
        </p>
        <button
          type="button"
          onClick={() => {
            void queryClient.invalidateQueries({ queryKey: queryKeys.health() });
            void queryClient.invalidateQueries({ queryKey: queryKeys.queues.all(account.id) });
          }}
          className="rounded-md border border-danger px-3 py-1 font-medium text-danger hover:bg-surface"
        >
          Check now
        </button>
      </div>
    </div>
  );
}
