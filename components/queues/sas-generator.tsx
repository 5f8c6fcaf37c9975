"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useAccessPolicies, useCreateSas } from "@/lib/hooks/use-access-policies";
import { fromLocalInput, hoursFromNow, toLocalInput } from "@/lib/util/dates";
import type { AccountDto } from "@/lib/validation/accounts";
import { PermissionCheckboxes } from "./permission-checkboxes";

export function SasGenerator({ account, queue }: { account: AccountDto; queue: string }) {
  const [permissions, setPermissions] = useState("r");
  const [expiry, setExpiry] = useState(() => toLocalInput(hoursFromNow(1)));
  const [policyId, setPolicyId] = useState("");
  const [copied, setCopied] = useState(false);
  const policies = useAccessPolicies(account.id, queue);
  const sas = useCreateSas(account.id, queue);

  if (!account.can.admin && !account.readOnly) return null;
  if (!account.canSign || account.readOnly) {
    return (
      <Panel title="Shared access signature">
        <p className="text-sm text-muted">
          {account.readOnly
            ? "This account is read-only in Queuescope, so it does not hand out SAS URLs."
            : "Queuescope signs SAS URLs with the account key, and this account is configured without one (SAS token or Entra ID). Generate the SAS in the Azure portal instead."}
        </p>
      </Panel>
    );
  }

  return (
    <Panel title="Shared access signature">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setCopied(false);
          sas.mutate(policyId ? { policyId } : { permissions, expiresOn: fromLocalInput(expiry) });
        }}
      >
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Stored access policy</span>
          <select
            value={policyId}
            onChange={(e) => setPolicyId(e.target.value)}
            className={`${inputClass} border-border`}
          >
            <option value="">None: choose permissions and expiry here</option>
            {(policies.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>
        {policyId ? null : (
          <>
            <PermissionCheckboxes label="Permissions" value={permissions} onChange={setPermissions} />
            <Field
              label="Expires (local time)"
              type="datetime-local"
              value={expiry}
              onChange={(e) => setExpiry(e.target.value)}
            />
          </>
        )}
        {sas.error ? (
          <p role="alert" className="text-sm text-danger">
            {sas.error.message}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={sas.isPending || (!policyId && !permissions)}>
          {sas.isPending ? "Signing…" : "Generate SAS URL"}
        </Button>
      </form>
      {sas.data ? (
        <div className="mt-4 space-y-2">
          <label className="block text-sm font-medium" htmlFor="sas-url">
            SAS URL (shown once: copy it now)
          </label>
          <textarea
            id="sas-url"
            readOnly
            value={sas.data.url}
            rows={3}
            className={`${inputClass} border-border font-mono text-xs`}
            onFocus={(e) => e.target.select()}
          />
          <div className="flex gap-2">
            <Button onClick={() => void navigator.clipboard.writeText(sas.data.url).then(() => setCopied(true))}>
              {copied ? "Copied" : "Copy"}
            </Button>
            <Button onClick={() => sas.reset()}>Hide</Button>
          </div>
        </div>
      ) : null}
    </Panel>
  );
}
