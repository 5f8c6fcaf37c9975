"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useAccounts } from "@/components/session/session-context";
import { afterUpdate, useUpdateMessage } from "@/lib/hooks/use-messages";
import type { ReceivedMessageDto } from "@/lib/validation/messages";

/**
 * Edits a received message's content and/or visibility with its current pop receipt. The content
 * is sent only when it changed, so a visibility change never rewrites the message. A binary
 * message is shown as its stored base64 text and saved as typed ("Plain": stored as is), never
 * encoded a second time. Where the account masks messages for this user, only the visibility can
 * be changed: the text shown holds the mask, not the values it hides.
 */
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
  const binary = message.decoded.format === "binary";
  const initial = {
    text: binary ? message.text : message.decoded.text,
    encoding: binary ? "text" : message.decoded.encoding,
  };
  const [text, setText] = useState(initial.text);
  const [encoding, setEncoding] = useState<"text" | "base64">(initial.encoding);
  const [visibility, setVisibility] = useState("0");
  const update = useUpdateMessage(account, queue);
  const noteId = useId();
  const masked = useAccounts().find((a) => a.id === account)?.masks?.appliesToYou === true;
  const changed = text !== initial.text || encoding !== initial.encoding;
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        // The promise, not mutate's per-call onSuccess: that one is skipped when the observer is
        // replaced while the request runs, and the editor then stayed open over the saved text.
        const content: { text?: string; encoding?: "text" | "base64" } = changed && !masked ? { text, encoding } : {};
        update
          .mutateAsync({
            id: message.id,
            popReceipt: message.popReceipt,
            ...content,
            visibilityTimeout: Number(visibility),
          })
          .then((r) => onSaved(afterUpdate(message, r, content.text, content.encoding)))
          .catch(() => undefined);
      }}
    >
      {masked ? (
        <p role="note" id={noteId} className="text-xs text-muted">
          Messages in this account are masked for you, so only the visibility can be changed here: saving the text you
          see would write the mask over the real values.
        </p>
      ) : binary ? (
        <p role="note" id={noteId} className="text-xs text-muted">
          Binary content, shown as its stored Base64 text. Saved as typed.
        </p>
      ) : null}
      <textarea
        aria-label="Message content"
        aria-describedby={masked || binary ? noteId : undefined}
        value={text}
        onChange={(e) => setText(e.target.value)}
        readOnly={masked}
        rows={6}
        spellCheck={false}
        className={`${inputClass} border-border font-mono text-xs`}
      />
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <fieldset className="contents" disabled={masked}>
          <legend className="sr-only">Store the content</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={encoding === "text"} onChange={() => setEncoding("text")} /> Plain
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={encoding === "base64"} onChange={() => setEncoding("base64")} /> Base64
          </label>
        </fieldset>
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
