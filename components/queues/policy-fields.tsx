"use client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { formatDateTime } from "@/lib/format";
import type { AccessPolicy } from "@/lib/validation/queues";
import { PermissionCheckboxes } from "./permission-checkboxes";

/** A stored access policy as the form edits it: local date-time inputs, permissions as letters. */
export interface PolicyDraft {
  id: string;
  start: string;
  expiry: string;
  permissions: string;
}

interface Props {
  index: number;
  draft: PolicyDraft;
  errorAt: (field: string) => string | undefined;
  onChange: (patch: Partial<PolicyDraft>) => void;
  onRemove: () => void;
}

/** One policy of the editor: id, start, expiry and permissions, each error next to its field. */
export function PolicyFields({ index, draft: d, errorAt, onChange, onRemove }: Props) {
  return (
    <fieldset className="grid gap-3 rounded-md border border-border p-3 md:grid-cols-[1fr_1fr_1fr_auto]">
      <legend className="px-1 text-sm font-medium">Policy {index + 1}</legend>
      <Field
        label="Id"
        value={d.id}
        onChange={(e) => onChange({ id: e.target.value })}
        error={errorAt("id")}
        className="font-mono"
      />
      <Field
        label="Start (local time)"
        type="datetime-local"
        value={d.start}
        onChange={(e) => onChange({ start: e.target.value })}
        error={errorAt("start")}
      />
      <Field
        label="Expiry (local time)"
        type="datetime-local"
        value={d.expiry}
        onChange={(e) => onChange({ expiry: e.target.value })}
        error={errorAt("expiry")}
      />
      <Button className="self-end" aria-label={`Remove policy ${d.id || index + 1}`} onClick={onRemove}>
        Remove
      </Button>
      <div className="md:col-span-4">
        <PermissionCheckboxes
          label={`Permissions of policy ${index + 1}`}
          value={d.permissions}
          onChange={(permissions) => onChange({ permissions })}
        />
      </div>
    </fieldset>
  );
}

/** The saved policies, read-only. */
export function PolicyList({ policies }: { policies: AccessPolicy[] }) {
  return (
    <ul className="divide-y divide-border text-sm">
      {policies.map((p) => (
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
  );
}
