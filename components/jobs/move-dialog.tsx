"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useStartMove } from "@/lib/hooks/use-jobs";
import { usePeekMessages } from "@/lib/hooks/use-messages";
import { moveRequestSchema } from "@/lib/validation/jobs";
import { EditFields, EditPreview, NO_EDIT, transformOf } from "./move-edit";
import { QueuePicker, useIsKnownQueue } from "./queue-picker";

/** Move any queue's messages to another queue chosen explicitly, optionally editing each one. */
export function MoveDialog({
  account,
  source,
  open,
  onClose,
}: {
  account: string;
  source: string;
  open: boolean;
  onClose: () => void;
}) {
  const [to, setTo] = useState("");
  const [max, setMax] = useState("");
  const [rate, setRate] = useState("");
  const [edit, setEdit] = useState(NO_EDIT);
  // Loaded when the dialog opens, names only: while closed it must cost the queue page nothing.
  const known = useIsKnownQueue(account, to, open);
  const sample = usePeekMessages(account, source, open);
  const start = useStartMove(account, source);

  const transform = transformOf(edit);
  const body = {
    to,
    ...(max ? { max: Number(max) } : {}),
    ...(rate ? { ratePerSecond: Number(rate) } : {}),
    ...(transform ? { transform } : {}),
  };
  const parsed = moveRequestSchema.safeParse(body);
  const problem = !to
    ? "Choose the target queue."
    : to === source
      ? "The target must be another queue."
      : parsed.error?.issues[0]?.message;

  return (
    <Dialog open={open} onClose={onClose} title={`Move messages from “${source}”`}>
      <form
        noValidate
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.success) start.mutate(parsed.data, { onSuccess: onClose });
        }}
      >
        <QueuePicker account={account} exclude={source} value={to} onChange={setTo} label="Target queue" />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="At most (empty: all)"
            type="number"
            min={1}
            value={max}
            onChange={(e) => setMax(e.target.value)}
          />
          <Field
            label="Rate limit, messages/s (empty: none)"
            type="number"
            min={0.1}
            step="any"
            value={rate}
            onChange={(e) => setRate(e.target.value)}
          />
        </div>
        <EditFields value={edit} onChange={(patch) => setEdit((d) => ({ ...d, ...patch }))} />
        {transform && parsed.success ? (
          <EditPreview sample={sample.data ?? []} transform={transform} source={source} />
        ) : null}
        <p className="text-xs text-muted">
          Each message is deleted from {source} only after {to || "the target"} accepted its copy, so a failure or a
          cancel never loses one.
        </p>
        {problem && to ? (
          <p role="alert" className="text-danger">
            {problem}
          </p>
        ) : null}
        {start.error ? (
          <p role="alert" className="text-danger">
            {start.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            disabled={!parsed.success || !known || to === source || start.isPending}
          >
            {to ? `Move to ${to}` : "Move"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
