"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useCreateToken } from "@/lib/hooks/use-tokens";
import type { Role } from "@/lib/validation/auth";
import { createTokenSchema } from "@/lib/validation/tokens";
import { z } from "@/lib/validation/zod";
import { formatDate } from "@/lib/format";

const ROLES: Role[] = ["viewer", "operator", "admin"];

/** Name, role (up to the user's own) and lifetime; the new token is shown once, with a copy button. */
export function CreateTokenForm({ myRole }: { myRole: Role }) {
  const create = useCreateToken();
  const allowed = ROLES.slice(0, ROLES.indexOf(myRole) + 1);
  const [form, setForm] = useState({ name: "", role: "viewer" as Role, expiresInDays: "30" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [copied, setCopied] = useState(false);

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = createTokenSchema.safeParse({ ...form, expiresInDays: Number(form.expiresInDays) });
    if (!parsed.success)
      return setErrors(
        Object.fromEntries(Object.entries(z.flattenError(parsed.error).fieldErrors).map(([k, v]) => [k, v?.[0] ?? ""])),
      );
    setErrors({});
    setCopied(false);
    create.mutate(parsed.data, { onSuccess: () => setForm((f) => ({ ...f, name: "" })) });
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[1fr_10rem_8rem_auto] sm:items-start" noValidate>
        <Field
          label="Name"
          placeholder="nightly-redrive"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={errors.name}
          hint="What will use it."
        />
        <div>
          <label htmlFor="token-role" className="mb-1 block text-sm font-medium">
            Role
          </label>
          <select
            id="token-role"
            className={`${inputClass} border-border`}
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          >
            {allowed.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <p className="mt-1 text-xs text-muted">At most yours ({myRole}).</p>
        </div>
        <Field
          label="Expires in (days)"
          type="number"
          min={1}
          max={365}
          inputMode="numeric"
          value={form.expiresInDays}
          onChange={(e) => setForm({ ...form, expiresInDays: e.target.value })}
          error={errors.expiresInDays}
          hint="1 to 365."
        />
        <Button type="submit" variant="primary" disabled={create.isPending} className="sm:mt-6">
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {create.isError ? (
        <p role="alert" className="text-sm text-danger">
          {create.error.message}
        </p>
      ) : null}
      {create.data ? (
        <div role="status" className="space-y-2 rounded-md border border-ok bg-surface-2 p-3 text-sm">
          <p className="font-medium">Token “{create.data.info.name}” created. Copy it now: it is not shown again.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              aria-label="The new token"
              className="min-w-0 flex-1 break-all rounded bg-surface px-2 py-1 font-mono text-xs"
            >
              {create.data.token}
            </code>
            <Button onClick={() => void navigator.clipboard.writeText(create.data.token).then(() => setCopied(true))}>
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          <p className="text-xs text-muted">
            Send it as <code>Authorization: Bearer …</code>. It expires {formatDate(create.data.info.expiresAt)}.
          </p>
        </div>
      ) : null}
    </div>
  );
}
