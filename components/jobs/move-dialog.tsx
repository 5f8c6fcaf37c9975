"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, SelectField } from "@/components/ui/field";
import { useStartMove } from "@/lib/hooks/use-jobs";
import { usePeekMessages } from "@/lib/hooks/use-messages";
import { decodeMessage } from "@/lib/messages/decode";
import { applyTransform } from "@/lib/messages/transform";
import { moveRequestSchema, type Transform } from "@/lib/validation/jobs";
import { QueuePicker, useIsKnownQueue } from "./queue-picker";

type Edit = "none" | "replace" | "json-set";

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

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
  const [edit, setEdit] = useState<Edit>("none");
  const [find, setFind] = useState("");
  const [replace, setReplace] = useState("");
  const [path, setPath] = useState("");
  const [value, setValue] = useState("");
  // Loaded when the dialog opens, names only: while closed it must cost the queue page nothing.
  const known = useIsKnownQueue(account, to, open);
  const sample = usePeekMessages(account, source, open);
  const start = useStartMove(account, source);

  const transform: Transform | undefined =
    edit === "replace"
      ? { kind: "replace", find, replace }
      : edit === "json-set"
        ? { kind: "json-set", path, value: parseValue(value) as never }
        : undefined;
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
  const preview =
    transform && parsed.success
      ? (sample.data ?? []).slice(0, 3).map((m) => {
          try {
            return { before: decodeMessage(m.text).text, after: decodeMessage(applyTransform(m.text, transform)).text };
          } catch (err) {
            return { before: decodeMessage(m.text).text, after: `Left in ${source}: ${(err as Error).message}` };
          }
        })
      : [];

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
        <SelectField label="Edit each message" value={edit} onChange={(e) => setEdit(e.target.value as Edit)}>
          <option value="none">No, copy byte for byte</option>
          <option value="replace">Replace text</option>
          <option value="json-set">Set a JSON field</option>
        </SelectField>
        {edit === "replace" ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Find" value={find} onChange={(e) => setFind(e.target.value)} />
            <Field label="Replace with" value={replace} onChange={(e) => setReplace(e.target.value)} />
          </div>
        ) : edit === "json-set" ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label="Field path"
              placeholder="order.status"
              value={path}
              onChange={(e) => setPath(e.target.value)}
            />
            <Field label="New value (JSON or text)" value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
        ) : null}
        {preview.length ? (
          <div aria-label="Preview of the edit" className="space-y-1 rounded-md bg-surface-2 p-2 font-mono text-xs">
            {preview.map((p, i) => (
              <div key={i}>
                <div className="truncate text-muted">− {p.before}</div>
                <div className="truncate">+ {p.after}</div>
              </div>
            ))}
          </div>
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
