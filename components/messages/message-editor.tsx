"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { afterUpdate, useUpdateMessage } from "@/lib/hooks/use-messages";
import type { ReceivedMessageDto } from "@/lib/validation/messages";

/** Edits a received message's content and/or visibility with its current pop receipt. */
export function MessageEditor({
  account,
  queue,
  message,
  onSaved,
  onCancel,
}: {
  account: string;
  queue: string;
  message: ReceivedMessageDto;
  onSaved: (m: ReceivedMessageDto) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(message.decoded.format === "binary" ? message.text : message.decoded.text);
  const [encoding, setEncoding] = useState<"text" | "base64">(message.decoded.encoding);
  const [visibility, setVisibility] = useState("0");
  const update = useUpdateMessage(account, queue);
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        // The promise, not mutate's per-call onSuccess: that one is skipped when the observer is
        // replaced while the request runs, and the editor then stayed open over the saved text.
        update
          .mutateAsync({
            id: message.id,
            popReceipt: message.popReceipt,
            text,
            encoding,
            visibilityTimeout: Number(visibility),
          })
          .then((r) => onSaved(afterUpdate(message, r, text, encoding)))
          .catch(() => undefined);
      }}
    >
      <textarea
        aria-label="Message content"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={6}
        spellCheck={false}
        className={`${inputClass} border-border font-mono text-xs`}
      />
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex items-center gap-1.5">
          <input type="radio" checked={encoding === "text"} onChange={() => setEncoding("text")} /> Plain
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" checked={encoding === "base64"} onChange={() => setEncoding("base64")} /> Base64
        </label>
        <Field
          label="Visible again in (s)"
          type="number"
          min={0}
          value={visibility}
          onChange={(e) => setVisibility(e.target.value)}
          className="w-40"
        />
        <Button type="submit" variant="primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
      {update.error ? (
        <p role="alert" className="text-sm text-danger">
          {update.error.message}
        </p>
      ) : null}
    </form>
  );
}
