"use client";
import { useState } from "react";
import { useUnsavedChanges } from "@/lib/hooks/use-unsaved-changes";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useAccessPolicies, useSaveAccessPolicies } from "@/lib/hooks/use-access-policies";
import { fromLocalInput, hoursFromNow, toLocalInput } from "@/lib/util/dates";
import type { AccountDto } from "@/lib/validation/accounts";
import { accessPoliciesSchema, type AccessPolicy } from "@/lib/validation/queues";
import { PermissionCheckboxes } from "./permission-checkboxes";
import { formatDateTime } from "@/lib/format";

interface Draft {
  id: string;
  start: string;
  expiry: string;
  permissions: string;
}
const MAX = 5;

const toDraft = (p: AccessPolicy): Draft => ({
  id: p.id,
  start: toLocalInput(p.start),
  expiry: toLocalInput(p.expiry),
  permissions: p.permissions,
});
const toPolicy = (d: Draft) => ({
  id: d.id.trim(),
  start: fromLocalInput(d.start),
  expiry: fromLocalInput(d.expiry),
  permissions: d.permissions,
});

export function AccessPoliciesEditor({ account, queue }: { account: AccountDto; queue: string }) {
  const policies = useAccessPolicies(account.id, queue);
  const save = useSaveAccessPolicies(account.id, queue);
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const parsed = drafts ? accessPoliciesSchema.safeParse({ policies: drafts.map(toPolicy) }) : null;
  const errorAt = (i: number, field: string) =>
    parsed?.error?.issues.find(
      (x) => x.path[1] === i && (x.path[2] === field || (field === "id" && x.path.length === 2)),
    )?.message;
  useUnsavedChanges(drafts !== null);
  const setDraft = (i: number, patch: Partial<Draft>) =>
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
          <ul className="divide-y divide-border text-sm">
            {policies.data.map((p) => (
              <li key={p.id} className="flex flex-wrap gap-x-6 py-2">
                <span className="font-mono font-semibold">{p.id}</span>
                <span>
                  permissions: <span className="font-mono">{p.permissions || "none (set in the SAS)"}</span>
                </span>
                <span>start: {p.start ? formatDateTime(p.start) : "immediately"}</span>
                <span>expiry: {p.expiry ? formatDateTime(p.expiry) : "set in the SAS"}</span>
              </li>
            ))}
          </ul>
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
            <fieldset
              key={i}
              className="grid gap-3 rounded-md border border-border p-3 md:grid-cols-[1fr_1fr_1fr_auto]"
            >
              <legend className="px-1 text-sm font-medium">Policy {i + 1}</legend>
              <Field
                label="Id"
                value={d.id}
                onChange={(e) => setDraft(i, { id: e.target.value })}
                error={errorAt(i, "id")}
                className="font-mono"
              />
              <Field
                label="Start (local time)"
                type="datetime-local"
                value={d.start}
                onChange={(e) => setDraft(i, { start: e.target.value })}
                error={errorAt(i, "start")}
              />
              <Field
                label="Expiry (local time)"
                type="datetime-local"
                value={d.expiry}
                onChange={(e) => setDraft(i, { expiry: e.target.value })}
                error={errorAt(i, "expiry")}
              />
              <Button
                className="self-end"
                aria-label={`Remove policy ${d.id || i + 1}`}
                onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
              <div className="md:col-span-4">
                <PermissionCheckboxes
                  label={`Permissions of policy ${i + 1}`}
                  value={d.permissions}
                  onChange={(v) => setDraft(i, { permissions: v })}
                />
              </div>
            </fieldset>
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
