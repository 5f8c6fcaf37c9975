"use client";
import { useRouter } from "next/navigation";
import { confirmLeaving, navigateAway } from "@/lib/hooks/use-unsaved-changes";
import type { AccountDto } from "@/lib/validation/accounts";

export function AccountSwitcher({ accounts, current }: { accounts: AccountDto[]; current: string }) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-muted md:max-2xl:sr-only">Account</span>
      <select
        value={current}
        onChange={(e) => {
          if (confirmLeaving()) navigateAway(router, `/accounts/${encodeURIComponent(e.target.value)}/queues`);
        }}
        className="rounded-md border border-border bg-surface px-2 py-1.5 text-fg"
      >
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
            {a.readOnly ? " (read-only)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
