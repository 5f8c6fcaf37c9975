"use client";
import { useState } from "react";
import { useUnsavedChanges } from "@/lib/hooks/use-unsaved-changes";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import { useAccessPolicies, useSaveAccessPolicies } from "@/lib/hooks/use-access-policies";
import { fromLocalInput, hoursFromNow, toLocalInput } from "@/lib/util/dates";
import type { AccountDto } from "@/lib/validation/accounts";
import { accessPoliciesSchema, type AccessPolicy } from "@/lib/validation/queues";
import { PolicyFields, PolicyList, type PolicyDraft } from "./policy-fields";

const MAX = 5;

const toDraft = (p: AccessPolicy): PolicyDraft => ({
  id: p.id,
  start: toLocalInput(p.start),
  expiry: toLocalInput(p.expiry),
  permissions: p.permissions,
});
const toPolicy = (d: PolicyDraft) => ({
  id: d.id.trim(),
  start: fromLocalInput(d.start),
  expiry: fromLocalInput(d.expiry),
  permissions: d.permissions,
});

export function AccessPoliciesEditor({ account, queue }: { account: AccountDto; queue: string }) {
  const policies = useAccessPolicies(account.id, queue);
  const save = useSaveAccessPolicies(account.id, queue);
  const [drafts, setDrafts] = useState<PolicyDraft[] | null>(null);
  const parsed = drafts ? accessPoliciesSchema.safeParse({ policies: drafts.map(toPolicy) }) : null;
  const errorAt = (i: number, field: string) =>
    parsed?.error?.issues.find(
      (x) => x.path[1] === i && (x.path[2] === field || (field === "id" && x.path.length === 2)),
    )?.message;
  useUnsavedChanges(drafts !== null);
  const setDraft = (i: number, patch: Partial<PolicyDraft>) =>
    setDrafts((ds) => ds!.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  // An account SAS cannot read a queue's ACL: an explanation, not a failure.
  const needsKey = policies.error?.code === "storage_auth_failed" && !account.canSign;
  const editButton =
    !account.can.admin || drafts || needsKey ? null : (
      <Button
        onClick={() => {
          save.reset();
          setDrafts((policies.data ?? []).map(toDraft));
        }}
        disabled={!policies.data}
      >
        Edit policies
      </Button>
    );

  return (
    <Panel
      title={needsKey ? "Stored access policies" : `Stored access policies (${policies.data?.length ?? 0} of ${MAX})`}
      actions={editButton}
    >
      {needsKey ? (
        <p role="note" className="text-sm text-muted">
          Stored access policies are read and written with the account key, and this account is configured without one
          (SAS token or Entra ID). See them in the Azure portal instead.
        </p>
      ) : policies.error ? (
        <p role="alert" className="text-sm text-danger">
          {policies.error.message}
        </p>
      ) : null}
      {!drafts ? (
        policies.data?.length ? (
          <PolicyList policies={policies.data} />
        ) : policies.data ? (
          <p className="text-sm text-muted">
            No stored access policies. A policy lets you revoke every SAS signed against it by editing or removing the
            policy.
          </p>
        ) : null
      ) : (
        <form
          noValidate
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (parsed?.success) save.mutate(parsed.data.policies, { onSuccess: () => setDrafts(null) });
          }}
        >
          {drafts.map((d, i) => (
            <PolicyFields
              key={i}
              index={i}
              draft={d}
              errorAt={(field) => errorAt(i, field)}
              onChange={(patch) => setDraft(i, patch)}
              onRemove={() => setDrafts(drafts.filter((_, j) => j !== i))}
            />
          ))}
          {save.error ? (
            <p role="alert" className="text-sm text-danger">
              {save.error.message}
            </p>
          ) : null}
          <div className="flex flex-wrap justify-between gap-2">
            <Button
              disabled={drafts.length >= MAX}
              title={drafts.length >= MAX ? "The service allows at most 5 policies per queue" : undefined}
              onClick={() =>
                setDrafts([
                  ...drafts,
                  { id: "", start: "", expiry: toLocalInput(hoursFromNow(24 * 30)), permissions: "r" },
                ])
              }
            >
              + Add policy
            </Button>
            <div className="flex gap-2">
              <Button onClick={() => setDrafts(null)}>Cancel</Button>
              <Button type="submit" variant="primary" disabled={!parsed?.success || save.isPending}>
                {save.isPending ? "Saving…" : "Save policies"}
              </Button>
            </div>
          </div>
        </form>
      )}
    </Panel>
  );
}
