"use client";
import { Button } from "@/components/ui/button";
import type { AccountDto } from "@/lib/validation/accounts";

interface Props {
  account: AccountDto;
  changes: number;
  canDiscard: boolean;
  canReview: boolean;
  onDiscard: () => void;
  onReview: () => void;
}

/** The page title, what the user may do here, and the form's two ways out. */
export function SettingsHeader({ account, changes, canDiscard, canReview, onDiscard, onReview }: Props) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">Queue service settings</h1>
        <p className="text-sm text-muted">
          {!account.can.admin
            ? (account.readOnlyReason ?? "Changing settings needs the admin role: they are shown, not editable.")
            : "CORS, logging and metrics of the queue service for this account."}
        </p>
      </div>
      {!account.can.admin ? null : (
        <div className="flex gap-2">
          <Button onClick={onDiscard} disabled={!canDiscard}>
            Discard changes
          </Button>
          <Button variant="primary" disabled={!canReview} onClick={onReview}>
            Review and save{changes ? ` (${changes})` : ""}
          </Button>
        </div>
      )}
    </div>
  );
}
