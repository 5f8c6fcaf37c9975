"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useCreateQueue } from "@/lib/hooks/use-queues";
import { checkRows, type MetadataRow } from "@/lib/queues/metadata-rows";
import { queueNameSchema } from "@/lib/validation/common";
import { MetadataFields } from "./metadata-fields";

export function CreateQueueDialog({ account, open, onClose }: { account: string; open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const [rows, setRows] = useState<MetadataRow[]>([]);
  const create = useCreateQueue(account);
  const nameCheck = queueNameSchema.safeParse(name);
  const nameError = touched && !nameCheck.success ? nameCheck.error.issues[0]?.message : undefined;
  const { metadata, rowErrors, formError } = checkRows(rows);

  const close = () => {
    setName("");
    setTouched(false);
    setRows([]);
    create.reset();
    onClose();
  };

  return (
    <Dialog open={open} onClose={close} title="Create queue">
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!nameCheck.success || !metadata) return;
          create.mutate(
            { name, metadata },
            {
              onSuccess: (q) => {
                close();
                router.push(`/accounts/${encodeURIComponent(account)}/queues/${encodeURIComponent(q.name)}`);
              },
            },
          );
        }}
      >
        <Field
          label="Queue name"
          value={name}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched(true)}
          error={nameError}
          hint="3–63 lowercase letters, digits and single hyphens; starts and ends with a letter or digit."
        />
        <MetadataFields rows={rows} onChange={setRows} rowErrors={rowErrors} />
        {formError ? (
          <p role="alert" className="text-sm text-danger">
            {formError}
          </p>
        ) : null}
        {create.error ? (
          <p role="alert" className="rounded-md bg-danger-bg p-2 text-sm text-danger">
            {create.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create queue"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
