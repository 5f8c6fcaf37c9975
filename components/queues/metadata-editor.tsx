"use client";
import { useState } from "react";
import { useUnsavedChanges } from "@/lib/hooks/use-unsaved-changes";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import { useUpdateMetadata } from "@/lib/hooks/use-queues";
import { checkRows, toRows, type MetadataRow } from "@/lib/queues/metadata-rows";
import type { AccountDto } from "@/lib/validation/accounts";
import type { QueueDetail } from "@/lib/validation/queues";
import { MetadataFields } from "./metadata-fields";

export function MetadataEditor({ account, detail }: { account: AccountDto; detail: QueueDetail }) {
  const [rows, setRows] = useState<MetadataRow[] | null>(null);
  const update = useUpdateMetadata(account.id, detail.name);
  const entries = Object.entries(detail.metadata);
  const check = rows ? checkRows(rows) : null;
  useUnsavedChanges(rows !== null);

  const edit = !account.can.admin ? null : (
    <Button
      onClick={() => {
        update.reset();
        setRows(entries.length ? toRows(detail.metadata) : [{ name: "", value: "" }]);
      }}
    >
      Edit metadata
    </Button>
  );

  return (
    <Panel title="Metadata" actions={rows ? null : edit}>
      {rows && check ? (
        <form
          noValidate
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (check.metadata) update.mutate(check.metadata, { onSuccess: () => setRows(null) });
          }}
        >
          <MetadataFields rows={rows} onChange={setRows} rowErrors={check.rowErrors} />
          {check.formError ? (
            <p role="alert" className="text-sm text-danger">
              {check.formError}
            </p>
          ) : null}
          {update.error ? (
            <p role="alert" className="text-sm text-danger">
              {update.error.message}
            </p>
          ) : null}
          <p className="text-xs text-muted">
            Names are C# identifiers and case-insensitive; saving replaces all metadata.
          </p>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setRows(null)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={!check.metadata || update.isPending}>
              {update.isPending ? "Saving…" : "Save metadata"}
            </Button>
          </div>
        </form>
      ) : entries.length === 0 ? (
        <p className="text-sm text-muted">No metadata on this queue.</p>
      ) : (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {entries.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-mono text-muted">{k}</dt>
              <dd className="break-all font-mono">{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </Panel>
  );
}
